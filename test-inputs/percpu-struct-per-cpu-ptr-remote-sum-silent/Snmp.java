package snmp;

import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

import dev.ctxcheck.percpu.Cpu;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Workqueue;

/**
 * Softirq-only statistics (the receive path counts in NET_RX), summed and reset over every CPU from
 * process context with per_cpu_ptr(p, cpu), as /proc/net/snmp does: the remote objects are another
 * CPU's data, not this CPU's per-CPU update, so neither check reports them.
 */
final class Snmp {
  static final class Mib {
    long in_receives;
  }

  static final PerCpuPtr<Mib> mib = alloc_percpu(Mib::new);

  static void snmp_init() {
    Softirq.napi_schedule(Snmp::ip_rcv);
    Workqueue.queue_work(Snmp::snmp_seq_show);
  }

  static int ip_rcv(int budget) {
    this_cpu_ptr(mib).in_receives++;
    return 1;
  }

  static void snmp_seq_show() {
    long sum = 0;
    for (int cpu = 0; cpu < Cpu.NR_CPUS; cpu++) {
      Mib m = per_cpu_ptr(mib, cpu);
      sum += m.in_receives;
    }
    if (sum > 1_000_000) {
      for (int cpu = 0; cpu < Cpu.NR_CPUS; cpu++) {
        per_cpu_ptr(mib, cpu).in_receives = 0;
      }
    }
  }
}

package multi_ctx;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.HardirqContext;
import dev.ctxcheck.annotations.NmiContext;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.SoftirqContext;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * Several context annotations on one method: it is entered in each. netif_rx() "may be called
 * from any context" (drivers call it from their interrupt handler and from NAPI poll); the
 * backlog's enqueue count is bumped there non-atomically. dev_xmit_recursion counts with only
 * preemption disabled and is entered from process and softirq. An NMI-and-hardirq entry point
 * updates data no one else writes: NMI interrupts the hardirq, and the site is reported.
 */
final class Backlog {
  static final PerCpuLong sd_received = new PerCpuLong();
  static final PerCpuLong xmit_recursion = new PerCpuLong();
  static final PerCpuLong mce_count = new PerCpuLong();

  @SoftirqContext
  @HardirqContext
  static int netif_rx(int len) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(sd_received) can lose updates: reached in SOFTIRQ (netif_rx) and in HARDIRQ (netif_rx), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(sd_received);
    return len;
  }

  @ProcessContext
  @SoftirqContext
  static void dev_queue_xmit(int len) {
    preempt_disable();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(xmit_recursion) can lose updates: reached in PROCESS with preemption disabled (dev_queue_xmit [preempt_disable]) and in SOFTIRQ (dev_queue_xmit [preempt_disable]), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(xmit_recursion);
    preempt_enable();
  }

  /** arch/x86 machine check: raised as an exception that may be an NMI or from the CMCI irq. */
  @HardirqContext
  @NmiContext
  static void do_machine_check() {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(mce_count) can lose updates: reached in HARDIRQ (do_machine_check) and in NMI (do_machine_check), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(mce_count);
  }
}

package creator_ctx;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * net/core/dev.c and gro.c: iterators take a callback (list_for_each with a body, for_each_cpu
 * with a function). A lambda or method reference that is not handed to a registration function
 * runs where it is created: in the softirq, in process context with BH disabled, in process
 * context without, or, for a lambda inside a registered lambda, in the registered one's context.
 */
final class Gro {
  static final int IPI_IRQ = 251;
  static final PerCpuLong gro_flushed = new PerCpuLong();
  /** softnet_data.received_rps */
  static final PerCpuLong received_rps = new PerCpuLong();

  static final class SkBuff {}

  static final class Napi {
    final List<SkBuff> gro_list = new ArrayList<>();
  }

  static final Napi gro_cell = new Napi();
  static final List<Napi> backlogs = new ArrayList<>();

  static void net_dev_init() {
    Softirq.napi_schedule(Gro::gro_cell_poll);
    Irq.request_irq(IPI_IRQ, Gro::rps_trigger_softirq);
  }

  static int gro_cell_poll(int budget) {
    napi_gro_flush(gro_cell);
    return 0;
  }

  /** In the NET_RX softirq. */
  static void napi_gro_flush(Napi napi) {
    napi.gro_list.forEach(skb -> __this_cpu_inc(gro_flushed));
    napi.gro_list.clear();
  }

  /** flush_backlog(): a work item that disables BH around the walk, as the softirq users need. */
  @ProcessContext
  static void flush_backlog(Napi napi) {
    local_bh_disable();
    napi.gro_list.forEach(skb -> __this_cpu_inc(gro_flushed));
    napi.gro_list.clear();
    local_bh_enable();
  }

  /** dev_close(): a new process-context caller that forgot to (the bug shape of cases 8-16). */
  @ProcessContext
  static void dev_close(Napi napi) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(gro_flushed) can lose updates: reached in PROCESS (dev_close -> lambda@Gro.java:67) and updated in SOFTIRQ by __this_cpu_inc(gro_flushed) at Gro.java:49 (gro_cell_poll -> napi_gro_flush -> lambda@Gro.java:49), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(gro_flushed) runs in preemptible PROCESS context (dev_close -> lambda@Gro.java:67), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    napi.gro_list.forEach(skb -> __this_cpu_inc(gro_flushed));
    napi.gro_list.clear();
  }

  /** net_rps_action, deferred to a tasklet: the inner lambda runs in the tasklet, in softirq. */
  static void net_rps_setup() {
    Softirq.tasklet_schedule(() -> {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(received_rps) can lose updates: reached in SOFTIRQ (lambda@Gro.java:73 -> lambda@Gro.java:75) and updated in HARDIRQ by __this_cpu_inc(received_rps) at Gro.java:92 (rps_trigger_softirq -> rps_ipi_queued), which can interrupt it; use this_cpu_inc
      for_each_backlog(sd -> __this_cpu_inc(received_rps));
    });
  }

  static void for_each_backlog(Consumer<Napi> fn) {
    for (Napi sd : backlogs) {
      fn.accept(sd);
    }
  }

  /** The RPS IPI: a hardirq. The method reference handed to forEach runs in it. */
  static int rps_trigger_softirq(int irq) {
    backlogs.forEach(Gro::rps_ipi_queued);
    return Irq.IRQ_HANDLED;
  }

  static void rps_ipi_queued(Napi sd) {
    __this_cpu_inc(received_rps);
  }
}

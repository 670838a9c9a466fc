package imbalance;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.Irq.local_irq_disable;
import static dev.ctxcheck.percpu.Irq.local_irq_enable;
import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.Unmasks;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * net/core/dev.c-style backlog handling. Masks must be taken and released in the same method
 * (like sparse's context imbalance): a method that returns with BH still disabled on an error
 * path, or that enables interrupts its caller disabled, is reported at its declaration. Helpers
 * that do this on purpose say so (net_rps_action_and_irq_enable is @Unmasks, as its name warns).
 * A site after the stray local_irq_enable runs with interrupts enabled, whatever the caller did.
 */
final class NetBacklog {
  static final int EINVAL = 22;
  static final PerCpuLong sd_processed = new PerCpuLong();
  static final PerCpuLong sd_time_squeeze = new PerCpuLong();

  static void backlog_init() {
    Irq.request_irq(11, NetBacklog::ne2k_interrupt);
  }

  static int ne2k_interrupt(int irq) {
    __this_cpu_inc(sd_processed);
    return Irq.IRQ_HANDLED;
  }

  // BUG: Diagnostic contains: [ContextMaskImbalance] nf_ct_frag_queue returns with softirqs still masked on some paths (taken by local_bh_disable at line 43); take and release masks in the same method, or declare it @Masks/@Unmasks
  static int nf_ct_frag_queue(Object skb) {
    local_bh_disable();
    if (skb == null) {
      return -EINVAL; // the error path forgets local_bh_enable()
    }
    __this_cpu_inc(sd_time_squeeze);
    local_bh_enable();
    return 0;
  }

  /** flush_backlog() work item: interrupts saved around the drain, restored after. */
  @ProcessContext
  static void flush_backlog_work() {
    IrqFlags flags = local_irq_save();
    drain_backlog();
    local_irq_restore(flags);
    nf_ct_frag_queue(null);
  }

  // BUG: Diagnostic contains: [ContextMaskImbalance] drain_backlog releases hardirqs it did not mask (local_irq_enable at line 64); take and release masks in the same method, or declare it @Masks/@Unmasks
  static void drain_backlog() {
    __this_cpu_inc(sd_processed); // still under the caller's local_irq_save: fine
    local_irq_enable(); // wrong: the caller disabled them
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(sd_processed) can lose updates: reached in PROCESS (flush_backlog_work [local_irq_save] -> drain_backlog) and updated in HARDIRQ by __this_cpu_inc(sd_processed) at NetBacklog.java:37 (ne2k_interrupt), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(sd_processed) runs in preemptible PROCESS context (flush_backlog_work [local_irq_save] -> drain_backlog), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    __this_cpu_inc(sd_processed);
  }

  // BUG: Diagnostic contains: [ContextMaskImbalance] process_backlog_swap returns with softirqs still masked (taken by local_bh_disable at line 73); and it releases hardirqs it did not mask (local_irq_enable at line 72); take and release masks in the same method, or declare it @Masks/@Unmasks
  static void process_backlog_swap() {
    local_irq_enable();
    local_bh_disable();
  }

  /** Declared: enables the interrupts its caller disabled, on purpose. Not reported. */
  @Unmasks(Masked.HARDIRQ)
  static void net_rps_action_and_irq_enable() {
    local_irq_enable();
  }

  /** Declared: returns with BH disabled, for its caller to re-enable. Not reported. */
  @Masks(Masked.SOFTIRQ)
  static void backlog_lock_bh() {
    local_bh_disable();
  }

  @ProcessContext
  static void net_rx_action_like() {
    local_irq_disable();
    __this_cpu_inc(sd_processed); // irqs disabled here
    net_rps_action_and_irq_enable();
    backlog_lock_bh();
    __this_cpu_inc(sd_time_squeeze); // BH disabled by the declared helper: softirq data, fine
    local_bh_enable();
  }
}

package join_weaker;

import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * mm/vmstat.c-style node statistics, written only from process context: callers that may race
 * with an interrupt ask for irqsave, the others disable preemption only. On both paths preemption
 * is disabled when the counter is updated (local_irq_save masks preemption, softirqs and
 * hardirqs, SPEC 2.2), so at the join the weaker mask is "preemption disabled", and nothing may
 * be reported: no interrupt writes the counter and no other task can run in the middle.
 *
 * The release is conditional on the same flag; whether ContextMaskImbalance should follow such
 * correlated branches is a separate question, so it is silenced here on purpose.
 */
final class Vmstat {
  static final PerCpuLong nr_file_pages = new PerCpuLong();

  @ProcessContext
  @SuppressWarnings("ContextMaskImbalance")
  static void mod_node_page_state(long delta, boolean irqsafe) {
    IrqFlags flags = null;
    if (irqsafe) {
      flags = local_irq_save();
    } else {
      preempt_disable();
    }
    __this_cpu_add(nr_file_pages, delta);
    if (irqsafe) {
      local_irq_restore(flags);
    } else {
      preempt_enable();
    }
  }
}

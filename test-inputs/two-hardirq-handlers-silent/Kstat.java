package two_hardirq;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * kernel/irq/internals.h kstat_incr_irqs_this_cpu(): the interrupt statistics are bumped with
 * __this_cpu_inc from every interrupt handler. Handlers run with interrupts disabled and hardirqs
 * do not nest (e58aa3d2d0cc), so two handlers updating the same per-CPU counter cannot interrupt
 * each other (kernel-cases N2). /proc/interrupts only sums it.
 */
final class Kstat {
  static final PerCpuLong irqs_sum = new PerCpuLong();

  static void kstat_incr_irqs_this_cpu(IrqDesc desc) {
    __this_cpu_inc(desc.kstat_irqs);
    __this_cpu_inc(irqs_sum);
  }

  /** fs/proc/interrupts.c */
  @ProcessContext
  static long show_interrupts(IrqDesc desc) {
    return per_cpu_sum(desc.kstat_irqs) + per_cpu_sum(irqs_sum);
  }
}

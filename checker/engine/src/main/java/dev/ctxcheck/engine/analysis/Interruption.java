package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskLevel;

/** Who interrupts whom on one CPU (SPEC section 2.1), given the masks in force (section 2.2). */
final class Interruption {

  /** The contexts that can interrupt another, in the order messages list them. */
  static final ExecContext[] INTERRUPTERS = {ExecContext.SOFTIRQ, ExecContext.HARDIRQ, ExecContext.NMI};

  private Interruption() {}

  /** Whether code in {@code interrupter} context can run in the middle of code in {@code state}. */
  static boolean canInterrupt(ExecContext interrupter, int state) {
    ExecContext victim = Propagation.context(state);
    int masked = Propagation.effectiveMask(state);
    return switch (interrupter) {
      // NMIs interrupt everything but themselves, masks or not.
      case NMI -> victim != ExecContext.NMI;
      // Hardirqs do not nest and are held off by irq masking.
      case HARDIRQ -> (victim == ExecContext.PROCESS || victim == ExecContext.SOFTIRQ)
          && (masked & MaskLevel.HARDIRQ.bit()) == 0;
      // Softirqs run on irq exit over process code only, unless BH or irqs are masked.
      case SOFTIRQ -> victim == ExecContext.PROCESS && (masked & MaskLevel.SOFTIRQ.bit()) == 0
          && (masked & MaskLevel.HARDIRQ.bit()) == 0;
      // Preemption by another task is the business of PerCpuUpdateInPreemptibleCode.
      case PROCESS -> false;
    };
  }

  /** Process code that another task on this CPU can preempt. */
  static boolean isPreemptible(int state) {
    return Propagation.context(state) == ExecContext.PROCESS && Propagation.effectiveMask(state) == 0;
  }
}

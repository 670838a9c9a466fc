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
    int masked = Propagation.effectiveMask(state, false);
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

  /**
   * Process code that another task on this CPU can preempt. Under PREEMPT_RT only the raw masks
   * (PREEMPTION, HARDIRQ) disable preemption: a BH-disabled section and a sleeping lock do not.
   */
  static boolean isPreemptible(int state, boolean rt) {
    if (Propagation.context(state) != ExecContext.PROCESS) {
      return false;
    }
    int masked = Propagation.effectiveMask(state, rt);
    return rt ? (masked & RAW) == 0 : masked == 0;
  }

  private static final int RAW = MaskLevel.PREEMPTION.bit() | MaskLevel.HARDIRQ.bit();
  private static final int SOFTIRQ_BIT = MaskLevel.SOFTIRQ.bit();

  /**
   * Under PREEMPT_RT (SPEC 2.7, docs/preempt-rt.md): whether a writer in {@code writer} state can run
   * in the middle of a non-atomic update in {@code victim} state, locks aside. {@code
   * distinctEntryPoints}: whether different entry points reach the two, which two sites in the same
   * thread context (softirq, an irq thread) need to interleave.
   */
  static boolean canInterleaveRt(int victim, int writer, boolean distinctEntryPoints) {
    ExecContext v = Propagation.context(victim);
    ExecContext w = Propagation.context(writer);
    int masked = Propagation.effectiveMask(victim, true);
    if (w == ExecContext.NMI) {
      return v != ExecContext.NMI;
    }
    if (w == ExecContext.HARDIRQ && Propagation.isHard(writer)) {
      // A hard interrupt handler: held off only by raw irq masking; it does not nest.
      return Propagation.isThread(victim) && (masked & MaskLevel.HARDIRQ.bit()) == 0;
    }
    // The writer is a thread: it preempts thread code unless raw masking holds it off.
    if (!Propagation.isThread(victim) || (masked & RAW) != 0) {
      return false;
    }
    if (w == ExecContext.PROCESS && v == ExecContext.PROCESS) {
      return false; // PerCpuUpdateInPreemptibleCode's business
    }
    // BH-disabled sections and softirq processing serialize against each other.
    if (w == ExecContext.SOFTIRQ && v != ExecContext.SOFTIRQ && (masked & SOFTIRQ_BIT) != 0) {
      return false;
    }
    if (w != ExecContext.SOFTIRQ && v == ExecContext.SOFTIRQ
        && (Propagation.effectiveMask(writer, true) & SOFTIRQ_BIT) != 0) {
      return false;
    }
    // A tasklet, a timer, an irq thread never runs concurrently with itself.
    if (w == v) {
      return distinctEntryPoints;
    }
    return true;
  }
}

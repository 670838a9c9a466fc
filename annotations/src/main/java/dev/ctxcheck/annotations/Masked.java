package dev.ctxcheck.annotations;

/**
 * What a masking primitive holds off on the current CPU. Each level implies the ones before it,
 * as in the kernel: disabling hardirqs also stops softirq processing and preemption.
 */
public enum Masked {
  /** Preemption (another task on this CPU), like {@code preempt_disable} or {@code spin_lock}. */
  PREEMPTION,
  /** Softirqs and preemption, like {@code local_bh_disable} or {@code spin_lock_bh}. */
  SOFTIRQ,
  /** Hardirqs, softirqs and preemption, like {@code local_irq_save} or {@code spin_lock_irq}. */
  HARDIRQ
}

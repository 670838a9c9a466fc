package dev.ctxcheck.annotations;

/**
 * What a masking primitive ({@link Masks}, {@link Unmasks}) masks under PREEMPT_RT, the real-time
 * kernel, where softirqs and forced-threaded interrupt handlers run as preemptible threads.
 */
public enum PreemptRt {
  /**
   * The same as on mainline: the raw primitives ({@code preempt_disable}, {@code local_irq_save},
   * {@code rcu_read_lock_sched}) keep their meaning. A {@link Masked#SOFTIRQ} mask under PREEMPT_RT
   * serializes against softirq processing on the CPU and no longer disables preemption
   * ({@code local_bh_disable}, {@code rcu_read_lock_bh}).
   */
  SAME,
  /**
   * Nothing: the primitive is a sleeping lock ({@code spin_lock}, {@code spin_lock_irqsave},
   * {@code local_lock}, {@code local_lock_irqsave}), which serializes only the holders of the same
   * lock ({@link AcquiresLock}).
   */
  NOTHING,
  /**
   * Serialization against softirq processing on the CPU only, like {@code local_bh_disable} under
   * PREEMPT_RT: for {@code spin_lock_bh}, a sleeping lock that also disables bottom halves.
   */
  SOFTIRQ_PROCESSING
}

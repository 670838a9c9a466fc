package dev.ctxcheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method acquires the lock held in its parameter {@link #value()} (or its receiver), until a
 * {@link ReleasesLock} call on the same lock, or, for a guard object it returns, until that guard's
 * {@link UnmasksScope} method runs. Like a per-CPU variable, a lock is identified by the field that
 * holds it; a lock passed through parameters, locals and returns is traced back to its field.
 *
 * <p>Two updates of one per-CPU variable made while holding the same lock never race, whatever the
 * contexts: the lock, not a mask, is what serializes them (on mainline, a {@code spin_lock} shared
 * by the process and the softirq side; under PREEMPT_RT, every {@code spinlock_t} and
 * {@code local_lock_t}). A method that returns holding a lock it did not have on entry, or releases
 * one its caller holds, is reported like a mask imbalance unless it carries this annotation or
 * {@link ReleasesLock}.
 *
 * <pre>{@code
 * @Masks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING) @AcquiresLock
 * public static void spin_lock(SpinLock l) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AcquiresLock {

  /** Index of the parameter that holds the lock; {@link #RECEIVER} for the object the method is called on. */
  int value() default 0;

  /** {@link #value()} naming the receiver of an instance method. */
  int RECEIVER = -1;
}

package dev.ctxcheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method releases the lock held in its parameter {@link #value()} (or its receiver), taken by an
 * {@link AcquiresLock} call.
 *
 * <pre>{@code
 * @Unmasks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING) @ReleasesLock
 * public static void spin_unlock(SpinLock l) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ReleasesLock {

  /** Index of the parameter that holds the lock; {@link #RECEIVER} for the object the method is called on. */
  int value() default 0;

  /** {@link #value()} naming the receiver of an instance method. */
  int RECEIVER = -1;
}

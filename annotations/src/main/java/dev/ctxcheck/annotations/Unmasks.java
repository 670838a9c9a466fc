package dev.ctxcheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method releases one level of {@link #value()} taken by a {@link Masks} call. ctxcheck does
 * not ask such a method to return with the mask it was entered with.
 *
 * <p>Example: {@code @Unmasks(Masked.SOFTIRQ) static void local_bh_enable()}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Unmasks {
  Masked value();

  /**
   * What this primitive releases under PREEMPT_RT (ctxcheck's {@code PreemptRt} option), where
   * {@code spinlock_t} and {@code local_lock_t} become sleeping locks: by default the same as on
   * mainline.
   */
  PreemptRt preemptRt() default PreemptRt.SAME;
}

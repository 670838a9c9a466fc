package dev.ctxcheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method masks {@link #value()} on the current CPU until a matching {@link Unmasks} (or, for
 * an object it returns, {@link UnmasksScope}) runs. Masks nest: two {@code @Masks} calls need two
 * releases. ctxcheck does not ask such a method to return with the mask it was entered with.
 *
 * <p>Example: {@code @Masks(Masked.SOFTIRQ) static void local_bh_disable()}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Masks {
  Masked value();

  /**
   * What this primitive takes under PREEMPT_RT (ctxcheck's {@code PreemptRt} option), where
   * {@code spinlock_t} and {@code local_lock_t} become sleeping locks: by default the same as on
   * mainline.
   */
  PreemptRt preemptRt() default PreemptRt.SAME;
}

package dev.ctxcheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method is an operation on a per-CPU variable. This is how ctxcheck learns an API, the
 * shipped {@code dev.ctxcheck.percpu} runtime included: no operation name is built into the
 * checker.
 *
 * <pre>{@code
 * @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_inc")
 * public static void __this_cpu_inc(PerCpuLong v) { ... }
 * }</pre>
 *
 * <p>A method named {@code __foo} declared beside a method {@code foo} with the same parameter
 * types, whose body performs a non-atomic update, is a non-atomic update with atomic variant
 * {@code foo} without any annotation (the kernel's {@code __NET_INC_STATS}/{@code NET_INC_STATS}
 * convention).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface PerCpuOperation {

  /** What the operation does to the variable. */
  Kind value();

  /**
   * For {@link Kind#NON_ATOMIC_UPDATE} and {@link Kind#ACCEPTED_RACE_UPDATE}: the simple name of
   * the method, declared in the same class with the same parameters, that the fix calls instead.
   */
  String atomicVariant() default "";

  /**
   * Index of the parameter that holds the per-CPU variable; {@link #RECEIVER} for the object the
   * method is called on.
   */
  int variable() default 0;

  /** {@link #variable()} value naming the receiver of an instance method. */
  int RECEIVER = -1;

  enum Kind {
    /** A read-modify-write or write that an interrupt on this CPU cannot split ({@code this_cpu_inc}). */
    ATOMIC_UPDATE,
    /**
     * A read-modify-write or write that an interrupt on this CPU can split ({@code __this_cpu_inc}):
     * callers must hold off every context that also updates the variable.
     */
    NON_ATOMIC_UPDATE,
    /**
     * Non-atomic like {@link #NON_ATOMIC_UPDATE}, but the race is accepted on purpose
     * ({@code raw_cpu_inc}, lossy statistics). Reported only when the user asks for it.
     */
    ACCEPTED_RACE_UPDATE,
    /** A read; never reported. */
    READ
  }
}

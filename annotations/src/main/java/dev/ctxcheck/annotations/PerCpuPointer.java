package dev.ctxcheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The method returns one CPU's object of a per-CPU allocation (the kernel's {@code this_cpu_ptr},
 * {@code get_cpu_ptr}, {@code raw_cpu_ptr}, {@code per_cpu_ptr}). A read-modify-write or a store of
 * a field of that object ({@code s.packets++}, {@code s.bytes += len}, {@code s.last = now}),
 * reached directly or through locals, parameters, fields and returns, is a per-CPU update of the
 * variable (the field holding the allocation, the struct field), under the same rules as a
 * {@link PerCpuOperation.Kind#NON_ATOMIC_UPDATE} operation.
 *
 * <pre>{@code
 * @PerCpuPointer(Access.THIS_CPU)
 * public static <T> T this_cpu_ptr(PerCpuPtr<T> p) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface PerCpuPointer {

  /** Whose object the method returns, and what an update of its fields means. */
  Access value();

  /** Index of the parameter that holds the per-CPU allocation. */
  int variable() default 0;

  enum Access {
    /**
     * The running CPU's object ({@code this_cpu_ptr}, {@code get_cpu_ptr}): its field updates are
     * non-atomic per-CPU updates, reported when another context that updates the same field can
     * interrupt them.
     */
    THIS_CPU,
    /**
     * The running CPU's object, races accepted on purpose ({@code raw_cpu_ptr}): its field updates
     * are reported only when the user asks for accepted races, like {@code raw_cpu_*} operations.
     */
    ACCEPTED_RACE,
    /**
     * Another CPU's object, chosen by the caller ({@code per_cpu_ptr(p, cpu)}, a remote sum): not
     * the running CPU's data, so its field accesses are not per-CPU updates for these checks.
     */
    OTHER_CPU
  }
}

package dev.ctxcheck.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an instance method (typically {@code close()} of an {@link AutoCloseable} guard): calling it
 * releases what the {@link Masks} call that created the receiver masked. This lets one guard type
 * serve several mask levels, like the kernel's {@code guard(irqsave)} and {@code guard(spinlock_bh)}:
 *
 * <pre>{@code
 * try (Guard g = Guard.bh()) {   // Guard.bh() is @Masks(Masked.SOFTIRQ)
 *   __this_cpu_inc(stat);        // softirqs masked here
 * }                              // Guard.close() is @UnmasksScope: softirqs unmasked again
 * }</pre>
 *
 * <p>ctxcheck resolves the receiver to the local variable (or try-with-resources resource) that the
 * {@code @Masks} call initialised; a receiver it cannot trace releases nothing.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface UnmasksScope {}

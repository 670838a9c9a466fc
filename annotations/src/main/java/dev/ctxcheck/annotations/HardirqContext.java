package dev.ctxcheck.annotations;

import static java.lang.annotation.ElementType.CONSTRUCTOR;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An entry point that runs in hardirq context: interrupt handlers.
 *
 * <ul>
 *   <li>On a method or constructor: it is entered in this context. Several context annotations may
 *       stand on one method; it is entered in each.
 *   <li>On a type: every method and constructor declared in the type is such an entry point.
 *   <li>On an overridden method: every override inherits it, so a callback interface is annotated
 *       once.
 *   <li>On a parameter: the object passed there is invoked in this context, so the functional
 *       method of a lambda, method reference, anonymous or named class passed to it runs in this
 *       context (and only in it).
 * </ul>
 *
 * <p>Under PREEMPT_RT (ctxcheck's {@code PreemptRt} option) interrupt handlers are forced into
 * threads and run preemptibly; {@link #noThread()} marks the ones that are not.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({METHOD, CONSTRUCTOR, TYPE, PARAMETER})
public @interface HardirqContext {

  /**
   * The kernel's {@code IRQF_NO_THREAD}: under PREEMPT_RT this code still runs in hard interrupt
   * context, with interrupts disabled, where other handlers run as preemptible threads. The same
   * as the default on mainline.
   */
  boolean noThread() default false;
}

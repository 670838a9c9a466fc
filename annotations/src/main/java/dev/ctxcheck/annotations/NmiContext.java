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
 * An entry point that runs in NMI context.
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
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({METHOD, CONSTRUCTOR, TYPE, PARAMETER})
public @interface NmiContext {}

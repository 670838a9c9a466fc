package dev.ctxcheck.engine.build;

import dev.ctxcheck.engine.facts.Value;

/**
 * How a call names the object it is made on, as written.
 *
 * @param kind what stands before the method name
 * @param staticType for {@link Kind#EXPRESSION}, the expression's static type (a type id); null if unknown
 * @param value for {@link Kind#EXPRESSION}, what is known of the expression; null if nothing
 * @param isSuper for {@link Kind#EXPRESSION}: {@code super.m()} (or {@code T.super.m()}), which
 *     calls exactly the named method
 * @param local for {@link Kind#EXPRESSION} naming a local variable: the front end's key of its
 *     declaration (as given to {@link BodyBuilder#defineLocal}); else null
 */
public record Receiver(Kind kind, String staticType, Value value, boolean isSuper, Object local) {

  public enum Kind {
    /** An unqualified name: {@code m()}. */
    NONE,
    /** A type name: {@code Type.m()}. */
    TYPE,
    /** An expression: {@code x.m()}, {@code this.m()}, {@code super.m()}. */
    EXPRESSION
  }

  private static final Receiver NONE_RECEIVER = new Receiver(Kind.NONE, null, null, false, null);
  private static final Receiver TYPE_RECEIVER = new Receiver(Kind.TYPE, null, null, false, null);

  public static Receiver none() {
    return NONE_RECEIVER;
  }

  public static Receiver type() {
    return TYPE_RECEIVER;
  }

  public static Receiver expression(String staticType, Value value, boolean isSuper, Object local) {
    return new Receiver(Kind.EXPRESSION, staticType, value, isSuper, local);
  }
}

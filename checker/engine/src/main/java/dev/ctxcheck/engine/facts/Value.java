package dev.ctxcheck.engine.facts;

import java.util.Objects;

/**
 * What a front end can say about an expression that is passed as an argument, used as a receiver,
 * assigned to a local or returned: enough to trace per-CPU variables back to fields and callbacks
 * back to the code they run, without keeping trees.
 *
 * <p>Every value carries the expression's static type (a type id, as in {@link TypeFacts#id()}),
 * or null when it has none worth tracking (primitives, literals).
 */
public final class Value {

  public enum Kind {
    /** A field: {@code owner.name}; with {@code element}, an element of the array it holds. */
    FIELD,
    /** A parameter of the enclosing method, by index. */
    PARAMETER,
    /** A local variable of the enclosing method, by name; see {@link MethodFacts#localDefinitions()}. */
    LOCAL,
    /** The result of calling a method. */
    CALL_RESULT,
    /** A lambda expression; {@code target} is the id of its body's method. */
    LAMBDA,
    /** A method reference; {@code target} is the id of the referenced method. */
    METHOD_REFERENCE,
    /** A new object ({@code new C(..)}, also anonymous); {@code target} is its class's type id. */
    NEW_OBJECT,
    /** Anything else: only its static type is known. */
    OTHER
  }

  private final Kind kind;
  private final String target;
  private final String name;
  private final int index;
  private final boolean flag;
  private final String staticType;

  private Value(Kind kind, String target, String name, int index, boolean flag, String staticType) {
    this.kind = kind;
    this.target = target;
    this.name = name;
    this.index = index;
    this.flag = flag;
    this.staticType = staticType;
  }

  public static Value field(String owner, String name, boolean isStatic, boolean element, String type) {
    return new Value(Kind.FIELD, owner, name, isStatic ? 1 : 0, element, type);
  }

  public static Value parameter(int index, String type) {
    return new Value(Kind.PARAMETER, null, null, index, false, type);
  }

  public static Value local(String name, String type) {
    return new Value(Kind.LOCAL, null, name, -1, false, type);
  }

  public static Value callResult(String methodId, String type) {
    return new Value(Kind.CALL_RESULT, methodId, null, -1, false, type);
  }

  public static Value lambda(String bodyMethodId, String type) {
    return new Value(Kind.LAMBDA, bodyMethodId, null, -1, false, type);
  }

  /**
   * @param creationSite index, in the enclosing method, of the {@link CallSite.Kind#METHOD_REFERENCE}
   *     site that creates it
   */
  public static Value methodReference(String methodId, int creationSite, String type) {
    return new Value(Kind.METHOD_REFERENCE, methodId, null, creationSite, false, type);
  }

  public static Value newObject(String typeId) {
    return new Value(Kind.NEW_OBJECT, typeId, null, -1, false, typeId);
  }

  public static Value other(String type) {
    return new Value(Kind.OTHER, null, null, -1, false, type);
  }

  public Kind kind() {
    return kind;
  }

  /** Method id (CALL_RESULT, LAMBDA, METHOD_REFERENCE), owner type id (FIELD) or class (NEW_OBJECT). */
  public String target() {
    return target;
  }

  /** Field or local variable name. */
  public String name() {
    return name;
  }

  /** Parameter index (PARAMETER) or creation site index (METHOD_REFERENCE). */
  public int index() {
    return index;
  }

  public boolean isStaticField() {
    return kind == Kind.FIELD && index == 1;
  }

  /** For FIELD: the value is an element of the array the field holds. */
  public boolean isArrayElement() {
    return kind == Kind.FIELD && flag;
  }

  public String staticType() {
    return staticType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Value v
        && kind == v.kind
        && index == v.index
        && flag == v.flag
        && Objects.equals(target, v.target)
        && Objects.equals(name, v.name)
        && Objects.equals(staticType, v.staticType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, target, name, index, flag, staticType);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case FIELD -> target + "." + name + (flag ? "[]" : "");
      case PARAMETER -> "param#" + index;
      case LOCAL -> "local " + name;
      case CALL_RESULT -> "result of " + target;
      case LAMBDA -> "lambda " + target;
      case METHOD_REFERENCE -> "ref " + target;
      case NEW_OBJECT -> "new " + target;
      case OTHER -> "(" + staticType + ")";
    };
  }
}

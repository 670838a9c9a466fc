package dev.ctxcheck.engine.facts;

/**
 * What a front end can say about an expression that is passed as an argument, used as a receiver,
 * assigned to a local or returned: enough to trace per-CPU variables back to fields and callbacks
 * back to the code they run, without keeping trees. One record per kind of expression, each field
 * meaning one thing.
 *
 * <p>Every value carries the expression's static type (a type id, as in {@link TypeFacts#id()}),
 * or null when it has none worth tracking (primitives, literals).
 */
public sealed interface Value {

  String staticType();

  /**
   * A field {@code owner.name}, or with {@code arrayElement} an element of the array it holds.
   *
   * @param owner the type that declares the field
   */
  record Field(String owner, String name, boolean isStatic, boolean arrayElement, String staticType)
      implements Value {

    /** An element of the array this field holds, of type {@code elementType}. */
    public Field element(String elementType) {
      return new Field(owner, name, isStatic, true, elementType);
    }

    @Override
    public String toString() {
      return owner + "." + name + (arrayElement ? "[]" : "");
    }
  }

  /** A parameter of the enclosing method, by index. */
  record Parameter(int index, String staticType) implements Value {
    @Override
    public String toString() {
      return "param#" + index;
    }
  }

  /** A local variable of the enclosing method, by name; see {@link MethodFacts#localDefinitions()}. */
  record Local(String name, String staticType) implements Value {
    @Override
    public String toString() {
      return "local " + name;
    }
  }

  /** The result of calling method {@code method} (an id). */
  record CallResult(String method, String staticType) implements Value {
    @Override
    public String toString() {
      return "result of " + method;
    }
  }

  /** A lambda expression; {@code body} is the id of its body's method. */
  record Lambda(String body, String staticType) implements Value {
    @Override
    public String toString() {
      return "lambda " + body;
    }
  }

  /**
   * A method reference to method {@code method}.
   *
   * @param creationSite index, in the enclosing method, of the {@link CallSite.Kind#METHOD_REFERENCE}
   *     site that creates it
   */
  record MethodReference(String method, int creationSite, String staticType) implements Value {
    @Override
    public String toString() {
      return "ref " + method;
    }
  }

  /** A new object ({@code new C(..)}, also anonymous) of class {@code type}. */
  record NewObject(String type) implements Value {
    @Override
    public String staticType() {
      return type;
    }

    @Override
    public String toString() {
      return "new " + type;
    }
  }

  /**
   * The object a {@code @PerCpuPointer} method returns: one CPU's share of the per-CPU allocation
   * passed to it.
   *
   * @param pointer the id of the method called ({@code this_cpu_ptr})
   * @param allocation what is known of the argument that holds the allocation; null if nothing
   */
  record PerCpuObject(String pointer, PerCpuPointerSpec.Access access, Value allocation, String staticType)
      implements Value {
    @Override
    public String toString() {
      return "object of " + allocation + " by " + pointer;
    }
  }

  /** Anything else: only its static type is known. */
  record Other(String staticType) implements Value {
    @Override
    public String toString() {
      return "(" + staticType + ")";
    }
  }

  static Field field(String owner, String name, boolean isStatic, String type) {
    return new Field(owner, name, isStatic, false, type);
  }

  static Parameter parameter(int index, String type) {
    return new Parameter(index, type);
  }

  static Local local(String name, String type) {
    return new Local(name, type);
  }

  static CallResult callResult(String methodId, String type) {
    return new CallResult(methodId, type);
  }

  static Lambda lambda(String bodyMethodId, String type) {
    return new Lambda(bodyMethodId, type);
  }

  static NewObject newObject(String typeId) {
    return new NewObject(typeId);
  }

  static Other other(String type) {
    return new Other(type);
  }
}

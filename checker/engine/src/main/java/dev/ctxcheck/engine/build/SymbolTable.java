package dev.ctxcheck.engine.build;

import java.util.List;

/**
 * A front end's answers about the methods and types its trees name, in its own handles ({@code M}
 * for methods and constructors, {@code T} for classes and interfaces). This is all the builder
 * asks; what the answers mean for the analysis (ids, stubs, callbacks, annotations) it decides
 * itself. Implementations used from several threads must be thread-safe.
 */
public interface SymbolTable<M, T> {

  // ------------------------------------------------------------------ types

  /** The type's binary name ({@code pkg.Outer$Inner}, {@code pkg.Outer$1}). */
  String typeId(T type);

  /** The simple name; empty for an anonymous class. */
  String simpleName(T type);

  /** The direct superclass; null for interfaces and {@code Object}. */
  T superclass(T type);

  /** The directly implemented (or, for an interface, extended) interfaces. */
  List<T> interfaces(T type);

  /** Every proper supertype, transitively, as type ids (the order is the front end's). */
  List<String> supertypeIds(T type);

  /** The enclosing class of a member type; null for top-level, local and anonymous classes. */
  T enclosingType(T type);

  boolean isSubtype(T sub, T sup);

  /** Annotations on the type declaration. */
  List<RawAnnotation> typeAnnotations(T type);

  /** The methods of {@code type}, declared and inherited, without the ones overridden in it. */
  List<M> allMethods(T type);

  /** The methods {@code type} declares itself (constructors included or not: they are skipped). */
  List<M> declaredMethods(T type);

  // ------------------------------------------------------------------ methods

  T declaringType(M method);

  /** The simple name; {@code <init>} for constructors. */
  String name(M method);

  boolean isStatic(M method);

  boolean isPrivate(M method);

  boolean isAbstract(M method);

  /** Erased parameter type ids ({@code int}, {@code pkg.C}, {@code pkg.C[]}). */
  List<String> parameterTypes(M method);

  /**
   * The class or interface parameter {@code i} is declared with; null for primitives, arrays and
   * type variables.
   */
  T parameterType(M method, int i);

  /** Annotations on the method declaration. */
  List<RawAnnotation> methodAnnotations(M method);

  /** Annotations on parameter {@code i}. */
  List<RawAnnotation> parameterAnnotations(M method, int i);
}

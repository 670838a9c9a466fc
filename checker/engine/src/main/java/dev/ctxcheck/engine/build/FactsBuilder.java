package dev.ctxcheck.engine.build;

import dev.ctxcheck.engine.facts.MethodAnnotations;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.TypeFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a front end's trees into {@link dev.ctxcheck.engine.facts.SourceFileFacts}, one
 * {@link UnitBuilder} per file. It owns the conventions both front ends share, once: ids of methods,
 * synthetic members and lambdas; display names ({@code new X}, {@code initializers of X}, {@code
 * lambda@F:n}, {@code anonymous Base}); the stub (signature, annotation facts, callbacks) of a
 * method outside a file the first time the file mentions it; which methods of a context-annotated
 * parameter's type are callbacks; the annotation vocabulary ({@link AnnotationVocabulary}).
 *
 * <p>One instance serves a whole run; units may be built on several threads at once (what it
 * caches is shared and immutable).
 *
 * @param <M> the front end's handle of a method or constructor
 * @param <T> the front end's handle of a class or interface
 */
public final class FactsBuilder<M, T> {

  /** The synthetic member that runs a class's field initializers and instance initializer blocks. */
  public static final String FIELD_INITIALIZERS = "<fieldinit>";
  /** The synthetic member that runs a class's static initializers. */
  public static final String STATIC_INITIALIZERS = "<clinit>";
  public static final String CONSTRUCTOR = "<init>";

  /** A method outside some file: its facts, and the methods they name (callbacks) in the front end's handles. */
  record Stub<M, T>(MethodFacts facts, T owner, List<M> callbacks) {}

  private final SymbolTable<M, T> symbols;
  private final Map<String, Stub<M, T>> stubs = new ConcurrentHashMap<>();
  private final Map<String, TypeFacts> types = new ConcurrentHashMap<>();

  public FactsBuilder(SymbolTable<M, T> symbols) {
    this.symbols = symbols;
  }

  /**
   * A builder for the unit of one file.
   *
   * @param file the file id (as positions name it)
   * @param fileName the file's name without directories, for display names
   */
  public UnitBuilder<M, T> unit(String file, String fileName) {
    return new UnitBuilder<>(this, file, fileName);
  }

  SymbolTable<M, T> symbols() {
    return symbols;
  }

  // ------------------------------------------------------------------ ids and names

  static String methodId(String typeId, String name, List<String> parameterTypes) {
    return typeId + "#" + name + "(" + String.join(",", parameterTypes) + ")";
  }

  String methodId(M method) {
    return methodId(symbols.typeId(symbols.declaringType(method)), symbols.name(method), symbols.parameterTypes(method));
  }

  static String memberId(String typeId, String syntheticName) {
    return typeId + "#" + syntheticName;
  }

  static String lambdaId(String typeId, int startOffset) {
    return typeId + "#lambda@" + startOffset;
  }

  boolean isConstructor(M method) {
    return symbols.name(method).equals(CONSTRUCTOR);
  }

  /** {@code Stats}, or {@code anonymous Runnable} for an anonymous class. */
  String displayName(T type) {
    String simple = symbols.simpleName(type);
    if (!simple.isEmpty()) {
      return simple;
    }
    List<T> interfaces = symbols.interfaces(type);
    T base = interfaces.isEmpty() ? symbols.superclass(type) : interfaces.get(0);
    return "anonymous " + (base == null ? "Object" : symbols.simpleName(base));
  }

  // ------------------------------------------------------------------ types

  /** The facts of a type: declared in the file being built, or a stub. */
  TypeFacts type(T type, boolean inProgram) {
    String id = symbols.typeId(type);
    TypeFacts known = types.get(id);
    if (known == null) {
      known = new TypeFacts(id, displayName(type), symbols.supertypeIds(type),
          AnnotationVocabulary.contexts(symbols.typeAnnotations(type)), false);
      TypeFacts raced = types.putIfAbsent(id, known);
      known = raced != null ? raced : known;
    }
    return inProgram ? new TypeFacts(known.id(), known.simpleName(), known.supertypes(), known.annotations(), true)
        : known;
  }

  // ------------------------------------------------------------------ methods

  /**
   * The stub of a method: signature, annotation facts and callbacks, computed once per run.
   *
   * @param id the method's id ({@link #methodId(Object)}), which the caller has at hand
   */
  Stub<M, T> stub(M method, String id) {
    Stub<M, T> known = stubs.get(id);
    if (known != null) {
      return known;
    }
    T owner = symbols.declaringType(method);
    List<String> parameterTypes = symbols.parameterTypes(method);
    List<List<RawAnnotation>> parameterAnnotations = new ArrayList<>(parameterTypes.size());
    for (int i = 0; i < parameterTypes.size(); i++) {
      parameterAnnotations.add(symbols.parameterAnnotations(method, i));
    }
    MethodAnnotations annotations = AnnotationVocabulary.method(symbols.methodAnnotations(method), parameterAnnotations);
    List<List<String>> callbackIds = new ArrayList<>(parameterTypes.size());
    List<M> callbacks = new ArrayList<>();
    boolean anyCallback = false;
    for (int i = 0; i < parameterTypes.size(); i++) {
      List<M> forParameter = annotations.parameter(i).isEmpty() ? List.of() : callbacks(method, i);
      List<String> ids = new ArrayList<>(forParameter.size());
      for (M cb : forParameter) {
        ids.add(methodId(cb));
        callbacks.add(cb);
      }
      anyCallback |= !ids.isEmpty();
      callbackIds.add(ids);
    }
    String name = symbols.name(method);
    MethodFacts facts = MethodFacts.builder(id, name, symbols.typeId(owner), MethodFacts.Kind.METHOD)
        .isStatic(symbols.isStatic(method))
        .parameterTypes(parameterTypes)
        .annotations(annotations)
        .parameterCallbacks(anyCallback ? callbackIds : List.of())
        .build();
    Stub<M, T> stub = new Stub<>(facts, owner, List.copyOf(callbacks));
    Stub<M, T> raced = stubs.putIfAbsent(id, stub);
    return raced != null ? raced : stub;
  }

  /**
   * The methods invoked on the object passed to a context-annotated parameter: the abstract
   * methods of its type (declared or inherited, {@code Object}'s left out), or, for a type without
   * any, the instance methods it declares that are not private.
   */
  private List<M> callbacks(M method, int parameter) {
    T type = symbols.parameterType(method, parameter);
    if (type == null) {
      return List.of();
    }
    List<M> out = new ArrayList<>();
    for (M m : symbols.allMethods(type)) {
      if (symbols.isAbstract(m) && !isConstructor(m) && !isObjectMethod(m)) {
        out.add(m);
      }
    }
    if (out.isEmpty()) {
      for (M m : symbols.declaredMethods(type)) {
        String name = symbols.name(m);
        if (!symbols.isStatic(m) && !symbols.isPrivate(m) && !name.equals(CONSTRUCTOR)
            && !name.equals(STATIC_INITIALIZERS)) {
          out.add(m);
        }
      }
    }
    return out;
  }

  private boolean isObjectMethod(M m) {
    String n = symbols.name(m);
    int arity = symbols.parameterTypes(m).size();
    return (n.equals("equals") && arity == 1) || ((n.equals("hashCode") || n.equals("toString")) && arity == 0);
  }
}

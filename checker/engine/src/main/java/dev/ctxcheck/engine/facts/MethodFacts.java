package dev.ctxcheck.engine.facts;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the engine knows about one method, constructor, lambda body or initializer: its
 * signature and annotations, and for code in the program its call sites and lowered body. Methods
 * outside the program appear with their annotations only ({@code hasBody} false, no sites).
 *
 * @param id unique in the program, e.g. {@code pkg.C#name(int,pkg.D)}
 * @param name the simple name ({@code <init>} for constructors), used by the {@code __foo}/{@code
 *     foo} convention
 * @param displayName what call paths show ({@code percpu_ref_get}, {@code lambda@Aio.java:12})
 * @param parameterTypes erased parameter type ids
 * @param contexts context annotations on the method itself
 * @param parameterContexts per parameter, its context annotations
 * @param parameterCallbacks per parameter, the methods of its type that are invoked on the object
 *     passed there (non-empty only for context-annotated parameters)
 * @param overrides every method this one overrides, transitively (ids)
 * @param operation non-null if the method is declared a per-CPU operation
 * @param maskEffect non-null if the method is declared to mask or unmask
 * @param position where the declaration starts (null outside the program)
 * @param sites the call sites in the body, in source order
 * @param flow the body's control flow over {@code sites}; null means straight-line
 * @param localDefinitions for each local variable, the values assigned to it anywhere in the body
 * @param returnValues the values the body returns
 */
public record MethodFacts(
    String id,
    String name,
    String displayName,
    String declaringType,
    Kind kind,
    boolean isStatic,
    boolean hasBody,
    List<String> parameterTypes,
    Set<ExecContext> contexts,
    List<Set<ExecContext>> parameterContexts,
    List<List<String>> parameterCallbacks,
    List<String> overrides,
    OperationSpec operation,
    MaskEffect maskEffect,
    Position position,
    List<CallSite> sites,
    FlowGraph flow,
    Map<String, List<Value>> localDefinitions,
    List<Value> returnValues) {

  public enum Kind {
    METHOD,
    CONSTRUCTOR,
    LAMBDA,
    /** Field initializers and initializer blocks of a class, run by its constructors. */
    INITIALIZER
  }

  public MethodFacts {
    parameterTypes = List.copyOf(parameterTypes);
    contexts = Set.copyOf(contexts);
    parameterContexts = List.copyOf(parameterContexts);
    parameterCallbacks = List.copyOf(parameterCallbacks);
    overrides = List.copyOf(overrides);
    sites = List.copyOf(sites);
    localDefinitions = Map.copyOf(localDefinitions);
    returnValues = List.copyOf(returnValues);
  }

  /** A method outside the program, known by its signature and annotations. */
  public static MethodFacts external(
      String id,
      String name,
      String declaringType,
      boolean isStatic,
      List<String> parameterTypes,
      Set<ExecContext> contexts,
      List<Set<ExecContext>> parameterContexts,
      List<List<String>> parameterCallbacks,
      List<String> overrides,
      OperationSpec operation,
      MaskEffect maskEffect) {
    return new MethodFacts(id, name, name, declaringType, Kind.METHOD, isStatic, false, parameterTypes,
        contexts, parameterContexts, parameterCallbacks, overrides, operation, maskEffect, null,
        List.of(), null, Map.of(), List.of());
  }

  public Set<ExecContext> parameterContexts(int i) {
    return i < parameterContexts.size() ? parameterContexts.get(i) : Set.of();
  }

  public List<String> parameterCallbacks(int i) {
    return i < parameterCallbacks.size() ? parameterCallbacks.get(i) : List.of();
  }

  /** Declared to change the mask ({@code @Masks}, {@code @Unmasks}, {@code @UnmasksScope}). */
  public boolean declaresMaskEffect() {
    return maskEffect != null;
  }
}

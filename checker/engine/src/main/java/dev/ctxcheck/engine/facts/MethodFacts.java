package dev.ctxcheck.engine.facts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the engine knows about one method, constructor, lambda body or initializer: its
 * signature and annotations, and for code in the program its call sites and lowered body. Methods
 * outside the program appear with their signature and annotations only ({@code hasBody} false, no
 * sites). Built with {@link #builder}.
 *
 * @param id unique in the program, e.g. {@code pkg.C#name(int,pkg.D)}
 * @param name the simple name ({@code <init>} for constructors), used by the {@code __foo}/{@code
 *     foo} convention
 * @param displayName what call paths show ({@code percpu_ref_get}, {@code lambda@Aio.java:12})
 * @param parameterTypes erased parameter type ids
 * @param annotations what ctxcheck's annotations on it and its parameters say
 * @param parameterCallbacks per parameter, the methods of its type that are invoked on the object
 *     passed there (non-empty only for context-annotated parameters)
 * @param overrides every method this one overrides, transitively (ids)
 * @param position where the declaration starts (null outside the program)
 * @param nameRange the name token of the declaration (for a lambda, its arrow); null if none
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
    MethodAnnotations annotations,
    List<List<String>> parameterCallbacks,
    List<String> overrides,
    Position position,
    TextRange nameRange,
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
    parameterCallbacks = List.copyOf(parameterCallbacks);
    overrides = List.copyOf(overrides);
    sites = List.copyOf(sites);
    localDefinitions = copyOfDefinitions(localDefinitions);
    returnValues = List.copyOf(returnValues);
  }

  /** A deep, unmodifiable copy; a definition may be null (a value nothing is known of). */
  private static Map<String, List<Value>> copyOfDefinitions(Map<String, List<Value>> definitions) {
    if (definitions.isEmpty()) {
      return Map.of();
    }
    Map<String, List<Value>> out = new LinkedHashMap<>();
    definitions.forEach((k, v) -> out.put(k, Collections.unmodifiableList(new ArrayList<>(v))));
    return Collections.unmodifiableMap(out);
  }

  public static Builder builder(String id, String name, String declaringType, Kind kind) {
    return new Builder(id, name, declaringType, kind);
  }

  /** Context annotations on the method itself. */
  public Set<ExecContext> contexts() {
    return annotations.contexts().contexts();
  }

  /** The contexts the object passed as parameter {@code i} is invoked in. */
  public Set<ExecContext> parameterContexts(int i) {
    return annotations.parameter(i).contexts();
  }

  public List<String> parameterCallbacks(int i) {
    return i < parameterCallbacks.size() ? parameterCallbacks.get(i) : List.of();
  }

  /** Non-null if the method is declared a per-CPU operation. */
  public OperationSpec operation() {
    return annotations.operation();
  }

  /** Non-null if the method is declared to mask or unmask. */
  public MaskEffect maskEffect() {
    return annotations.maskEffect();
  }

  /** Declared to change the mask ({@code @Masks}, {@code @Unmasks}, {@code @UnmasksScope}). */
  public boolean declaresMaskEffect() {
    return annotations.maskEffect() != null;
  }

  /** Builds a {@link MethodFacts}; what is not set is empty (no body, no annotations, no sites). */
  public static final class Builder {
    private final String id;
    private final String name;
    private final String declaringType;
    private final Kind kind;
    private String displayName;
    private boolean isStatic;
    private boolean hasBody;
    private List<String> parameterTypes = List.of();
    private MethodAnnotations annotations = MethodAnnotations.NONE;
    private List<List<String>> parameterCallbacks = List.of();
    private List<String> overrides = List.of();
    private Position position;
    private TextRange nameRange;
    private List<CallSite> sites = List.of();
    private FlowGraph flow;
    private Map<String, List<Value>> localDefinitions = Map.of();
    private List<Value> returnValues = List.of();

    private Builder(String id, String name, String declaringType, Kind kind) {
      this.id = id;
      this.name = name;
      this.declaringType = declaringType;
      this.kind = kind;
      this.displayName = name;
    }

    public Builder displayName(String displayName) {
      this.displayName = displayName;
      return this;
    }

    public Builder isStatic(boolean isStatic) {
      this.isStatic = isStatic;
      return this;
    }

    public Builder parameterTypes(List<String> parameterTypes) {
      this.parameterTypes = parameterTypes;
      return this;
    }

    public Builder annotations(MethodAnnotations annotations) {
      this.annotations = annotations;
      return this;
    }

    public Builder parameterCallbacks(List<List<String>> parameterCallbacks) {
      this.parameterCallbacks = parameterCallbacks;
      return this;
    }

    public Builder overrides(List<String> overrides) {
      this.overrides = overrides;
      return this;
    }

    public Builder position(Position position, TextRange nameRange) {
      this.position = position;
      this.nameRange = nameRange;
      return this;
    }

    /** The body: its sites, flow (null: straight-line), local definitions and returned values. */
    public Builder body(List<CallSite> sites, FlowGraph flow, Map<String, List<Value>> localDefinitions,
        List<Value> returnValues) {
      this.hasBody = true;
      this.sites = sites;
      this.flow = flow;
      this.localDefinitions = localDefinitions;
      this.returnValues = returnValues;
      return this;
    }

    public MethodFacts build() {
      return new MethodFacts(id, name, displayName, declaringType, kind, isStatic, hasBody, parameterTypes,
          annotations, parameterCallbacks, overrides, position, nameRange, sites, flow, localDefinitions,
          returnValues);
    }
  }
}

package dev.ctxcheck.engine.build;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.FieldUpdate;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.PerCpuPointerSpec;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the facts of one body (method, constructor, lambda or initializers) from a front end's
 * walk: its call sites in source order, what flows into its locals and out of its returns, and,
 * when it masks, its flow graph from a second, structured walk ({@link #flow}).
 *
 * <p>Rules owned here: how a call dispatches and which receiver type bounds it; how an unqualified
 * name finds its method (in scope, or through a static import), which decides whether a renamed
 * call needs an import; a local initialised by a masking call is a guard whose {@code
 * @UnmasksScope} method (a resource's {@code close()} too) releases what that call took, its lock
 * included; a body gets a flow graph only if one of its calls masks, unmasks or takes or releases a
 * lock (else its sites run in order).
 */
public final class BodyBuilder<M, T> {

  private final UnitBuilder<M, T> unit;
  private final SymbolTable<M, T> symbols;
  private final T owner;
  private final MethodFacts.Builder facts;
  private final boolean hasBody;
  private final boolean mayFlow;
  /** Where the sites of an implicitly declared constructor are placed; null otherwise. */
  private final Position generatedAt;
  private final List<CallSite> sites = new ArrayList<>();
  private final List<Integer> entrySites = new ArrayList<>();
  private final Map<String, List<Value>> locals = new LinkedHashMap<>();
  private final List<Value> returns = new ArrayList<>();
  /** A guard: what its creating call masked, and that call's site (whose lock it holds). */
  private record Scope(MaskLevel level, int site) {}

  /** Locals initialised by a masking call: what their guard's scope release releases. */
  private final Map<Object, Scope> scopes = new IdentityHashMap<>(4);
  private final Map<Object, Integer> closeSites = new IdentityHashMap<>(4);
  private final Map<Integer, MaskEffect> effects = new HashMap<>();
  /** A call acquires or releases a lock without masking ({@code local_lock_nested_bh}). */
  private boolean locking;
  /** Sites of calls that acquire a lock: a local they initialise is a guard even if they mask nothing. */
  private final java.util.Set<Integer> acquiring = new java.util.HashSet<>(4);
  private FlowBuilder<?> flow;
  private boolean finished;

  BodyBuilder(UnitBuilder<M, T> unit, T owner, MethodFacts.Builder facts, boolean hasBody, boolean mayFlow,
      List<String> entryTargets, Position generatedAt) {
    this.unit = unit;
    this.symbols = unit.symbols();
    this.owner = owner;
    this.facts = facts;
    this.hasBody = hasBody;
    this.mayFlow = mayFlow;
    this.generatedAt = generatedAt;
    for (String target : entryTargets) {
      entrySites.add(add(CallSite.synthetic(target, null), null));
    }
  }

  /** The class whose code this is. */
  public T owner() {
    return owner;
  }

  public int siteCount() {
    return sites.size();
  }

  // ------------------------------------------------------------------ calls

  /**
   * A method call, after its receiver and arguments; returns its site.
   *
   * @param arguments what is known of each argument (null where nothing: primitives)
   * @param argumentRanges the source range of each argument
   * @param nameRange the method name token
   */
  public int invoke(M callee, Receiver receiver, List<Value> arguments, List<TextRange> argumentRanges,
      Position position, TextRange nameRange) {
    FactsBuilder.Stub<M, T> stub = unit.mention(callee);
    boolean isStatic = symbols.isStatic(callee);
    boolean exact = isStatic || symbols.isPrivate(callee) || unit.facts().isConstructor(callee)
        || (receiver.kind() == Receiver.Kind.EXPRESSION && receiver.isSuper());
    String receiverType = null;
    Value receiverValue = null;
    if (receiver.kind() == Receiver.Kind.EXPRESSION && !isStatic) {
      receiverType = receiver.staticType();
      receiverValue = receiver.value();
    } else if (receiver.kind() == Receiver.Kind.NONE && !exact) {
      // An inherited method called on this: the receiver is at least the enclosing class.
      T calleeOwner = symbols.declaringType(callee);
      boolean inherited = owner == calleeOwner || symbols.isSubtype(owner, calleeOwner);
      receiverType = symbols.typeId(inherited ? owner : calleeOwner);
    }
    CallSite.NameAccess access = receiver.kind() == Receiver.Kind.NONE ? nameAccess(callee) : CallSite.NameAccess.QUALIFIED;
    MaskEffect effect = stub.facts().maskEffect();
    Scope scope = null;
    if (effect != null && effect.action() == MaskEffect.Action.UNMASK_SCOPE && receiver.local() != null) {
      scope = scopes.get(receiver.local());
    }
    CallSite site = new CallSite(CallSite.Kind.INVOKE, stub.facts().id(),
        exact ? CallSite.Dispatch.EXACT : CallSite.Dispatch.VIRTUAL, receiverType, receiverValue, arguments,
        argumentRanges, placed(position), generatedAt != null ? null : nameRange, access,
        scope == null ? null : scope.level(), scope == null ? -1 : scope.site(), null);
    int index = add(site, effect);
    for (dev.ctxcheck.engine.facts.LockEffect l : stub.facts().annotations().locks()) {
      locking |= effect == null;
      if (l.action() == dev.ctxcheck.engine.facts.LockEffect.Action.ACQUIRE) {
        acquiring.add(index);
      }
    }
    return index;
  }

  /** {@code this(..)} or {@code super(..)} in a constructor. */
  public int constructorCall(M constructor, List<Value> arguments, List<TextRange> argumentRanges, Position position) {
    FactsBuilder.Stub<M, T> stub = unit.mention(constructor);
    CallSite site = new CallSite(CallSite.Kind.INVOKE, stub.facts().id(), CallSite.Dispatch.EXACT, null, null,
        arguments, argumentRanges, placed(position), null, CallSite.NameAccess.QUALIFIED, null);
    return add(site, stub.facts().maskEffect());
  }

  /**
   * The {@code super(..)} a constructor runs without saying so (javac adds it to the tree; a front
   * end without it calls this at the start of the body): it runs first, before anything the body
   * says, and is not part of the structured walk.
   */
  public int implicitSuperCall(M constructor, List<Value> arguments, Position position) {
    List<TextRange> ranges = new ArrayList<>();
    arguments.forEach(a -> ranges.add(null));
    int s = constructorCall(constructor, arguments, ranges, position);
    entrySites.add(s);
    return s;
  }

  /** {@code new C(..)} (also of an anonymous class), after its arguments; returns its site. */
  public int newObject(M constructor, List<Value> arguments, List<TextRange> argumentRanges, Position position) {
    FactsBuilder.Stub<M, T> stub = unit.mention(constructor);
    CallSite site = new CallSite(CallSite.Kind.NEW, stub.facts().id(), CallSite.Dispatch.EXACT, null, null, arguments,
        argumentRanges, placed(position), null, CallSite.NameAccess.QUALIFIED, null);
    return add(site, stub.facts().maskEffect());
  }

  /**
   * A method reference {@code q::m} to {@code target}; returns its site.
   *
   * @param viaSuper {@code super::m}
   * @param qualifierType the static type of the qualifier (a type id); null if none
   */
  public int methodReference(M target, boolean viaSuper, String qualifierType, Position position) {
    FactsBuilder.Stub<M, T> stub = unit.mention(target);
    boolean exact = symbols.isStatic(target) || unit.facts().isConstructor(target) || viaSuper;
    CallSite site = new CallSite(CallSite.Kind.METHOD_REFERENCE, stub.facts().id(),
        exact ? CallSite.Dispatch.EXACT : CallSite.Dispatch.VIRTUAL, exact ? null : qualifierType, null, List.of(),
        List.of(), placed(position), null, CallSite.NameAccess.QUALIFIED, null);
    return add(site, null);
  }

  /**
   * A lambda expression starting at {@code offset} in this body's class: records its creation
   * here and returns the builder of its own body, to walk and {@link #finish()}.
   */
  public BodyBuilder<M, T> lambda(int offset, Position position, List<String> parameterTypes, TextRange arrow) {
    MethodFacts.Builder b = unit.lambdaFacts(owner, offset, position, parameterTypes, arrow);
    String id = FactsBuilder.lambdaId(symbols.typeId(owner), offset);
    add(new CallSite(CallSite.Kind.LAMBDA, id, CallSite.Dispatch.EXACT, null, null, List.of(), List.of(),
        placed(position), null, CallSite.NameAccess.QUALIFIED, null), null);
    return new BodyBuilder<>(unit, owner, b, true, true, List.of(), null);
  }

  /**
   * A write of field {@code owner.field} through an object ({@code x.f++}, {@code x.f += v}, {@code
   * x.f = x.f + v}, {@code x.f = v}), after its operands; returns its site, or -1 when it cannot be a
   * per-CPU update and is not recorded. Only an object that can come from a {@code @PerCpuPointer}
   * method can be one: a local, a parameter or a call's result. A field's value is not traced (a
   * per-CPU object kept in a field outlives the preemption-free stretch it belongs to), nor is
   * {@code this} (the struct's own methods are not per-CPU code).
   *
   * @param receiver the object the chain of field selections starts from: {@code x} in {@code
   *     x.stats.rx++}
   * @param operator the update's operator token, which editors underline
   */
  public int fieldUpdate(Value receiver, String owner, String field, boolean arrayElement, boolean readModifyWrite,
      TextRange expression, TextRange statement, Position position, TextRange operator) {
    if (!(receiver instanceof Value.Local || receiver instanceof Value.Parameter
        || receiver instanceof Value.CallResult || receiver instanceof Value.PerCpuObject)) {
      return -1;
    }
    FieldUpdate update = new FieldUpdate(owner, field, arrayElement, readModifyWrite, expression, statement);
    return add(new CallSite(CallSite.Kind.FIELD_UPDATE, owner + "#" + field, CallSite.Dispatch.EXACT, null, receiver,
        List.of(), List.of(), placed(position), operator, CallSite.NameAccess.QUALIFIED, null, -1, update), null);
  }

  /** The {@code close()} a try-with-resources runs on a resource: a site if it unmasks, else -1. */
  public int resourceClose(M close, Object resource) {
    if (resource != null) {
      Integer known = closeSites.get(resource);
      if (known != null) {
        return known;
      }
    }
    FactsBuilder.Stub<M, T> stub = unit.stub(close);
    MaskEffect effect = stub.facts().maskEffect();
    int s = -1;
    if (effect != null) {
      unit.mention(close);
      Scope scope = resource == null ? null : scopes.get(resource);
      s = add(CallSite.synthetic(stub.facts().id(), scope == null ? null : scope.level(),
          scope == null ? -1 : scope.site()), effect);
    }
    if (resource != null) {
      closeSites.put(resource, s);
    }
    return s;
  }

  /**
   * An unqualified name ({@code foo(..)}, {@code FOO}) that refers to static member {@code member}
   * of {@code owner}: unless the member is in scope, it is found through a single static import.
   */
  public void staticReference(T memberOwner, String member, TextRange nameToken) {
    if (!inScope(memberOwner)) {
      unit.staticImportUse(memberOwner, member, nameToken);
    }
  }

  /** How an unqualified name finds {@code callee}: as a member of an enclosing class, or by static import. */
  private CallSite.NameAccess nameAccess(M callee) {
    return inScope(symbols.declaringType(callee)) ? CallSite.NameAccess.SCOPE : CallSite.NameAccess.STATIC_IMPORT;
  }

  /** Whether the members of {@code type} are in scope here: it is this class or an enclosing one, or a supertype of one. */
  private boolean inScope(T type) {
    for (T t = owner; t != null; t = symbols.enclosingType(t)) {
      if (symbols.isSubtype(t, type)) {
        return true;
      }
    }
    return false;
  }

  private Position placed(Position position) {
    return generatedAt != null ? generatedAt : position;
  }

  private int add(CallSite site, MaskEffect effect) {
    sites.add(site);
    int index = sites.size() - 1;
    if (effect != null) {
      effects.put(index, effect);
    }
    return index;
  }

  // ------------------------------------------------------------------ values

  /** The id of a method or constructor, for values that name one. */
  public String id(M method) {
    return unit.id(method);
  }

  public Value callResult(M method, String type) {
    return Value.callResult(unit.id(method), type);
  }

  /**
   * The result of the call at {@code site} to {@code method}: for a {@code @PerCpuPointer} method,
   * one CPU's object of the allocation its argument holds; else as {@link #callResult(Object, String)}.
   */
  public Value callResult(M method, String type, int site) {
    PerCpuPointerSpec pointer = unit.stub(method).facts().annotations().pointer();
    if (pointer == null || site < 0 || site >= sites.size()) {
      return callResult(method, type);
    }
    CallSite call = sites.get(site);
    return new Value.PerCpuObject(call.target(), pointer.access(), call.argument(pointer.variable()), type);
  }

  /** The lambda starting at {@code offset} in this body's class. */
  public Value lambdaValue(int offset, String type) {
    return Value.lambda(FactsBuilder.lambdaId(symbols.typeId(owner), offset), type);
  }

  /** The method reference created at {@code site}. */
  public Value methodReferenceValue(int site, String type) {
    return new Value.MethodReference(sites.get(site).target(), site, type);
  }

  /**
   * A local variable's declaration with an initializer.
   *
   * @param declaration the front end's key of the declaration (compared by identity)
   * @param initializerSite the site of the initializer when it is a call; -1 if it is not
   */
  public void defineLocal(String name, Value value, Object declaration, int initializerSite) {
    assignLocal(name, value);
    MaskEffect effect = initializerSite >= 0 ? effects.get(initializerSite) : null;
    boolean masks = effect != null && effect.action() == MaskEffect.Action.MASK;
    if ((masks || acquiring.contains(initializerSite)) && declaration != null) {
      scopes.put(declaration, new Scope(masks ? effect.level() : null, initializerSite));
    }
  }

  /** An assignment to a local variable. */
  public void assignLocal(String name, Value value) {
    locals.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
  }

  /** A value the body returns (a lambda's expression body too). */
  public void returns(Value value) {
    if (value != null) {
      returns.add(value);
    }
  }

  // ------------------------------------------------------------------ flow

  /** The sites the body runs before anything it says (a constructor's initializers, an implicit super call). */
  public List<Integer> entrySites() {
    return List.copyOf(entrySites);
  }

  /** The site of the {@code close()} of {@code resource} made so far; -1 if none. */
  public int closeSiteOf(Object resource) {
    Integer s = resource == null ? null : closeSites.get(resource);
    return s == null ? -1 : s;
  }

  /** Whether the body needs a flow graph: one of its calls masks, unmasks, acquires or releases a lock. */
  public boolean needsFlow() {
    return mayFlow && hasBody && (!effects.isEmpty() || locking);
  }

  /**
   * Starts the structured walk that builds the body's flow graph; the sites this body runs before
   * anything it says (the initializers a constructor runs, an implicit {@code super(..)}) are in
   * place. Walk the body with it, then {@link #finish()}.
   */
  public <X> FlowBuilder<X> flow(FlowBuilder.Exceptions<X> exceptions) {
    FlowBuilder<X> f = new FlowBuilder<>(exceptions);
    for (int s : entrySites) {
      f.site(s);
    }
    this.flow = f;
    return f;
  }

  /** The structured walk failed: the body's sites run in order, as if it did not mask. */
  public void abandonFlow() {
    this.flow = null;
  }

  /** The body is complete: its facts join the unit. */
  public MethodFacts finish() {
    if (finished) {
      throw new IllegalStateException("finished twice");
    }
    finished = true;
    if (hasBody) {
      FlowGraph graph = needsFlow() && flow != null ? flow.build() : null;
      facts.body(sites, graph, locals, returns);
    }
    MethodFacts m = facts.build();
    unit.add(m);
    return m;
  }
}

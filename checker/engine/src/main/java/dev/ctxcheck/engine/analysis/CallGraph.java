package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ContextAnnotations;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.TypeFacts;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The static call graph of SPEC section 2.5 over the methods that have bodies in the program, and
 * the entry points: methods whose contexts come from annotations (on the method, its type, or a
 * method it overrides) or from being passed to a context-annotated parameter.
 *
 * <p>Methods are numbered; {@link #targets(int, int)} gives the methods a call site may run.
 */
final class CallGraph {

  /**
   * An entry point: method {@code method} is entered in {@code context}; {@code noThread} for a
   * hardirq entry declared {@code @HardirqContext(noThread = true)} (hard interrupt context even
   * under PREEMPT_RT).
   */
  record Entry(int method, ExecContext context, boolean noThread) {}

  /** One edge into a method: {@code site} of {@code caller}. */
  record Caller(int caller, int site) {}

  private static final int[] NONE = new int[0];

  private final Program program;
  private final MethodFacts[] methods;
  private final Map<String, Integer> indexById = new HashMap<>();
  /** For each method id (in the program or not), the program methods overriding it. */
  private final Map<String, List<Integer>> overriders = new HashMap<>();
  private final int[][][] targets;
  private final List<Entry> entries = new ArrayList<>();
  private List<Caller>[] callers;
  private int edgeCount;

  CallGraph(Program program) {
    this.program = program;
    this.methods = program.methods().toArray(MethodFacts[]::new);
    for (int i = 0; i < methods.length; i++) {
      indexById.put(methods[i].id(), i);
    }
    for (int i = 0; i < methods.length; i++) {
      if (methods[i].hasBody()) {
        for (String o : methods[i].overrides()) {
          overriders.computeIfAbsent(o, k -> new ArrayList<>()).add(i);
        }
      }
    }
    targets = new int[methods.length][][];
    Set<Long> registeredCreations = new HashSet<>();
    Set<String> registeredLambdas = new HashSet<>();
    addAnnotatedEntries();
    addCallbackEntries(registeredCreations, registeredLambdas);
    for (int m = 0; m < methods.length; m++) {
      List<CallSite> sites = methods[m].sites();
      targets[m] = new int[sites.size()][];
      for (int s = 0; s < sites.size(); s++) {
        CallSite site = sites.get(s);
        boolean registered =
            (site.kind() == CallSite.Kind.LAMBDA && registeredLambdas.contains(site.target()))
                || (site.kind() == CallSite.Kind.METHOD_REFERENCE
                    && registeredCreations.contains(key(m, s)));
        targets[m][s] = registered ? NONE : resolve(site);
        edgeCount += targets[m][s].length;
      }
    }
  }

  int size() {
    return methods.length;
  }

  MethodFacts method(int i) {
    return methods[i];
  }

  Integer indexOf(String id) {
    return indexById.get(id);
  }

  /** Facts of the method with this id, in the program or external; null if unknown. */
  MethodFacts facts(String id) {
    return program.method(id);
  }

  Program program() {
    return program;
  }

  int[] targets(int method, int site) {
    return targets[method][site];
  }

  int edgeCount() {
    return edgeCount;
  }

  List<Entry> entries() {
    return entries;
  }

  /** Every call site that may run {@code method}. */
  @SuppressWarnings("unchecked")
  List<Caller> callers(int method) {
    if (callers == null) {
      callers = new List[methods.length];
      for (int m = 0; m < methods.length; m++) {
        for (int s = 0; s < targets[m].length; s++) {
          for (int t : targets[m][s]) {
            if (callers[t] == null) {
              callers[t] = new ArrayList<>();
            }
            callers[t].add(new Caller(m, s));
          }
        }
      }
    }
    List<Caller> list = callers[method];
    return list == null ? List.of() : list;
  }

  private static long key(int method, int site) {
    return ((long) method << 32) | site;
  }

  private void addAnnotatedEntries() {
    for (int m = 0; m < methods.length; m++) {
      MethodFacts method = methods[m];
      if (!method.hasBody()) {
        continue;
      }
      Set<ExecContext> contexts = EnumSet.noneOf(ExecContext.class);
      boolean noThread = addContexts(method.annotations().contexts(), contexts);
      if (method.kind() == MethodFacts.Kind.METHOD || method.kind() == MethodFacts.Kind.CONSTRUCTOR) {
        noThread |= addContexts(typeAnnotations(method.declaringType()), contexts);
      }
      for (String o : method.overrides()) {
        MethodFacts overridden = program.method(o);
        if (overridden != null) {
          noThread |= addContexts(overridden.annotations().contexts(), contexts);
          noThread |= addContexts(typeAnnotations(overridden.declaringType()), contexts);
        }
      }
      for (ExecContext c : ExecContext.values()) {
        if (contexts.contains(c)) {
          entries.add(new Entry(m, c, c == ExecContext.HARDIRQ && noThread));
        }
      }
    }
  }

  /** Adds the contexts of {@code a} to {@code out}; whether it declares a {@code noThread} hardirq. */
  private static boolean addContexts(ContextAnnotations a, Set<ExecContext> out) {
    out.addAll(a.contexts());
    return a.hardirqNoThread() && a.contexts().contains(ExecContext.HARDIRQ);
  }

  private ContextAnnotations typeAnnotations(String typeId) {
    TypeFacts type = program.type(typeId);
    return type == null ? ContextAnnotations.NONE : type.annotations();
  }

  /** Objects passed to context-annotated parameters run their callback methods in that context. */
  private void addCallbackEntries(Set<Long> registeredCreations, Set<String> registeredLambdas) {
    // Few methods take callbacks: a call to any other is passed over on a lookup in a small set.
    Set<String> takingCallbacks = new HashSet<>();
    for (MethodFacts method : methods) {
      if (method.annotations().hasParameterContexts()) {
        takingCallbacks.add(method.id());
      }
    }
    if (takingCallbacks.isEmpty()) {
      return;
    }
    for (int m = 0; m < methods.length; m++) {
      List<CallSite> sites = methods[m].sites();
      for (CallSite site : sites) {
        if (site.kind() != CallSite.Kind.INVOKE && site.kind() != CallSite.Kind.NEW
            || !takingCallbacks.contains(site.target())) {
          continue;
        }
        MethodFacts callee = program.method(site.target());
        if (callee == null) {
          continue;
        }
        for (int a = 0; a < site.arguments().size(); a++) {
          Set<ExecContext> contexts = callee.parameterContexts(a);
          boolean noThread = callee.annotations().parameter(a).hardirqNoThread();
          Value value = site.argument(a);
          if (contexts.isEmpty() || value == null) {
            continue;
          }
          Set<Integer> callbacks = new LinkedHashSet<>();
          callbackTargets(m, value, callee.parameterCallbacks(a), callbacks, registeredCreations,
              registeredLambdas, new HashSet<>());
          for (ExecContext c : ExecContext.values()) {
            if (contexts.contains(c)) {
              for (int t : callbacks) {
                entries.add(new Entry(t, c, c == ExecContext.HARDIRQ && noThread));
              }
            }
          }
        }
      }
    }
  }

  private void callbackTargets(int method, Value value, List<String> callbackMethods, Set<Integer> out,
      Set<Long> registeredCreations, Set<String> registeredLambdas, Set<String> visitedLocals) {
    if (value instanceof Value.Lambda lambda) {
      registeredLambdas.add(lambda.body());
      addIfBody(lambda.body(), out);
    } else if (value instanceof Value.MethodReference ref) {
      registeredCreations.add(key(method, ref.creationSite()));
      CallSite creation = methods[method].sites().get(ref.creationSite());
      for (int t : resolve(creation)) {
        out.add(t);
      }
    } else if (value instanceof Value.NewObject created) {
      for (String cb : callbackMethods) {
        out.addAll(implementations(cb, created.type()));
      }
    } else if (value instanceof Value.Local local) {
      if (visitedLocals.add(local.name())) {
        for (Value def : methods[method].localDefinitions().getOrDefault(local.name(), List.of())) {
          if (def != null) {
            callbackTargets(method, def, callbackMethods, out, registeredCreations, registeredLambdas,
                visitedLocals);
          }
        }
      }
    } else {
      for (String cb : callbackMethods) {
        for (int t : overridersWithin(cb, value.staticType())) {
          out.add(t);
        }
      }
    }
  }

  private void addIfBody(String id, Set<Integer> out) {
    Integer i = indexById.get(id);
    if (i != null && methods[i].hasBody()) {
      out.add(i);
    }
  }

  /** The code a call site may run (class hierarchy analysis for virtual calls). */
  private int[] resolve(CallSite site) {
    if (site.kind() == CallSite.Kind.FIELD_UPDATE) {
      return NONE;
    }
    Integer target = indexById.get(site.target());
    if (site.dispatch() == CallSite.Dispatch.EXACT || site.kind() == CallSite.Kind.NEW
        || site.kind() == CallSite.Kind.LAMBDA) {
      return target != null && methods[target].hasBody() ? new int[] {target} : NONE;
    }
    Set<Integer> out = new LinkedHashSet<>();
    if (target != null && methods[target].hasBody()
        && related(methods[target].declaringType(), site.receiverType())) {
      out.add(target);
    }
    out.addAll(overridersWithin(site.target(), site.receiverType()));
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Overrides of {@code methodId} that an object of static type {@code receiverType} may run: those
   * declared in a subtype of it, or inherited by it from a supertype.
   */
  private List<Integer> overridersWithin(String methodId, String receiverType) {
    List<Integer> all = overriders.getOrDefault(methodId, List.of());
    if (receiverType == null) {
      return all;
    }
    List<Integer> out = new ArrayList<>();
    for (int o : all) {
      if (related(methods[o].declaringType(), receiverType)) {
        out.add(o);
      }
    }
    return out;
  }

  /** The most specific implementations of {@code methodId} that class {@code typeId} has. */
  private List<Integer> implementations(String methodId, String typeId) {
    List<Integer> candidates = new ArrayList<>();
    Integer declared = indexById.get(methodId);
    if (declared != null && methods[declared].hasBody() && isSubtype(typeId, methods[declared].declaringType())) {
      candidates.add(declared);
    }
    for (int o : overriders.getOrDefault(methodId, List.of())) {
      if (isSubtype(typeId, methods[o].declaringType())) {
        candidates.add(o);
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int c : candidates) {
      boolean shadowed = false;
      for (int d : candidates) {
        String dt = methods[d].declaringType();
        String ct = methods[c].declaringType();
        if (d != c && !dt.equals(ct) && isSubtype(dt, ct)) {
          shadowed = true;
          break;
        }
      }
      if (!shadowed) {
        out.add(c);
      }
    }
    return out;
  }

  private boolean related(String declaringType, String receiverType) {
    return receiverType == null || isSubtype(declaringType, receiverType) || isSubtype(receiverType, declaringType);
  }

  boolean isSubtype(String sub, String sup) {
    if (sub == null || sup == null) {
      return false;
    }
    if (sub.equals(sup)) {
      return true;
    }
    TypeFacts t = program.type(sub);
    return t != null && t.supertypes().contains(sup);
  }
}

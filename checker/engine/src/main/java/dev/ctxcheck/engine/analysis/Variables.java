package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.OperationSpec;
import dev.ctxcheck.engine.facts.PerCpuPointerSpec;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-CPU variables an update touches, abstracted by field (SPEC section 2.3): a static field
 * is one variable, an instance field stands for that field of every object, an array field for
 * all its elements. A variable reached through a parameter, local or method result is traced back
 * to the fields that flow there, over the whole call graph (flow-insensitive, a least fixed point
 * over only the nodes the update sites need).
 *
 * <p>Where the origin cannot be traced (a parameter of an entry point, a value computed by code
 * outside the program), the site gets a variable of its own, so a site is always a writer of what
 * it updates.
 */
final class Variables {

  /** A variable in the frame of a wrapper: a field, or one of the wrapper's parameters. */
  private record Ref(VariableKey.Field field, int parameter) {
    static final Ref UNKNOWN = new Ref(null, -1);

    boolean isField() {
      return field != null;
    }

    boolean isParameter() {
      return field == null && parameter >= 0;
    }
  }

  /** OBJECT: one CPU's object of the allocation a {@code @PerCpuPointer} call's argument holds. */
  private enum NodeKind { PARAMETER, LOCAL, RETURN, OBJECT }

  private record NodeKey(NodeKind kind, int method, int index, String name) {
    // Written out, as in VariableKey: a hot hash key.
    @Override
    public boolean equals(Object o) {
      return o instanceof NodeKey k && kind == k.kind && method == k.method && index == k.index
          && java.util.Objects.equals(name, k.name);
    }

    @Override
    public int hashCode() {
      return ((kind.ordinal() * 31 + method) * 31 + index) * 31 + (name == null ? 0 : name.hashCode());
    }
  }

  private static final class Node {
    final Set<VariableKey> keys = new LinkedHashSet<>();
    boolean unknown;
    final List<Node> dependents = new ArrayList<>();
    NodeKey key;
    /** For an OBJECT node: the per-CPU object it stands for, whose allocation its sources give. */
    Value.PerCpuObject object;

    /** Adds what a source gives; an OBJECT node wraps it as the objects of those allocations. */
    boolean addFrom(Set<VariableKey> sourceKeys, boolean sourceUnknown) {
      if (object == null) {
        boolean changed = keys.addAll(sourceKeys);
        if (sourceUnknown && !unknown) {
          unknown = true;
          changed = true;
        }
        return changed;
      }
      boolean changed = false;
      for (VariableKey k : sourceKeys) {
        if (!(k instanceof VariableKey.PerCpuObject)) {
          changed |= keys.add(new VariableKey.PerCpuObject(k, object.access()));
        }
      }
      if (sourceUnknown) {
        changed |= keys.add(new VariableKey.PerCpuObject(null, object.access()));
      }
      return changed;
    }
  }

  /** What one value resolves to before the fixed point: direct keys, nodes to read, unknown. */
  private static final class Sources {
    final Set<VariableKey> keys = new LinkedHashSet<>();
    final List<Node> nodes = new ArrayList<>();
    boolean unknown;
  }

  private final CallGraph graph;
  private final Operations operations;
  private final Map<NodeKey, Node> nodes = new HashMap<>();
  private final Deque<Node> toDiscover = new ArrayDeque<>();
  private final Map<String, List<Ref>> summaries = new HashMap<>();
  private boolean solved;

  Variables(CallGraph graph, Operations operations) {
    this.graph = graph;
    this.operations = operations;
  }


  /** A pending question: the variables of the update at {@code site} of {@code method}. */
  final class Query {
    private final int method;
    private final int site;
    private final Sources sources = new Sources();

    private Query(int method, int site) {
      this.method = method;
      this.site = site;
    }

    /** The answer, once {@link #solve()} has run. */
    Set<VariableKey> keys() {
      if (!solved) {
        throw new IllegalStateException("solve() first");
      }
      Set<VariableKey> out = new LinkedHashSet<>(sources.keys);
      boolean unknown = sources.unknown;
      for (Node n : sources.nodes) {
        out.addAll(n.keys);
        unknown |= n.unknown;
      }
      out.removeIf(k -> k instanceof VariableKey.PerCpuObject);
      if (out.isEmpty() || unknown) {
        out.add(new VariableKey.Untraced(graph.method(method).id(), site));
      }
      return out;
    }

    /**
     * For a field update's receiver, once {@link #solve()} has run: the per-CPU objects it may be
     * (empty if none: then it is no per-CPU update).
     */
    Set<VariableKey.PerCpuObject> objects() {
      if (!solved) {
        throw new IllegalStateException("solve() first");
      }
      Set<VariableKey.PerCpuObject> out = new LinkedHashSet<>();
      for (VariableKey k : sources.keys) {
        if (k instanceof VariableKey.PerCpuObject o) {
          out.add(o);
        }
      }
      for (Node n : sources.nodes) {
        for (VariableKey k : n.keys) {
          if (k instanceof VariableKey.PerCpuObject o) {
            out.add(o);
          }
        }
      }
      return out;
    }
  }

  /** Asks what the object whose field the update at {@code site} of {@code method} writes can be. */
  Query askReceiver(int method, int site) {
    Query q = new Query(method, site);
    addSources(method, graph.method(method).sites().get(site).receiver(), q.sources);
    return q;
  }

  /** Asks for the variables updated by the call at {@code site} of {@code method} to {@code op}. */
  Query ask(int method, int site, String calleeId, OperationSpec op) {
    Query q = new Query(method, site);
    CallSite call = graph.method(method).sites().get(site);
    if (operations.isWrapper(calleeId)) {
      for (Ref ref : summary(calleeId, new LinkedHashSet<>())) {
        if (ref.isField()) {
          q.sources.keys.add(ref.field());
        } else if (ref.isParameter()) {
          addSources(method, call.argument(ref.parameter()), q.sources);
        } else {
          q.sources.unknown = true;
        }
      }
    } else {
      Value v = op.variable() == OperationSpec.RECEIVER ? call.receiver() : call.argument(op.variable());
      addSources(method, v, q.sources);
    }
    return q;
  }

  /**
   * Asks for the fields {@code value} (an argument at {@code site} of {@code method}) may hold: for a
   * lock, identified like a variable.
   */
  Query askValue(int method, int site, Value value) {
    Query q = new Query(method, site);
    addSources(method, value, q.sources);
    return q;
  }

  /** Runs the fixed point over every node the queries reached. */
  void solve() {
    while (!toDiscover.isEmpty()) {
      discover(toDiscover.pop());
    }
    Deque<Node> work = new ArrayDeque<>();
    for (Node n : nodes.values()) {
      if (!n.keys.isEmpty() || n.unknown) {
        work.add(n);
      }
    }
    while (!work.isEmpty()) {
      Node n = work.poll();
      for (Node d : n.dependents) {
        if (d.addFrom(n.keys, n.unknown)) {
          work.add(d);
        }
      }
    }
    solved = true;
  }

  private void addSources(int method, Value v, Sources out) {
    if (v == null) {
      out.unknown = true;
      return;
    }
    if (v instanceof Value.Field f) {
      out.keys.add(VariableKey.of(f));
    } else if (v instanceof Value.PerCpuObject o) {
      if (o.access() != PerCpuPointerSpec.Access.OTHER_CPU) {
        Node n = node(new NodeKey(NodeKind.OBJECT, method, o.access().ordinal(), o.pointer() + " " + o.allocation()));
        n.object = o;
        out.nodes.add(n);
      }
    } else if (v instanceof Value.Parameter p) {
      out.nodes.add(node(new NodeKey(NodeKind.PARAMETER, method, p.index(), null)));
    } else if (v instanceof Value.Local l) {
      out.nodes.add(node(new NodeKey(NodeKind.LOCAL, method, -1, l.name())));
    } else if (v instanceof Value.CallResult r) {
      Integer t = graph.indexOf(r.method());
      if (t != null && graph.method(t).hasBody()) {
        out.nodes.add(node(new NodeKey(NodeKind.RETURN, t, -1, null)));
      } else {
        out.unknown = true;
      }
    } else {
      out.unknown = true;
    }
  }

  private Node node(NodeKey key) {
    Node n = nodes.get(key);
    if (n == null) {
      n = new Node();
      n.key = key;
      nodes.put(key, n);
      toDiscover.push(n);
    }
    return n;
  }

  /** Links a new node to what flows into it. */
  private void discover(Node n) {
    NodeKey k = n.key;
    MethodFacts method = graph.method(k.method());
    Sources s = new Sources();
    switch (k.kind()) {
      case PARAMETER -> {
        List<CallGraph.Caller> callers = graph.callers(k.method());
        if (callers.isEmpty()) {
          s.unknown = true;
        }
        for (CallGraph.Caller c : callers) {
          CallSite call = graph.method(c.caller()).sites().get(c.site());
          if (call.kind() == CallSite.Kind.INVOKE || call.kind() == CallSite.Kind.NEW) {
            addSources(c.caller(), call.argument(k.index()), s);
          } else {
            s.unknown = true; // a lambda or method reference: called through an interface
          }
        }
      }
      case LOCAL -> {
        List<Value> defs = method.localDefinitions().get(k.name());
        if (defs == null || defs.isEmpty()) {
          s.unknown = true;
        } else {
          for (Value def : defs) {
            addSources(k.method(), def, s);
          }
        }
      }
      case OBJECT -> addSources(k.method(), n.object.allocation(), s);
      case RETURN -> {
        if (method.returnValues().isEmpty()) {
          s.unknown = true;
        }
        for (Value r : method.returnValues()) {
          addSources(k.method(), r, s);
        }
      }
    }
    n.addFrom(s.keys, s.unknown);
    for (Node src : s.nodes) {
      src.dependents.add(n);
    }
  }

  /** What a wrapper updates, in terms of its own fields and parameters. */
  private List<Ref> summary(String wrapperId, Set<String> inProgress) {
    List<Ref> cached = summaries.get(wrapperId);
    if (cached != null) {
      return cached;
    }
    if (!inProgress.add(wrapperId)) {
      return List.of();
    }
    Integer w = graph.indexOf(wrapperId);
    Set<Ref> refs = new LinkedHashSet<>();
    if (w != null) {
      MethodFacts wrapper = graph.method(w);
      for (CallSite site : wrapper.sites()) {
        if (site.kind() != CallSite.Kind.INVOKE) {
          continue;
        }
        OperationSpec op = operations.of(site.target());
        if (op == null || !op.kind().isUpdate()) {
          continue;
        }
        if (operations.isWrapper(site.target())) {
          for (Ref inner : summary(site.target(), inProgress)) {
            if (inner.isParameter()) {
              symbolic(wrapper, site.argument(inner.parameter()), refs, new LinkedHashSet<>());
            } else {
              refs.add(inner);
            }
          }
        } else {
          Value v = op.variable() == OperationSpec.RECEIVER ? site.receiver() : site.argument(op.variable());
          symbolic(wrapper, v, refs, new LinkedHashSet<>());
        }
      }
    }
    inProgress.remove(wrapperId);
    List<Ref> result = List.copyOf(refs);
    summaries.put(wrapperId, result);
    return result;
  }

  private static void symbolic(MethodFacts frame, Value v, Set<Ref> out, Set<String> visitedLocals) {
    if (v == null) {
      out.add(Ref.UNKNOWN);
      return;
    }
    if (v instanceof Value.Field f) {
      out.add(new Ref(VariableKey.of(f), -1));
    } else if (v instanceof Value.Parameter p) {
      out.add(new Ref(null, p.index()));
    } else if (v instanceof Value.Local l) {
      if (visitedLocals.add(l.name())) {
        for (Value def : frame.localDefinitions().getOrDefault(l.name(), List.of())) {
          symbolic(frame, def, out, visitedLocals);
        }
      }
    } else {
      out.add(Ref.UNKNOWN);
    }
  }
}

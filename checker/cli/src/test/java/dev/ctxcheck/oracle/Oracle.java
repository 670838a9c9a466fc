package dev.ctxcheck.oracle;

import dev.ctxcheck.oracle.Model.Atomicity;
import dev.ctxcheck.oracle.Model.Call;
import dev.ctxcheck.oracle.Model.CondReturn;
import dev.ctxcheck.oracle.Model.Ctx;
import dev.ctxcheck.oracle.Model.If;
import dev.ctxcheck.oracle.Model.Level;
import dev.ctxcheck.oracle.Model.LocalLambda;
import dev.ctxcheck.oracle.Model.Loop;
import dev.ctxcheck.oracle.Model.Method;
import dev.ctxcheck.oracle.Model.Prim;
import dev.ctxcheck.oracle.Model.Program;
import dev.ctxcheck.oracle.Model.Read;
import dev.ctxcheck.oracle.Model.Region;
import dev.ctxcheck.oracle.Model.Register;
import dev.ctxcheck.oracle.Model.Stmt;
import dev.ctxcheck.oracle.Model.Style;
import dev.ctxcheck.oracle.Model.Update;
import dev.ctxcheck.oracle.Model.VirtualCall;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A brute-force reading of SPEC §2 on the generator's program model, written without looking at the
 * engine. It enumerates, for every body, all intra-procedural paths (keeping the mask counts each
 * path holds), and, from every entry point, all call paths (a body may be entered again on a path
 * only in a (context, mask) state not already on that path); then it applies the two reporting rules
 * to the set of (site, context, mask) triples reached.
 */
final class Oracle {

  /** The checks the oracle predicts; ContextMaskImbalance is never expected (masking is balanced). */
  enum Kind {
    NON_ATOMIC("NonAtomicPerCpuUpdate"),
    PREEMPTIBLE("PerCpuUpdateInPreemptibleCode");

    final String checkName;

    Kind(String checkName) {
      this.checkName = checkName;
    }
  }

  record Expectation(int site, Kind kind) implements Comparable<Expectation> {
    @Override
    public int compareTo(Expectation o) {
      return site != o.site ? Integer.compare(site, o.site) : kind.compareTo(o.kind);
    }
  }

  /** An update site reached in a context with a mask. */
  record Reach(int site, Ctx ctx, Level level) {}

  /** A body that can be entered: a static method, an implementation's {@code op()}, or a lambda. */
  sealed interface Target permits MethodT, ImplT, LambdaT {}

  record MethodT(int index) implements Target {}

  record ImplT(boolean b) implements Target {}

  record LambdaT(int id) implements Target {}

  static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded(long budget) {
      super("more than " + budget + " call-path steps");
    }
  }

  record Result(Set<Expectation> expected, Set<Reach> reached, long paths) {
    /** For messages: the contexts and masks each site is reached in. */
    String reachOf(int site) {
      Set<String> out = new TreeSet<>();
      for (Reach r : reached) {
        if (r.site() == site) {
          out.add(r.ctx() + "/" + r.level());
        }
      }
      return out.isEmpty() ? "unreached" : String.join(", ", out);
    }
  }

  private final Program program;
  private final long budget;
  private final Map<Target, List<Stmt>> bodies = new LinkedHashMap<>();
  private final List<Map.Entry<Target, Ctx>> entries = new ArrayList<>();
  /** For each point (update, call, virtual call, lambda creation) of a body: the weakest own mask over all paths. */
  private final Map<Target, List<Map.Entry<Stmt, Level>>> points = new HashMap<>();
  private final Set<Reach> reached = new LinkedHashSet<>();
  private long steps;

  private Oracle(Program program, long budget) {
    this.program = program;
    this.budget = budget;
  }

  static Result analyze(Program p) {
    return analyze(p, Long.MAX_VALUE);
  }

  static Result analyze(Program p, long budget) {
    Oracle o = new Oracle(p, budget);
    return o.run();
  }

  private Result run() {
    collectBodies();
    for (Map.Entry<Target, List<Stmt>> b : bodies.entrySet()) {
      points.put(b.getKey(), new Intra().analyze(b.getValue()));
    }
    for (Map.Entry<Target, Ctx> e : entries) {
      Ctx c = e.getValue();
      Set<Object> onPath = new HashSet<>();
      onPath.add(List.of(e.getKey(), c, c.implied));
      visit(e.getKey(), c, c.implied, onPath);
    }
    return new Result(judge(), Set.copyOf(reached), steps);
  }

  // ---------------------------------------------------------------- bodies and entry points

  private void collectBodies() {
    for (int i = 0; i < program.methods().size(); i++) {
      Method m = program.methods().get(i);
      MethodT t = new MethodT(i);
      bodies.put(t, m.body());
      m.contexts().forEach(c -> entries.add(Map.entry(t, c)));
    }
    addImpl(new ImplT(false), program.implA());
    addImpl(new ImplT(true), program.implB());
    for (List<Stmt> top : program.topBodies()) {
      collectLambdas(top);
    }
  }

  /** An annotation on the interface method is inherited by every override (SPEC §1). */
  private void addImpl(ImplT t, Method impl) {
    bodies.put(t, impl.body());
    Set<Ctx> ctxs = EnumSet.noneOf(Ctx.class);
    ctxs.addAll(impl.contexts());
    ctxs.addAll(program.opsContexts());
    ctxs.forEach(c -> entries.add(Map.entry(t, c)));
  }

  private void collectLambdas(List<Stmt> body) {
    for (Stmt s : body) {
      if (s instanceof LocalLambda l) {
        bodies.put(new LambdaT(l.id()), l.body());
      } else if (s instanceof Register r) {
        // A callback passed to a context-annotated parameter runs in that context only, wherever
        // (and whether or not) the registering code runs.
        Target t = r.method() >= 0 ? new MethodT(r.method()) : new LambdaT(r.id());
        if (r.method() < 0) {
          bodies.put(t, r.body());
        }
        entries.add(Map.entry(t, r.api().ctx));
      }
      for (List<Stmt> child : Model.children(s)) {
        collectLambdas(child);
      }
    }
  }

  // ---------------------------------------------------------------- call paths

  private void visit(Target t, Ctx c, Level entry, Set<Object> onPath) {
    if (++steps > budget) {
      throw new BudgetExceeded(budget);
    }
    for (Map.Entry<Stmt, Level> p : points.get(t)) {
      Stmt s = p.getKey();
      // The callee runs with the caller's masks at the call, on top of what the context masks.
      Level here = Level.max(Level.max(c.implied, entry), p.getValue());
      if (s instanceof Update u) {
        reached.add(new Reach(u.site(), c, here));
      } else if (s instanceof Call call) {
        enter(new MethodT(call.method()), c, here, onPath);
      } else if (s instanceof VirtualCall v) {
        // Class hierarchy analysis: every implementation of the receiver's static type.
        if (!v.onlyB()) {
          enter(new ImplT(false), c, here, onPath);
        }
        enter(new ImplT(true), c, here, onPath);
      } else if (s instanceof LocalLambda l) {
        // Not registered: the lambda runs where it is created, in the creator's context and masks.
        enter(new LambdaT(l.id()), c, here, onPath);
      }
    }
  }

  private void enter(Target t, Ctx c, Level level, Set<Object> onPath) {
    Object key = List.of(t, c, level);
    if (onPath.add(key)) {
      visit(t, c, level, onPath);
      onPath.remove(key);
    }
  }

  // ---------------------------------------------------------------- the rules

  /** Whether context {@code by} can interrupt code running in context {@code c} with {@code level} masked. */
  static boolean canInterrupt(Ctx by, Ctx c, Level level) {
    switch (by) {
      case NMI:
        return c != Ctx.NMI;
      case HARDIRQ:
        return (c == Ctx.PROCESS || c == Ctx.SOFTIRQ) && level.compareTo(Level.HARDIRQ) < 0;
      case SOFTIRQ:
        return c == Ctx.PROCESS && level.compareTo(Level.SOFTIRQ) < 0;
      default:
        return false;
    }
  }

  private Set<Expectation> judge() {
    Map<Integer, Update> sites = new HashMap<>();
    for (Update u : program.updates()) {
      sites.put(u.site(), u);
    }
    // Which contexts update each variable, atomically or not, raw included.
    Map<Integer, Set<Ctx>> writers = new HashMap<>();
    for (Reach r : reached) {
      writers.computeIfAbsent(sites.get(r.site()).var(), k -> EnumSet.noneOf(Ctx.class)).add(r.ctx());
    }
    Set<Expectation> out = new TreeSet<>();
    for (Reach r : reached) {
      Update u = sites.get(r.site());
      if (u.kind() != Atomicity.NON_ATOMIC || u.op().startsWith("this_cpu_")) {
        continue;
      }
      for (Ctx by : writers.get(u.var())) {
        if (canInterrupt(by, r.ctx(), r.level())) {
          out.add(new Expectation(u.site(), Kind.NON_ATOMIC));
        }
      }
      if (r.ctx() == Ctx.PROCESS && r.level() == Level.NONE) {
        out.add(new Expectation(u.site(), Kind.PREEMPTIBLE));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- intra-procedural paths

  /** Mask counts held by the body itself on one path: preemption, softirq and hardirq disables. */
  record Counts(int preempt, int bh, int irq) {
    static final Counts ZERO = new Counts(0, 0, 0);

    Level level() {
      return irq > 0 ? Level.HARDIRQ : bh > 0 ? Level.SOFTIRQ : preempt > 0 ? Level.PREEMPTION : Level.NONE;
    }

    Counts plus(Prim p, int d) {
      Counts c = switch (p.level) {
        case PREEMPTION -> new Counts(preempt + d, bh, irq);
        case SOFTIRQ -> new Counts(preempt, bh + d, irq);
        case HARDIRQ -> new Counts(preempt, bh, irq + d);
        case NONE -> this;
      };
      if (c.preempt < 0 || c.bh < 0 || c.irq < 0) {
        throw new IllegalStateException("release without acquire: " + p);
      }
      return c;
    }
  }

  /** The states a statement list leaves: falling through, or returning from the body. */
  record Flow(Set<Counts> normal, Set<Counts> returned) {}

  /**
   * Enumerates every path through one body. Paths that reach a statement with the same counts have
   * the same future, so the set of distinct counts per statement stands for all paths; loops are
   * iterated until no new counts appear. A point is masked at level L only if L is held on every
   * path to it: the weakest level over the states that reach it.
   */
  private static final class Intra {
    private final Map<Stmt, Level> weakest = new IdentityHashMap<>();
    private final List<Stmt> order = new ArrayList<>();

    List<Map.Entry<Stmt, Level>> analyze(List<Stmt> body) {
      Flow f = exec(body, Set.of(Counts.ZERO), List.of());
      for (Counts c : union(f.normal(), f.returned())) {
        if (!c.equals(Counts.ZERO)) {
          throw new IllegalStateException("unbalanced body leaves " + c);
        }
      }
      List<Map.Entry<Stmt, Level>> out = new ArrayList<>();
      for (Stmt s : order) {
        out.add(Map.entry(s, weakest.get(s)));
      }
      return out;
    }

    private void point(Stmt s, Set<Counts> in) {
      for (Counts c : in) {
        if (!weakest.containsKey(s)) {
          order.add(s);
          weakest.put(s, c.level());
        } else {
          weakest.put(s, Level.min(weakest.get(s), c.level()));
        }
      }
    }

    /** @param explicit the primitives of the enclosing {@link Style#EXPLICIT} regions, outermost first */
    private Flow exec(List<Stmt> stmts, Set<Counts> in, List<Prim> explicit) {
      Set<Counts> cur = in;
      Set<Counts> ret = new HashSet<>();
      for (Stmt s : stmts) {
        Flow f = exec(s, cur, explicit);
        cur = f.normal();
        ret.addAll(f.returned());
      }
      return new Flow(cur, ret);
    }

    private Flow exec(Stmt s, Set<Counts> in, List<Prim> explicit) {
      if (s instanceof Update || s instanceof Call || s instanceof VirtualCall) {
        point(s, in);
        return new Flow(in, Set.of());
      } else if (s instanceof LocalLambda l) {
        point(s, in);
        // The call f.run() under its primitive changes nothing at the end.
        Set<Counts> after = new HashSet<>();
        for (Counts c : in) {
          after.add(l.callUnder() == null ? c : c.plus(l.callUnder(), 1).plus(l.callUnder(), -1));
        }
        return new Flow(after, Set.of());
      } else if (s instanceof Read || s instanceof Register) {
        return new Flow(in, Set.of());
      } else if (s instanceof If i) {
        Flow a = exec(i.then(), in, explicit);
        Flow b = exec(i.otherwise(), in, explicit);
        return new Flow(union(a.normal(), b.normal()), union(a.returned(), b.returned()));
      } else if (s instanceof Loop l) {
        Set<Counts> all = new HashSet<>(in);
        Set<Counts> frontier = in;
        Set<Counts> ret = new HashSet<>();
        for (int round = 0; !frontier.isEmpty(); round++) {
          if (round > 50) {
            throw new IllegalStateException("loop body changes the masks without bound");
          }
          Flow f = exec(l.body(), frontier, explicit);
          ret.addAll(f.returned());
          Set<Counts> next = new HashSet<>(f.normal());
          next.removeAll(all);
          all.addAll(next);
          frontier = next;
        }
        return new Flow(all, ret);
      } else if (s instanceof CondReturn) {
        // Before the return the enclosing explicit regions are released, innermost first; the
        // try/finally and Guard regions release on the way out.
        Set<Counts> ret = new HashSet<>();
        for (Counts c : in) {
          Counts r = c;
          for (int k = explicit.size() - 1; k >= 0; k--) {
            r = r.plus(explicit.get(k), -1);
          }
          ret.add(r);
        }
        return new Flow(in, ret);
      } else if (s instanceof Region r) {
        Set<Counts> held = new HashSet<>();
        for (Counts c : in) {
          held.add(c.plus(r.prim(), 1));
        }
        List<Prim> inner = explicit;
        if (r.style() == Style.EXPLICIT) {
          inner = new ArrayList<>(explicit);
          inner.add(r.prim());
        }
        Flow f = exec(r.body(), held, inner);
        Set<Counts> normal = new HashSet<>();
        for (Counts c : f.normal()) {
          normal.add(c.plus(r.prim(), -1));
        }
        Set<Counts> ret = new HashSet<>();
        for (Counts c : f.returned()) {
          ret.add(r.style() == Style.EXPLICIT ? c : c.plus(r.prim(), -1));
        }
        return new Flow(normal, ret);
      }
      throw new IllegalArgumentException("statement " + s);
    }

    private static Set<Counts> union(Set<Counts> a, Set<Counts> b) {
      Set<Counts> u = new HashSet<>(a);
      u.addAll(b);
      return u;
    }
  }
}

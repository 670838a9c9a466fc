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
 * engine. It enumerates, for every body, all intra-procedural paths (keeping the mask and lock counts
 * each path holds), and, from every entry point, all call paths (a body may be entered again on a
 * path only in a (context, mask) state not already on that path); then it applies the two reporting
 * rules to what reaches each site.
 *
 * <p>Locks (docs/model.md): a site's lockset in a state is what every call path that reaches its
 * body in that state holds at the call into it, plus what its body holds there on every path; two
 * updates whose locksets share a lock never race. The PREEMPT_RT model (SPEC §2.7,
 * docs/preempt-rt.md) is a second reading of the masks and of who can run in the middle of whom.
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

  /** An update site reached in a context with a mask (under PREEMPT_RT: the strongest flag, for messages). */
  record Reach(int site, Ctx ctx, Level level) {}

  /** Mask flags under PREEMPT_RT: no other thread runs, softirq processing held off, hard irqs off. */
  static final int P = 1;
  static final int S = 2;
  static final int H = 4;

  /**
   * A site as reached in one state of its body's entry: {@code ctx}, {@code hard} (a noThread
   * hardirq), {@code entryMask} (the body's entry level on mainline, its flags under PREEMPT_RT).
   */
  record ReachKey(int site, Ctx ctx, boolean hard, int entryMask) {}

  /** What the paths into one {@link ReachKey} give: the mask at the site, the locks every path holds, its entry points. */
  static final class Reached {
    int mask;
    int locks = -1;
    final Set<Target> entries = new HashSet<>();
  }

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

  /** An entry point: a body entered in a context; {@code hard} for a noThread hardirq handler. */
  record Entry(Target target, Ctx ctx, boolean hard) {}

  /** What a body holds at one of its points on every path: mainline level, PREEMPT_RT flags, locks. */
  record Point(Level level, int rtFlags, int locks) {}

  private final Program program;
  private final long budget;
  private final boolean rt;
  private final Map<Target, List<Stmt>> bodies = new LinkedHashMap<>();
  private final List<Entry> entries = new ArrayList<>();
  /** For each point (update, call, virtual call, lambda creation) of a body: what it holds on every path. */
  private final Map<Target, List<Map.Entry<Stmt, Point>>> points = new HashMap<>();
  private final Set<Reach> reached = new LinkedHashSet<>();
  private final Map<ReachKey, Reached> reaches = new LinkedHashMap<>();
  private long steps;

  private Oracle(Program program, long budget, boolean rt) {
    this.program = program;
    this.budget = budget;
    this.rt = rt;
  }

  static Result analyze(Program p) {
    return analyze(p, Long.MAX_VALUE, false);
  }

  static Result analyze(Program p, boolean rt) {
    return analyze(p, Long.MAX_VALUE, rt);
  }

  static Result analyze(Program p, long budget) {
    return analyze(p, budget, false);
  }

  static Result analyze(Program p, long budget, boolean rt) {
    Oracle o = new Oracle(p, budget, rt);
    return o.run();
  }

  private Result run() {
    collectBodies();
    for (Map.Entry<Target, List<Stmt>> b : bodies.entrySet()) {
      points.put(b.getKey(), new Intra().analyze(b.getValue()));
    }
    for (Entry e : entries) {
      int mask = rt ? implied(e.ctx(), e.hard()) : e.ctx().implied.ordinal();
      Set<Object> onPath = new HashSet<>();
      onPath.add(List.of(e.target(), e.ctx(), e.hard(), mask));
      visit(e.target(), e.ctx(), e.hard(), mask, 0, e.target(), onPath);
    }
    return new Result(judge(), Set.copyOf(reached), steps);
  }

  /** PREEMPT_RT: what a context itself holds (a softirq thread is serialized against softirq processing). */
  static int implied(Ctx c, boolean hard) {
    return switch (c) {
      case PROCESS -> 0;
      case SOFTIRQ -> S;
      case HARDIRQ -> hard ? P | S | H : 0;
      case NMI -> P | S | H;
    };
  }

  private static Level levelOf(int flags) {
    return (flags & H) != 0 ? Level.HARDIRQ : (flags & S) != 0 ? Level.SOFTIRQ
        : (flags & P) != 0 ? Level.PREEMPTION : Level.NONE;
  }

  // ---------------------------------------------------------------- bodies and entry points

  private void collectBodies() {
    for (int i = 0; i < program.methods().size(); i++) {
      Method m = program.methods().get(i);
      MethodT t = new MethodT(i);
      bodies.put(t, m.body());
      m.contexts().forEach(c -> entries.add(new Entry(t, c, false)));
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
    ctxs.forEach(c -> entries.add(new Entry(t, c, false)));
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
        entries.add(new Entry(t, r.api().ctx, r.api().noThread && rt));
      }
      for (List<Stmt> child : Model.children(s)) {
        collectLambdas(child);
      }
    }
  }

  // ---------------------------------------------------------------- call paths

  /**
   * @param entryMask what the body is entered with: its level on mainline (the context's included),
   *     its flags under PREEMPT_RT
   * @param locks the locks the call path holds at the call into the body
   */
  private void visit(Target t, Ctx c, boolean hard, int entryMask, int locks, Target from, Set<Object> onPath) {
    if (++steps > budget) {
      throw new BudgetExceeded(budget);
    }
    for (Map.Entry<Stmt, Point> p : points.get(t)) {
      Stmt s = p.getKey();
      Point pt = p.getValue();
      // The callee runs with the caller's masks and locks at the call, on top of what the context masks.
      int here = rt ? entryMask | pt.rtFlags() | implied(c, hard)
          : Level.max(Level.max(c.implied, Level.values()[entryMask]), pt.level()).ordinal();
      int held = locks | pt.locks();
      if (s instanceof Update u) {
        reached.add(new Reach(u.site(), c, rt ? levelOf(here) : Level.values()[here]));
        Reached r = reaches.computeIfAbsent(new ReachKey(u.site(), c, hard, entryMask), k -> new Reached());
        r.mask = here;
        r.locks = r.locks == -1 ? held : r.locks & held;
        r.entries.add(from);
      } else if (s instanceof Call call) {
        enter(new MethodT(call.method()), c, hard, here, held, from, onPath);
      } else if (s instanceof VirtualCall v) {
        // Class hierarchy analysis: every implementation of the receiver's static type.
        if (!v.onlyB()) {
          enter(new ImplT(false), c, hard, here, held, from, onPath);
        }
        enter(new ImplT(true), c, hard, here, held, from, onPath);
      } else if (s instanceof LocalLambda l) {
        // Not registered: the lambda runs where it is created, in the creator's context, masks and locks.
        enter(new LambdaT(l.id()), c, hard, here, held, from, onPath);
      }
    }
  }

  private void enter(Target t, Ctx c, boolean hard, int mask, int locks, Target from, Set<Object> onPath) {
    // A path that comes back to a state it has been in holds at least the locks it held then: it adds
    // nothing to what every path holds, and it is cut.
    Object key = List.of(t, c, hard, mask);
    if (onPath.add(key)) {
      visit(t, c, hard, mask, locks, from, onPath);
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

  /**
   * PREEMPT_RT (SPEC §2.7, docs/preempt-rt.md): whether a writer reached as {@code w} can run in the
   * middle of a non-atomic update reached as {@code v}, locks aside.
   */
  static boolean interleavesRt(Ctx vc, boolean vHard, int vMask, Ctx wc, boolean wHard, int wMask,
      boolean twoEntryPoints) {
    boolean victimThread = vc == Ctx.PROCESS || vc == Ctx.SOFTIRQ || vc == Ctx.HARDIRQ && !vHard;
    if (wc == Ctx.NMI) {
      return vc != Ctx.NMI;
    }
    if (wc == Ctx.HARDIRQ && wHard) {
      return victimThread && (vMask & H) == 0;
    }
    // The writer is a thread (process, a softirq thread, an irq thread).
    if (!victimThread || (vMask & (P | H)) != 0) {
      return false;
    }
    if (wc == Ctx.PROCESS && vc == Ctx.PROCESS) {
      return false;
    }
    if (wc == Ctx.SOFTIRQ && vc != Ctx.SOFTIRQ && (vMask & S) != 0) {
      return false;
    }
    if (wc != Ctx.SOFTIRQ && vc == Ctx.SOFTIRQ && (wMask & S) != 0) {
      return false;
    }
    if (wc == vc) {
      return twoEntryPoints;
    }
    return true;
  }

  private Set<Expectation> judge() {
    Map<Integer, Update> sites = new HashMap<>();
    for (Update u : program.updates()) {
      sites.put(u.site(), u);
    }
    // The reaches of each variable's writers, atomic or not, raw included.
    Map<Integer, List<Map.Entry<ReachKey, Reached>>> writers = new HashMap<>();
    for (Map.Entry<ReachKey, Reached> e : reaches.entrySet()) {
      writers.computeIfAbsent(sites.get(e.getKey().site()).var(), k -> new ArrayList<>()).add(e);
    }
    Set<Expectation> out = new TreeSet<>();
    for (Map.Entry<ReachKey, Reached> ve : reaches.entrySet()) {
      ReachKey v = ve.getKey();
      Reached vr = ve.getValue();
      Update u = sites.get(v.site());
      if (u.kind() != Atomicity.NON_ATOMIC || u.op().startsWith("this_cpu_")) {
        continue;
      }
      for (Map.Entry<ReachKey, Reached> we : writers.get(u.var())) {
        ReachKey w = we.getKey();
        Reached wr = we.getValue();
        if ((vr.locks & wr.locks) != 0) {
          continue; // a common lock serializes them
        }
        boolean races;
        if (rt) {
          Set<Target> both = new HashSet<>(vr.entries);
          both.addAll(wr.entries);
          races = interleavesRt(v.ctx(), v.hard(), vr.mask, w.ctx(), w.hard(), wr.mask, both.size() >= 2);
        } else {
          races = canInterrupt(w.ctx(), v.ctx(), Level.values()[vr.mask]);
        }
        if (races) {
          out.add(new Expectation(u.site(), Kind.NON_ATOMIC));
        }
      }
      // Under PREEMPT_RT a task that preempts the site and runs it again takes the site's locks too.
      boolean preemptible = rt ? v.ctx() == Ctx.PROCESS && (vr.mask & (P | H)) == 0 && vr.locks == 0
          : v.ctx() == Ctx.PROCESS && vr.mask == Level.NONE.ordinal();
      if (preemptible) {
        out.add(new Expectation(u.site(), Kind.PREEMPTIBLE));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- intra-procedural paths

  /**
   * Counts held by the body itself on one path: preemption, softirq and hardirq disables as on
   * mainline, the same under PREEMPT_RT ({@code rp}, {@code rb}, {@code ri}: raw preemption,
   * softirq serialization, raw irq disabling), and per lock ({@code L0..} then {@code K0..}).
   */
  record Counts(int preempt, int bh, int irq, int rp, int rb, int ri, List<Integer> locks) {
    static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0,
        java.util.Collections.nCopies(2 * ProgramGenerator.LOCKS, 0));

    Level level() {
      return irq > 0 ? Level.HARDIRQ : bh > 0 ? Level.SOFTIRQ : preempt > 0 ? Level.PREEMPTION : Level.NONE;
    }

    int rtFlags() {
      return (rp > 0 || ri > 0 ? P : 0) | (rb > 0 || ri > 0 ? S : 0) | (ri > 0 ? H : 0);
    }

    int lockBits() {
      int bits = 0;
      for (int k = 0; k < locks.size(); k++) {
        if (locks.get(k) > 0) {
          bits |= 1 << k;
        }
      }
      return bits;
    }

    Counts plus(Prim p, int lock, int d) {
      int pr = preempt;
      int b = bh;
      int i = irq;
      switch (p.level) {
        case PREEMPTION -> pr += d;
        case SOFTIRQ -> b += d;
        case HARDIRQ -> i += d;
        default -> { }
      }
      int rpr = rp;
      int rbh = rb;
      int rirq = ri;
      if (p.rt == Model.Rt.SOFTIRQ_ONLY) {
        rbh += d;
      } else if (p.rt == Model.Rt.SAME) {
        switch (p.level) {
          case PREEMPTION -> rpr += d;
          case SOFTIRQ -> rbh += d;
          case HARDIRQ -> rirq += d;
          default -> { }
        }
      }
      List<Integer> l = locks;
      Model.LockKind kind = p.lockKind();
      if (kind != Model.LockKind.NONE) {
        l = new ArrayList<>(locks);
        int id = (kind == Model.LockKind.SPIN ? 0 : ProgramGenerator.LOCKS) + lock;
        l.set(id, l.get(id) + d);
      }
      Counts c = new Counts(pr, b, i, rpr, rbh, rirq, List.copyOf(l));
      if (pr < 0 || b < 0 || i < 0 || rpr < 0 || rbh < 0 || rirq < 0 || l.stream().anyMatch(x -> x < 0)) {
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
    private final Map<Stmt, Point> weakest = new IdentityHashMap<>();
    private final List<Stmt> order = new ArrayList<>();

    List<Map.Entry<Stmt, Point>> analyze(List<Stmt> body) {
      Flow f = exec(body, Set.of(Counts.ZERO), List.of());
      for (Counts c : union(f.normal(), f.returned())) {
        if (!c.equals(Counts.ZERO)) {
          throw new IllegalStateException("unbalanced body leaves " + c);
        }
      }
      List<Map.Entry<Stmt, Point>> out = new ArrayList<>();
      for (Stmt s : order) {
        out.add(Map.entry(s, weakest.get(s)));
      }
      return out;
    }

    /** A point holds what every path to it holds. */
    private void point(Stmt s, Set<Counts> in) {
      for (Counts c : in) {
        Point now = new Point(c.level(), c.rtFlags(), c.lockBits());
        Point was = weakest.get(s);
        if (was == null) {
          order.add(s);
          weakest.put(s, now);
        } else {
          weakest.put(s, new Point(Level.min(was.level(), now.level()), was.rtFlags() & now.rtFlags(),
              was.locks() & now.locks()));
        }
      }
    }

    /** @param explicit the enclosing {@link Style#EXPLICIT} regions, outermost first */
    private Flow exec(List<Stmt> stmts, Set<Counts> in, List<Region> explicit) {
      Set<Counts> cur = in;
      Set<Counts> ret = new HashSet<>();
      for (Stmt s : stmts) {
        Flow f = exec(s, cur, explicit);
        cur = f.normal();
        ret.addAll(f.returned());
      }
      return new Flow(cur, ret);
    }

    private Flow exec(Stmt s, Set<Counts> in, List<Region> explicit) {
      if (s instanceof Update || s instanceof Call || s instanceof VirtualCall) {
        point(s, in);
        return new Flow(in, Set.of());
      } else if (s instanceof LocalLambda l) {
        point(s, in);
        // The call f.run() under its primitive changes nothing at the end.
        Set<Counts> after = new HashSet<>();
        for (Counts c : in) {
          after.add(l.callUnder() == null ? c : c.plus(l.callUnder(), 0, 1).plus(l.callUnder(), 0, -1));
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
            r = r.plus(explicit.get(k).prim(), explicit.get(k).lock(), -1);
          }
          ret.add(r);
        }
        return new Flow(in, ret);
      } else if (s instanceof Region r) {
        Set<Counts> held = new HashSet<>();
        for (Counts c : in) {
          held.add(c.plus(r.prim(), r.lock(), 1));
        }
        List<Region> inner = explicit;
        if (r.style() == Style.EXPLICIT) {
          inner = new ArrayList<>(explicit);
          inner.add(r);
        }
        Flow f = exec(r.body(), held, inner);
        Set<Counts> normal = new HashSet<>();
        for (Counts c : f.normal()) {
          normal.add(c.plus(r.prim(), r.lock(), -1));
        }
        Set<Counts> ret = new HashSet<>();
        for (Counts c : f.returned()) {
          ret.add(r.style() == Style.EXPLICIT ? c : c.plus(r.prim(), r.lock(), -1));
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

package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The two race checks over the update sites: {@code NonAtomicPerCpuUpdate} (SPEC 2.3: a non-atomic
 * update of V in state (C, M) that a context which also updates V can interrupt; one site reached
 * in two contexts that can interrupt each other is the special case where that other writer is the
 * site itself) and {@code PerCpuUpdateInPreemptibleCode}.
 */
final class RaceRules {

  /**
   * One way an update site is reached: its method in {@code methodState}, path length {@code depth},
   * the locks surely held at the site, and (under PREEMPT_RT) up to two entry points reaching it.
   */
  private record Reach(UpdateSite site, int methodState, int siteState, int depth, BitSet locks, int[] entries) {}

  /** Writer classes: the contexts, and under PREEMPT_RT threaded hardirq code apart from hard. */
  private static final int CLASSES = ExecContext.values().length + 1;

  private final CallGraph graph;
  private final Propagation propagation;
  private final Traces traces;
  private final Operations operations;
  private final Locks locks;
  private final boolean rt;
  /** Under PREEMPT_RT: the findings the mainline model makes ({@link #key}), to tell RT-only races. */
  private final Set<String> mainline;
  private final Fixes fixes;
  /** For each variable and writer class, its writers' reaches, shortest path first (ties in discovery order). */
  private final Map<VariableKey, List<Reach>[]> writers = new HashMap<>();

  RaceRules(CallGraph graph, Propagation propagation, Traces traces, Operations operations, Locks locks,
      List<UpdateSite> sites, Set<String> mainline) {
    this.graph = graph;
    this.propagation = propagation;
    this.traces = traces;
    this.operations = operations;
    this.locks = locks;
    this.rt = propagation.preemptRt();
    this.mainline = mainline;
    this.fixes = new Fixes(graph.program());
    for (UpdateSite u : sites) {
      for (Reach r : reaches(u)) {
        int c = writerClass(r.siteState());
        for (VariableKey v : u.variables()) {
          @SuppressWarnings("unchecked")
          List<Reach>[] byClass = writers.computeIfAbsent(v, k -> new List[CLASSES]);
          if (byClass[c] == null) {
            byClass[c] = new ArrayList<>();
          }
          byClass[c].add(r);
        }
      }
    }
    for (List<Reach>[] byClass : writers.values()) {
      for (List<Reach> list : byClass) {
        if (list != null) {
          list.sort(Comparator.comparingInt(Reach::depth));
        }
      }
    }
  }

  /** A finding's identity across the two models: check, file and offset. */
  static String key(Finding f) {
    return f.check().checkName() + " " + f.position().file() + " " + f.position().offset();
  }

  private List<Reach> reaches(UpdateSite u) {
    List<Reach> out = new ArrayList<>();
    long states = propagation.statesOf(u.method());
    for (int st = 0; st < Propagation.STATE_COUNT; st++) {
      if ((states & (1L << st)) != 0) {
        out.add(new Reach(u, st, traces.siteState(u.method(), u.site(), st), propagation.depth(u.method(), st),
            locks.lockset(u.method(), u.site(), st), rt ? propagation.entryPoints(u.method(), st) : null));
      }
    }
    return out;
  }

  private boolean reportable(UpdateSite u) {
    return operations.countsAsNonAtomic(u.operation().kind());
  }

  /**
   * Who a writer is, for choosing one writer of each kind: its context, and under PREEMPT_RT whether
   * a hardirq writer is a thread.
   */
  private int writerClass(int state) {
    ExecContext c = Propagation.context(state);
    return rt && c == ExecContext.HARDIRQ && !Propagation.isHard(state) ? ExecContext.values().length : c.ordinal();
  }

  /** The context as messages name it: under PREEMPT_RT a threaded handler is "HARDIRQ thread". */
  private String contextName(int state) {
    ExecContext c = Propagation.context(state);
    return rt && c == ExecContext.HARDIRQ && !Propagation.isHard(state) ? "HARDIRQ thread" : c.name();
  }

  /** Whether {@code w} can run in the middle of the update reached as {@code v}. */
  private boolean interleaves(Reach v, Reach w, int writerClass) {
    if (writerClass(w.siteState()) != writerClass || v.locks().intersects(w.locks())) {
      return false;
    }
    if (!rt) {
      return Interruption.canInterrupt(Propagation.context(w.siteState()), v.siteState());
    }
    return Interruption.canInterleaveRt(v.siteState(), w.siteState(), distinct(v.entries(), w.entries()));
  }

  /**
   * The name of an entry point of {@code w} other than the first of {@code v}'s path, for a site that
   * races with itself in one thread context; null if there is none to name.
   */
  private String otherEntryPoint(Reach v, Reach w) {
    int first = propagation.path(v.site().method(), v.methodState()).get(0).method();
    for (int e : w.entries()) {
      if (e >= 0 && e != first) {
        return graph.method(e).displayName();
      }
    }
    for (int e : v.entries()) {
      if (e >= 0 && e != first) {
        return graph.method(e).displayName();
      }
    }
    return null;
  }

  /** Whether two capped entry-point sets hold two different entry points between them. */
  private static boolean distinct(int[] a, int[] b) {
    if (a[1] >= 0 || b[1] >= 0) {
      return true;
    }
    return a[0] >= 0 && b[0] >= 0 && a[0] != b[0];
  }

  void nonAtomicUpdates(UpdateSite u, List<Finding> out) {
    if (!reportable(u)) {
      return;
    }
    // The site's interruptible states (one per context, shortest path) and who interrupts them.
    Map<Integer, Reach> victims = new TreeMap<>();
    Map<Integer, Reach> interrupters = new LinkedHashMap<>();
    List<Reach> reaches = reaches(u);
    int classes = ExecContext.values().length + (rt ? 1 : 0);
    for (Reach r : reaches) {
      for (int c = rt ? 0 : 1; c < classes; c++) {
        if (!rt && !mayInterrupt(c, r)) {
          continue;
        }
        Reach writer = writerIn(u, reaches, r, c);
        if (writer == null) {
          continue;
        }
        int vc = writerClass(r.siteState());
        Reach v = victims.get(vc);
        if (v == null || r.depth() < v.depth()) {
          victims.put(vc, r);
        }
        interrupters.putIfAbsent(c, writer);
      }
    }
    if (victims.isEmpty()) {
      return;
    }
    String call = traces.callText(u.method(), u.site(), u.calleeName());
    List<Messages.Reached> reached = new ArrayList<>();
    List<Messages.OtherWriter> others = new ArrayList<>();
    List<Trace> paths = new ArrayList<>();
    Set<ExecContext> involved = EnumSet.noneOf(ExecContext.class);
    boolean threadedHandler = false;
    for (Map.Entry<Integer, Reach> e : victims.entrySet()) {
      Reach v = e.getValue();
      Reach self = interrupters.get(e.getKey());
      String alsoFrom = null;
      if (rt && self != null && self.site() == u) {
        alsoFrom = otherEntryPoint(v, self);
      }
      reached.add(new Messages.Reached(contextName(v.siteState()), Traces.heldLevel(v.siteState()), pathOf(v),
          alsoFrom));
      paths.add(traceOf(v, Trace.Role.SITE, call));
    }
    for (Map.Entry<Integer, Reach> e : interrupters.entrySet()) {
      Reach w = e.getValue();
      involved.add(Propagation.context(w.siteState()));
      threadedHandler |= e.getKey() == ExecContext.values().length;
      if (victims.containsKey(e.getKey())) {
        continue; // already shown among the site's own contexts
      }
      if (w.site() == u) {
        reached.add(reached(w));
        paths.add(traceOf(w, Trace.Role.INTERRUPTER, call));
      } else {
        String other = traces.callText(w.site().method(), w.site().site(), w.site().calleeName());
        others.add(new Messages.OtherWriter(contextName(w.siteState()), other,
            traces.position(w.site().method(), w.site().site()), pathOf(w)));
        paths.add(traceOf(w, Trace.Role.INTERRUPTER, other));
      }
    }
    Messages.Rt model = null;
    if (rt) {
      for (Reach v : victims.values()) {
        involved.add(Propagation.context(v.siteState()));
        threadedHandler |= writerClass(v.siteState()) == ExecContext.values().length;
      }
      model = rtModel(u, Check.NON_ATOMIC_PER_CPU_UPDATE, victims.values(), involved.contains(ExecContext.SOFTIRQ),
          threadedHandler);
    }
    // A field update has no atomic spelling: a Guard around it, unless an NMI writes too.
    Messages.Guarding guarding = null;
    MaskLevel guard = null;
    if (isFieldUpdate(u)) {
      boolean nmi = interrupters.containsKey(ExecContext.NMI.ordinal());
      guard = nmi ? null : guardLevel(u, reaches);
      guarding = nmi || guard != null ? new Messages.Guarding(guard) : null;
    }
    String message = Messages.of(new Messages.NonAtomicUpdate(call, variables(u), reached, others,
        u.operation().atomicVariant(), model, guarding));
    out.add(finding(Check.NON_ATOMIC_PER_CPU_UPDATE, u, message, paths, guard));
  }

  /** On mainline, whether context {@code c} can interrupt the site in {@code r}'s state at all. */
  private static boolean mayInterrupt(int c, Reach r) {
    return Interruption.canInterrupt(ExecContext.of(c), r.siteState());
  }

  /** What the PREEMPT_RT clause of a message says: whether mainline finds it too, and why not. */
  private Messages.Rt rtModel(UpdateSite u, Check check, java.util.Collection<Reach> victims, boolean softirq,
      boolean threadedHandler) {
    CallSite call = graph.method(u.method()).sites().get(u.site());
    boolean rtOnly = call.position() != null && !mainline.contains(check.checkName() + " " + call.position().file()
        + " " + call.position().offset());
    List<String> reasons = new ArrayList<>();
    if (rtOnly) {
      for (Reach v : victims) {
        for (String w : traces.weakenedUnderRt(v.site().method(), v.site().site(), v.methodState())) {
          if (!reasons.contains(w)) {
            reasons.add(w);
          }
        }
      }
      if (softirq && check == Check.NON_ATOMIC_PER_CPU_UPDATE) {
        reasons.add("softirqs run in preemptible threads");
      }
      if (threadedHandler) {
        reasons.add("interrupt handlers run in preemptible threads");
      }
    }
    return new Messages.Rt(rtOnly, reasons);
  }

  void preemptibleUpdates(UpdateSite u, List<Finding> out) {
    if (!reportable(u)) {
      return;
    }
    Reach best = null;
    List<Reach> reaches = reaches(u);
    for (Reach r : reaches) {
      if (preemptible(r) && (best == null || r.depth() < best.depth())) {
        best = r;
      }
    }
    if (best == null) {
      return;
    }
    String call = traces.callText(u.method(), u.site(), u.calleeName());
    Messages.Rt model = rt ? rtModel(u, Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, List.of(best), false, false) : null;
    MaskLevel guard = isFieldUpdate(u) ? guardLevel(u, reaches) : null;
    String message = Messages.of(new Messages.PreemptibleUpdate(call, variables(u), pathOf(best),
        u.operation().atomicVariant(), model, guard == null ? null : new Messages.Guarding(guard)));
    out.add(finding(Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, u, message,
        List.of(traceOf(best, Trace.Role.SITE, call)), guard));
  }

  /**
   * Whether another task can preempt the site and run it again: process code with preemption on,
   * and under PREEMPT_RT holding no lock (a task running the same update would take the same lock;
   * the kernel's remedy on RT is exactly such a lock, local_lock).
   */
  private boolean preemptible(Reach r) {
    return Interruption.isPreemptible(r.siteState(), rt) && !(rt && !r.locks().isEmpty());
  }

  private boolean isFieldUpdate(UpdateSite u) {
    return graph.method(u.method()).sites().get(u.site()).fieldUpdate() != null;
  }

  /**
   * The mask a Guard around field update {@code u}, reached as {@code reaches}, must hold: the strongest that the findings of
   * both checks on it need (NMI writers aside, which no mask excludes), so that the two give one
   * and the same fix: preemption where it is preemptible (or, under PREEMPT_RT, against a process
   * writer), softirqs against a softirq writer, hardirqs against a hardirq writer. Null if none is
   * needed.
   */
  private MaskLevel guardLevel(UpdateSite u, List<Reach> reaches) {
    MaskLevel level = null;
    for (Reach r : reaches) {
      // Under PREEMPT_RT a process writer or a threaded handler is a thread: raw preemption keeps it out.
      if (preemptible(r) || rt && (writerIn(u, reaches, r, ExecContext.PROCESS.ordinal()) != null
          || writerIn(u, reaches, r, ExecContext.values().length) != null)) {
        level = stronger(level, MaskLevel.PREEMPTION);
      }
      if (writerIn(u, reaches, r, ExecContext.SOFTIRQ.ordinal()) != null) {
        level = stronger(level, MaskLevel.SOFTIRQ);
      }
      if (writerIn(u, reaches, r, ExecContext.HARDIRQ.ordinal()) != null) {
        level = stronger(level, MaskLevel.HARDIRQ);
      }
    }
    return level;
  }

  /**
   * The mask that keeps out what both keep out. On mainline the levels nest; under PREEMPT_RT
   * masking softirqs only serializes against softirq processing, while raw preemption keeps out
   * every thread, softirqs included.
   */
  private MaskLevel stronger(MaskLevel a, MaskLevel b) {
    return a == null || rank(b) > rank(a) ? b : a;
  }

  private int rank(MaskLevel level) {
    if (rt && level == MaskLevel.SOFTIRQ) {
      return -1;
    }
    return level.ordinal();
  }

  /**
   * The writer of one of {@code u}'s variables of class {@code c} that can interleave with {@code
   * victim}: {@code u} itself first, else the one reached by the shortest path.
   */
  private Reach writerIn(UpdateSite u, List<Reach> ownReaches, Reach victim, int c) {
    Reach own = null;
    for (Reach r : ownReaches) {
      if (interleaves(victim, r, c) && (own == null || r.depth() < own.depth())) {
        own = r;
      }
    }
    if (own != null) {
      return own;
    }
    Reach best = null;
    for (VariableKey v : u.variables()) {
      List<Reach>[] byClass = writers.get(v);
      List<Reach> list = byClass == null ? null : byClass[c];
      if (list == null) {
        continue;
      }
      for (Reach w : list) {
        if (best != null && w.depth() >= best.depth()) {
          break;
        }
        if (interleaves(victim, w, c)) {
          best = w;
          break;
        }
      }
    }
    return best;
  }

  private Messages.Reached reached(Reach r) {
    return new Messages.Reached(contextName(r.siteState()), Traces.heldLevel(r.siteState()), pathOf(r), null);
  }

  private List<Messages.Hop> pathOf(Reach r) {
    return traces.path(r.site().method(), r.site().site(), r.methodState());
  }

  private Trace traceOf(Reach r, Trace.Role role, String call) {
    return traces.trace(r.site().method(), r.site().site(), r.methodState(), role, call);
  }

  /** The fields an update updates, as messages name them ({@code Stats.rx}). */
  private static List<String> variables(UpdateSite u) {
    List<String> out = new ArrayList<>();
    for (VariableKey v : u.variables()) {
      if (v.display() != null) {
        out.add(v.display());
      }
    }
    return out;
  }

  /** @param guard for a field update, the mask its fix's Guard holds; null: no fix */
  private Finding finding(Check check, UpdateSite u, String message, List<Trace> paths, MaskLevel guard) {
    CallSite call = graph.method(u.method()).sites().get(u.site());
    Fix fix = null;
    String variant = u.operation().atomicVariant();
    if (call.fieldUpdate() != null) {
      fix = guard == null ? null : fixes.guardStatement(call, guard);
    } else if (!variant.isEmpty()) {
      MethodFacts callee = graph.facts(call.target());
      fix = fixes.renameCall(call, callee.declaringType(), variant, Messages.renameFix(variant, u.calleeName()));
    }
    List<String> variables = u.variables().stream()
        .map(VariableKey::key).filter(java.util.Objects::nonNull).sorted().toList();
    return new Finding(check, call.position(), call.nameRange(), message, fix, paths,
        Finding.Subject.of(graph.method(u.method()), u.calleeName(), variables));
  }
}

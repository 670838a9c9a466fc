package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two race checks over the update sites: {@code NonAtomicPerCpuUpdate} (SPEC 2.3: a non-atomic
 * update of V in state (C, M) that a context which also updates V can interrupt; one site reached
 * in two contexts that can interrupt each other is the special case where that other writer is the
 * site itself) and {@code PerCpuUpdateInPreemptibleCode}.
 */
final class RaceRules {

  /** One way an update site is reached: its method in {@code methodState}, path length {@code depth}. */
  private record Reach(UpdateSite site, int methodState, int siteState, int depth) {}

  private final CallGraph graph;
  private final Propagation propagation;
  private final Traces traces;
  private final Operations operations;
  private final Fixes fixes;
  /** For each variable and context, the writer reached by the shortest path. */
  private final Map<VariableKey, EnumMap<ExecContext, Reach>> bestWriter = new HashMap<>();

  RaceRules(CallGraph graph, Propagation propagation, Traces traces, Operations operations,
      List<UpdateSite> sites) {
    this.graph = graph;
    this.propagation = propagation;
    this.traces = traces;
    this.operations = operations;
    this.fixes = new Fixes(graph.program());
    for (UpdateSite u : sites) {
      for (Reach r : reaches(u)) {
        for (VariableKey v : u.variables()) {
          EnumMap<ExecContext, Reach> byContext =
              bestWriter.computeIfAbsent(v, k -> new EnumMap<>(ExecContext.class));
          ExecContext c = Propagation.context(r.siteState());
          Reach old = byContext.get(c);
          if (old == null || r.depth() < old.depth()) {
            byContext.put(c, r);
          }
        }
      }
    }
  }

  private List<Reach> reaches(UpdateSite u) {
    List<Reach> out = new ArrayList<>();
    int states = propagation.statesOf(u.method());
    for (int st = 0; st < Propagation.STATE_COUNT; st++) {
      if ((states & (1 << st)) != 0) {
        out.add(new Reach(u, st, traces.siteState(u.method(), u.site(), st), propagation.depth(u.method(), st)));
      }
    }
    return out;
  }

  private boolean reportable(UpdateSite u) {
    return operations.countsAsNonAtomic(u.operation().kind());
  }

  void nonAtomicUpdates(UpdateSite u, List<Finding> out) {
    if (!reportable(u)) {
      return;
    }
    // The site's interruptible states (one per context, shortest path) and who interrupts them.
    Map<ExecContext, Reach> victims = new EnumMap<>(ExecContext.class);
    Map<ExecContext, Reach> interrupters = new LinkedHashMap<>();
    List<Reach> reaches = reaches(u);
    for (Reach r : reaches) {
      for (ExecContext c : Interruption.INTERRUPTERS) {
        if (!Interruption.canInterrupt(c, r.siteState())) {
          continue;
        }
        Reach writer = writerIn(u, reaches, c);
        if (writer == null) {
          continue;
        }
        Reach v = victims.get(Propagation.context(r.siteState()));
        if (v == null || r.depth() < v.depth()) {
          victims.put(Propagation.context(r.siteState()), r);
        }
        interrupters.putIfAbsent(c, writer);
      }
    }
    if (victims.isEmpty()) {
      return;
    }
    String call = traces.callText(u.method(), u.site(), u.calleeName());
    List<Messages.Reached> reached = new ArrayList<>();
    List<Messages.OtherWriter> writers = new ArrayList<>();
    List<Trace> paths = new ArrayList<>();
    for (Reach v : victims.values()) {
      reached.add(reached(v));
      paths.add(traceOf(v, Trace.Role.SITE, call));
    }
    for (Map.Entry<ExecContext, Reach> e : interrupters.entrySet()) {
      Reach w = e.getValue();
      if (victims.containsKey(e.getKey())) {
        continue; // already shown among the site's own contexts
      }
      if (w.site() == u) {
        reached.add(reached(w));
        paths.add(traceOf(w, Trace.Role.INTERRUPTER, call));
      } else {
        String other = traces.callText(w.site().method(), w.site().site(), w.site().calleeName());
        writers.add(new Messages.OtherWriter(Propagation.context(w.siteState()), other,
            traces.position(w.site().method(), w.site().site()), pathOf(w)));
        paths.add(traceOf(w, Trace.Role.INTERRUPTER, other));
      }
    }
    // A field update has no atomic spelling: a Guard around it, unless an NMI writes too.
    Messages.Guarding guarding = null;
    MaskLevel guard = null;
    if (isFieldUpdate(u)) {
      guard = interrupters.containsKey(ExecContext.NMI) ? null : guardLevel(u);
      guarding = new Messages.Guarding(guard);
    }
    String message = Messages.of(new Messages.NonAtomicUpdate(call, variables(u), reached, writers,
        u.operation().atomicVariant(), guarding));
    out.add(finding(Check.NON_ATOMIC_PER_CPU_UPDATE, u, message, paths, guard));
  }

  void preemptibleUpdates(UpdateSite u, List<Finding> out) {
    if (!reportable(u)) {
      return;
    }
    Reach best = null;
    for (Reach r : reaches(u)) {
      if (Interruption.isPreemptible(r.siteState()) && (best == null || r.depth() < best.depth())) {
        best = r;
      }
    }
    if (best == null) {
      return;
    }
    String call = traces.callText(u.method(), u.site(), u.calleeName());
    MaskLevel guard = isFieldUpdate(u) ? guardLevel(u) : null;
    String message = Messages.of(new Messages.PreemptibleUpdate(call, variables(u), pathOf(best),
        u.operation().atomicVariant(), guard == null ? null : new Messages.Guarding(guard)));
    out.add(finding(Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, u, message,
        List.of(traceOf(best, Trace.Role.SITE, call)), guard));
  }

  private boolean isFieldUpdate(UpdateSite u) {
    return graph.method(u.method()).sites().get(u.site()).fieldUpdate() != null;
  }

  /**
   * The mask a Guard around field update {@code u} must hold: the strongest that the findings of
   * both checks on it need (NMI writers aside, which no mask excludes), so that the two give one
   * and the same fix: preemption where it is preemptible, softirqs against a softirq writer,
   * hardirqs against a hardirq writer. Null if none is needed.
   */
  private MaskLevel guardLevel(UpdateSite u) {
    MaskLevel level = null;
    List<Reach> reaches = reaches(u);
    for (Reach r : reaches) {
      if (Interruption.isPreemptible(r.siteState())) {
        level = stronger(level, MaskLevel.PREEMPTION);
      }
      if (Interruption.canInterrupt(ExecContext.SOFTIRQ, r.siteState()) && writerIn(u, reaches, ExecContext.SOFTIRQ) != null) {
        level = stronger(level, MaskLevel.SOFTIRQ);
      }
      if (Interruption.canInterrupt(ExecContext.HARDIRQ, r.siteState()) && writerIn(u, reaches, ExecContext.HARDIRQ) != null) {
        level = stronger(level, MaskLevel.HARDIRQ);
      }
    }
    return level;
  }

  private static MaskLevel stronger(MaskLevel a, MaskLevel b) {
    return a == null || b.compareTo(a) > 0 ? b : a;
  }

  /** A writer of one of {@code u}'s variables in context {@code c}; {@code u} itself first. */
  private Reach writerIn(UpdateSite u, List<Reach> ownReaches, ExecContext c) {
    Reach own = null;
    for (Reach r : ownReaches) {
      if (Propagation.context(r.siteState()) == c && (own == null || r.depth() < own.depth())) {
        own = r;
      }
    }
    if (own != null) {
      return own;
    }
    Reach best = null;
    for (VariableKey v : u.variables()) {
      EnumMap<ExecContext, Reach> byContext = bestWriter.get(v);
      Reach w = byContext == null ? null : byContext.get(c);
      if (w != null && (best == null || w.depth() < best.depth())) {
        best = w;
      }
    }
    return best;
  }

  private Messages.Reached reached(Reach r) {
    return new Messages.Reached(Propagation.context(r.siteState()), Traces.heldLevel(r.siteState()), pathOf(r));
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

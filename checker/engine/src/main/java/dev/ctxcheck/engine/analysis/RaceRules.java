package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.OperationSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

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
  /** For each variable and context, the writer reached by the shortest path. */
  private final Map<String, EnumMap<ExecContext, Reach>> bestWriter = new HashMap<>();

  RaceRules(CallGraph graph, Propagation propagation, Traces traces, Operations operations,
      List<UpdateSite> sites) {
    this.graph = graph;
    this.propagation = propagation;
    this.traces = traces;
    this.operations = operations;
    for (UpdateSite u : sites) {
      for (Reach r : reaches(u)) {
        for (String v : u.variables()) {
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
    StringJoiner reached = new StringJoiner(" and in ", "reached in ", "");
    List<Trace> paths = new ArrayList<>();
    for (Reach v : victims.values()) {
      reached.add(describe(v));
      paths.add(traceOf(v, Trace.Role.SITE, call));
    }
    StringJoiner updated = new StringJoiner(" and in ", " and updated in ", "");
    updated.setEmptyValue("");
    for (Map.Entry<ExecContext, Reach> e : interrupters.entrySet()) {
      Reach w = e.getValue();
      if (victims.containsKey(e.getKey())) {
        continue; // already shown among the site's own contexts
      }
      if (w.site() == u) {
        reached.add(describe(w));
        paths.add(traceOf(w, Trace.Role.INTERRUPTER, call));
      } else {
        String other = traces.callText(w.site().method(), w.site().site(), w.site().calleeName());
        updated.add(Propagation.context(w.siteState()) + " by " + other + " at "
            + traces.position(w.site().method(), w.site().site()).shortForm() + " (" + pathOf(w) + ")");
        paths.add(traceOf(w, Trace.Role.INTERRUPTER, other));
      }
    }
    String message = call + onVariables(u, call) + " can lose updates: " + reached + updated
        + ", which can interrupt it" + advice(u.operation(), "");
    out.add(finding(Check.NON_ATOMIC_PER_CPU_UPDATE, u, message, paths));
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
    String message = call + onVariables(u, call) + " runs in preemptible PROCESS context (" + pathOf(best)
        + "), where another task on this CPU can preempt its read-modify-write"
        + advice(u.operation(), ", or disable preemption around it");
    out.add(finding(Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, u, message,
        List.of(traceOf(best, Trace.Role.SITE, call))));
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
    for (String v : u.variables()) {
      EnumMap<ExecContext, Reach> byContext = bestWriter.get(v);
      Reach w = byContext == null ? null : byContext.get(c);
      if (w != null && (best == null || w.depth() < best.depth())) {
        best = w;
      }
    }
    return best;
  }

  private String describe(Reach r) {
    String masked = Traces.maskedText(r.siteState());
    return Propagation.context(r.siteState()) + (masked.isEmpty() ? "" : " " + masked) + " (" + pathOf(r) + ")";
  }

  private String pathOf(Reach r) {
    return traces.pathText(r.site().method(), r.site().site(), r.methodState());
  }

  private Trace traceOf(Reach r, Trace.Role role, String call) {
    return traces.trace(r.site().method(), r.site().site(), r.methodState(), role, call);
  }

  /** " on Stats.rx" when the call's arguments do not already name the variables it updates. */
  private static String onVariables(UpdateSite u, String call) {
    String arguments = call.substring(call.indexOf('(') + 1);
    StringJoiner j = new StringJoiner(", ", " on ", "");
    boolean named = false;
    int shown = 0;
    for (String v : u.variables()) {
      if (Variables.isSiteKey(v)) {
        continue;
      }
      String display = Variables.display(v);
      String field = display.substring(display.indexOf('.') + 1).replace("[]", "");
      named |= arguments.contains(field);
      j.add(display);
      shown++;
    }
    return shown == 0 || named ? "" : j.toString();
  }

  private static String advice(OperationSpec op, String alternative) {
    return op.atomicVariant().isEmpty() ? "" : "; use " + op.atomicVariant() + alternative;
  }

  private Finding finding(Check check, UpdateSite u, String message, List<Trace> paths) {
    CallSite call = graph.method(u.method()).sites().get(u.site());
    Fix fix = null;
    String variant = u.operation().atomicVariant();
    if (!variant.isEmpty()) {
      MethodFacts callee = graph.facts(call.target());
      fix = Fixes.renameCall(graph.program(), call, callee.declaringType(), variant,
          "call " + variant + " instead of " + u.calleeName());
    }
    List<String> variables = u.variables().stream().filter(v -> !Variables.isSiteKey(v)).sorted().toList();
    return new Finding(check, call.position(), message, fix, paths,
        Finding.Subject.of(graph.method(u.method()), u.calleeName(), variables));
  }
}

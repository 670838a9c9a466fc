package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.FieldUpdate;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.PreemptRtEffect;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import dev.ctxcheck.engine.facts.PerCpuPointerSpec;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.Suppression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The engine's entry point: from a {@link Program} to {@link Finding}s. Every rule of SPEC section
 * 2 lives behind this call; front ends only supply facts and show findings.
 */
public final class Analysis {

  private Analysis() {}

  /** Sizes of the analysed program and time per phase, for benchmarks and {@code -XepOpt} timings. */
  public record Stats(int methods, int callSites, int callEdges, int entryPoints, int reachedMethods,
      int updateSites, Map<String, Long> phaseNanos) {}

  /**
   * @param findings in the order every front end shows them: by file, offset, then check
   * @param reachability which contexts reach each method, for tools that show it (hover, code lens)
   */
  public record Result(List<Finding> findings, Stats stats, Reachability reachability) {}

  /**
   * What one run can hand to the next over a program that changed a little: each method's mask
   * analysis, kept by the identity of its facts (a front end that re-extracts only some files
   * passes the other files' facts again, the same objects) with the mask effects of its callees it
   * was computed with. A run keeps the entries of its own methods only. Not thread-safe: one run
   * at a time.
   */
  public static final class Cache {
    private record Flow(MaskEffect[] effects, MaskFlow.Result result) {}

    private Map<MethodFacts, Flow> flows = new java.util.IdentityHashMap<>();
    private int reused;

    /** How many methods' mask analysis the last run took from the run before (for tests). */
    public int reused() {
      return reused;
    }
  }

  public static Result run(Program program, Config config) {
    return run(program, config, null);
  }

  /** As {@link #run(Program, Config)}, reusing what {@code cache} kept of the run before (null: none). */
  public static Result run(Program program, Config config, Cache cache) {
    Map<String, Long> phases = new LinkedHashMap<>();
    long t0 = System.nanoTime();

    CallGraph graph = new CallGraph(program);
    Operations operations = new Operations(graph, config);
    long t1 = System.nanoTime();
    phases.put("graph", t1 - t0);

    boolean rt = config.preemptRt();
    MaskFlow.Result[] flows = new MaskFlow.Result[graph.size()];
    MaskFlow.Result[] rtFlows = rt ? new MaskFlow.Result[graph.size()] : flows;
    Map<MethodFacts, Cache.Flow> kept = cache == null ? null : new java.util.IdentityHashMap<>();
    int reused = 0;
    int siteCount = 0;
    for (int m = 0; m < graph.size(); m++) {
      MethodFacts method = graph.method(m);
      List<CallSite> sites = method.sites();
      siteCount += sites.size();
      MaskEffect[] effects = new MaskEffect[sites.size()];
      for (int s = 0; s < sites.size(); s++) {
        if (sites.get(s).kind() == CallSite.Kind.INVOKE) {
          MethodFacts callee = program.method(sites.get(s).target());
          effects[s] = callee == null ? null : callee.maskEffect();
        }
      }
      Cache.Flow before = cache == null ? null : cache.flows.get(method);
      if (before != null && java.util.Arrays.equals(before.effects(), effects)) {
        flows[m] = before.result();
        reused++;
      } else {
        flows[m] = MaskFlow.analyse(method, effects);
      }
      if (kept != null) {
        kept.put(method, new Cache.Flow(effects, flows[m]));
      }
      if (rt) {
        rtFlows[m] = MaskFlow.analyse(method, underPreemptRt(program, sites, effects), true);
      }
    }
    if (cache != null) {
      cache.flows = kept;
      cache.reused = reused;
    }
    long t2 = System.nanoTime();
    phases.put("masks", t2 - t1);

    Propagation propagation = new Propagation(graph, rtFlows, rt);
    long t3 = System.nanoTime();
    phases.put("contexts", t3 - t2);

    Variables variables = new Variables(graph, operations);
    Locks locks = new Locks(graph, variables);
    List<UpdateSite> updates = updateSites(graph, operations, variables);
    locks.analyseBodies();
    locks.propagate(propagation, rtFlows);
    long t4 = System.nanoTime();
    phases.put("variables", t4 - t3);

    // Under PREEMPT_RT, what mainline finds tells the races that exist only there.
    Set<String> mainline = new HashSet<>();
    if (rt) {
      for (Finding f : run(program, config.withPreemptRt(false)).findings()) {
        mainline.add(RaceRules.key(f));
      }
    }
    Traces traces = new Traces(graph, rtFlows, flows, propagation);
    RaceRules races = new RaceRules(graph, propagation, traces, operations, locks, updates, mainline);
    ImbalanceRule imbalance = new ImbalanceRule(graph, locks);
    List<Finding> findings = new ArrayList<>();
    for (UpdateSite u : updates) {
      races.nonAtomicUpdates(u, findings);
      races.preemptibleUpdates(u, findings);
    }
    for (int m = 0; m < graph.size(); m++) {
      imbalance.check(m, flows[m], findings);
    }
    findings.removeIf(f -> suppressed(program, f));
    findings.sort(Comparator.comparing((Finding f) -> f.position().file())
        .thenComparingInt(f -> f.position().offset())
        .thenComparing(f -> f.check()));
    long t5 = System.nanoTime();
    phases.put("rules", t5 - t4);

    int reached = 0;
    for (int m = 0; m < graph.size(); m++) {
      reached += propagation.statesOf(m) != 0 ? 1 : 0;
    }
    Stats stats = new Stats(graph.size(), siteCount, graph.edgeCount(), graph.entries().size(), reached,
        updates.size(), phases);
    return new Result(List.copyOf(findings), stats, new Reachability(graph, propagation, traces, updates));
  }

  /**
   * The mask effects of a body's sites as PREEMPT_RT reads them (each effect's {@code preemptRt}):
   * {@code NOTHING} masks nothing, {@code SOFTIRQ_PROCESSING} the SOFTIRQ level; a guard's scope
   * release undoes what its creating call does under PREEMPT_RT.
   */
  private static MaskEffect[] underPreemptRt(Program program, List<CallSite> sites, MaskEffect[] effects) {
    MaskEffect[] out = new MaskEffect[effects.length];
    for (int s = 0; s < effects.length; s++) {
      MaskEffect e = effects[s];
      if (e == null) {
        continue;
      }
      if (e.action() == MaskEffect.Action.UNMASK_SCOPE) {
        int creating = sites.get(s).scopeSite();
        MethodFacts creator = creating < 0 ? null : program.method(sites.get(creating).target());
        MaskEffect c = creator == null ? null : creator.maskEffect();
        out[s] = c == null || c.preemptRt() == PreemptRtEffect.SAME ? e
            : c.preemptRt() == PreemptRtEffect.NOTHING ? null
            : new MaskEffect(MaskEffect.Action.UNMASK, MaskLevel.SOFTIRQ, PreemptRtEffect.SAME);
        continue;
      }
      out[s] = switch (e.preemptRt()) {
        case SAME -> e;
        case NOTHING -> null;
        case SOFTIRQ_PROCESSING -> new MaskEffect(e.action(), MaskLevel.SOFTIRQ, PreemptRtEffect.SAME);
      };
    }
    return out;
  }

  /** Whether a {@code @SuppressWarnings} around the finding's site names its check (or "all"). */
  private static boolean suppressed(Program program, Finding f) {
    for (Suppression s : program.suppressions(f.position().file())) {
      if (s.suppresses(f.check().checkName(), f.position().offset())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Calls of update operations, outside operation bodies (a wrapper's calls stand for its body), and
   * field updates through per-CPU objects (SPEC 2.6).
   */
  private static List<UpdateSite> updateSites(CallGraph graph, Operations operations, Variables variables) {
    List<UpdateSite> partial = new ArrayList<>();
    List<Variables.Query> queries = new ArrayList<>();
    // Without a @PerCpuPointer method no object is per-CPU: field updates are not even looked at.
    boolean perCpuObjects = hasPerCpuPointer(graph);
    for (int m = 0; m < graph.size(); m++) {
      MethodFacts method = graph.method(m);
      if (!method.hasBody() || operations.isOperation(method)) {
        continue;
      }
      List<CallSite> sites = method.sites();
      for (int s = 0; s < sites.size(); s++) {
        CallSite site = sites.get(s);
        if (site.kind() == CallSite.Kind.FIELD_UPDATE && perCpuObjects) {
          partial.add(new UpdateSite(m, s, null, site.fieldUpdate().field(), null));
          queries.add(variables.askReceiver(m, s));
          continue;
        }
        if (site.kind() != CallSite.Kind.INVOKE || site.isSynthetic()) {
          continue;
        }
        OperationSpec op = operations.of(site.target());
        if (op == null || !op.kind().isUpdate()) {
          continue;
        }
        MethodFacts callee = graph.facts(site.target());
        partial.add(new UpdateSite(m, s, op, callee.name(), null));
        queries.add(variables.ask(m, s, site.target(), op));
      }
    }
    variables.solve();
    List<UpdateSite> out = new ArrayList<>(partial.size());
    for (int i = 0; i < partial.size(); i++) {
      UpdateSite p = partial.get(i);
      if (p.operation() == null) {
        UpdateSite u = fieldUpdate(graph, p, queries.get(i).objects());
        if (u != null) {
          out.add(u);
        }
        continue;
      }
      out.add(new UpdateSite(p.method(), p.site(), p.operation(), p.calleeName(), queries.get(i).keys()));
    }
    return out;
  }

  private static boolean hasPerCpuPointer(CallGraph graph) {
    for (int m = 0; m < graph.size(); m++) {
      if (graph.method(m).annotations().pointer() != null) {
        return true;
      }
    }
    return false;
  }

  /**
   * The update a field write is when its object may be one CPU's of a per-CPU allocation: non-atomic
   * (an accepted race if every such object comes from {@code raw_cpu_ptr}), of that field of each
   * allocation; null if the object is no per-CPU one.
   */
  private static UpdateSite fieldUpdate(CallGraph graph, UpdateSite p, Set<VariableKey.PerCpuObject> objects) {
    if (objects.isEmpty()) {
      return null;
    }
    FieldUpdate f = graph.method(p.method()).sites().get(p.site()).fieldUpdate();
    boolean accepted = true;
    Set<VariableKey> keys = new LinkedHashSet<>();
    for (VariableKey.PerCpuObject o : objects) {
      accepted &= o.access() == PerCpuPointerSpec.Access.ACCEPTED_RACE;
      VariableKey allocation = o.allocation() != null ? o.allocation()
          : new VariableKey.Untraced(graph.method(p.method()).id(), p.site());
      keys.add(new VariableKey.StructField(allocation, f.owner(), f.field(), f.arrayElement()));
    }
    OperationSpec op = new OperationSpec(accepted ? OpKind.ACCEPTED_RACE_UPDATE : OpKind.NON_ATOMIC_UPDATE, "",
        OperationSpec.RECEIVER);
    return new UpdateSite(p.method(), p.site(), op, p.calleeName(), keys);
  }
}

package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskLevel;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What the analysis found out about each method, for tools that show it (an editor's hover and code
 * lens): in which contexts it runs, with which masks held on entry, reached by which call path.
 */
public final class Reachability {

  /**
   * One way a method (or a call) is reached.
   *
   * @param context the context it runs in
   * @param held the masks held on entry beyond what {@code context} implies
   * @param masked {@code held} in words, as messages say it ("with preemption disabled"), or empty
   * @param path the shortest call path from an entry point, as messages show it ({@code io_submit ->
   *     aio_get_req [rcu_read_lock_sched] -> get})
   * @param trace the same path as steps with positions
   */
  public record Reach(ExecContext context, Set<MaskLevel> held, String masked, String path, Trace trace) {
    public Reach {
      held = Set.copyOf(held);
    }
  }

  private final CallGraph graph;
  private final Propagation propagation;
  private final Traces traces;
  private final BitSet updaters = new BitSet();

  Reachability(CallGraph graph, Propagation propagation, Traces traces, List<UpdateSite> updates) {
    this.graph = graph;
    this.propagation = propagation;
    this.traces = traces;
    for (UpdateSite u : updates) {
      updaters.set(u.method());
    }
  }

  /**
   * Every (context, mask) state in which the method with this id is entered, one shortest path each,
   * in context order then shortest first; empty if no entry point reaches it or it has no body in the
   * program.
   */
  public List<Reach> ofMethod(String methodId) {
    Integer m = graph.indexOf(methodId);
    if (m == null) {
      return List.of();
    }
    List<Reach> out = new ArrayList<>();
    for (int state : states(m)) {
      out.add(new Reach(Propagation.context(state), held(state), Messages.masked(Traces.heldLevel(state)),
          Messages.path(traces.entryPath(m, state)), traces.entryTrace(m, state)));
    }
    return out;
  }

  /**
   * The states in which call site {@code site} (an index into the method's {@code sites()}) of the
   * method with id {@code methodId} runs: its method's states with the masks taken before the call,
   * one path each ending at the call. Useful for calls whose target has no body in the program.
   */
  public List<Reach> atCall(String methodId, int site) {
    Integer m = graph.indexOf(methodId);
    if (m == null || site < 0 || site >= graph.method(m).sites().size()) {
      return List.of();
    }
    CallSite call = graph.method(m).sites().get(site);
    String callee = graph.facts(call.target()) != null ? graph.facts(call.target()).name() : call.target();
    List<Reach> out = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    for (int state : states(m)) {
      int siteState = traces.siteState(m, site, state);
      if (seen.contains(siteState)) {
        continue; // a shorter path already leads to the call in this state
      }
      seen.add(siteState);
      out.add(new Reach(Propagation.context(siteState), held(siteState), Messages.masked(Traces.heldLevel(siteState)),
          Messages.path(traces.path(m, site, state)), traces.trace(m, site, state, Trace.Role.SITE, Messages.calls(callee))));
    }
    return out;
  }

  /** Whether the method's body updates per-CPU data (atomically or not) outside an operation's body. */
  public boolean updatesPerCpu(String methodId) {
    Integer m = graph.indexOf(methodId);
    return m != null && updaters.get(m);
  }

  /** The method's reached states, by context, then shortest path first. */
  private List<Integer> states(int method) {
    long bits = propagation.statesOf(method);
    List<Integer> states = new ArrayList<>();
    for (int st = 0; st < Propagation.STATE_COUNT; st++) {
      if ((bits & (1L << st)) != 0) {
        states.add(st);
      }
    }
    states.sort(Comparator.comparing((Integer st) -> Propagation.context(st))
        .thenComparingInt(st -> propagation.depth(method, st)).thenComparingInt(st -> st));
    return states;
  }

  private static Set<MaskLevel> held(int state) {
    Set<MaskLevel> out = EnumSet.noneOf(MaskLevel.class);
    for (MaskLevel level : MaskLevel.values()) {
      if ((Propagation.holds(state) & level.bit()) != 0) {
        out.add(level);
      }
    }
    return out;
  }
}

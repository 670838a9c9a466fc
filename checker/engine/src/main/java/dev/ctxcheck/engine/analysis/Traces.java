package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.PreemptRtEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.TextRange;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** Turns propagation results into call paths for messages and SARIF code flows. */
final class Traces {

  private final CallGraph graph;
  private final MaskFlow.Result[] flows;
  /** The mask analysis as on mainline (the same as {@link #flows} there), for what PREEMPT_RT weakens. */
  private final MaskFlow.Result[] mainlineFlows;
  private final Propagation propagation;

  Traces(CallGraph graph, MaskFlow.Result[] flows, MaskFlow.Result[] mainlineFlows, Propagation propagation) {
    this.graph = graph;
    this.flows = flows;
    this.mainlineFlows = mainlineFlows;
    this.propagation = propagation;
  }

  /** The state a site runs in when its method runs in {@code methodState}. */
  int siteState(int method, int site, int methodState) {
    return Propagation.next(methodState, flows[method].at(site).apply(Propagation.holds(methodState)),
        propagation.preemptRt());
  }

  /**
   * The masking calls in force at the site, on the path by which its method is entered in {@code
   * methodState}, that protect less under PREEMPT_RT than on mainline, each with what it leaves on.
   */
  List<String> weakenedUnderRt(int method, int site, int methodState) {
    List<String> out = new ArrayList<>();
    for (Propagation.Hop hop : hops(method, site, methodState)) {
      MaskFlow.Delta d = mainlineFlows[hop.method()].at(hop.site());
      for (MaskLevel level : MaskLevel.values()) {
        int l = level.ordinal();
        if (d.lo[l] <= 0 || d.takenBy[l] < 0) {
          continue;
        }
        CallSite taker = graph.method(hop.method()).sites().get(d.takenBy[l]);
        MethodFacts callee = graph.facts(taker.target());
        MaskEffect effect = callee == null ? null : callee.maskEffect();
        if (effect == null) {
          continue;
        }
        String why = null;
        if (effect.preemptRt() == PreemptRtEffect.NOTHING) {
          why = Messages.weakerUnderRt(callee.name(), level, true);
        } else if (effect.preemptRt() == PreemptRtEffect.SOFTIRQ_PROCESSING
            || level == MaskLevel.SOFTIRQ && effect.preemptRt() == PreemptRtEffect.SAME) {
          why = Messages.weakerUnderRt(callee.name(), level, false);
        }
        if (why != null && !out.contains(why)) {
          out.add(why);
        }
      }
    }
    return out;
  }

  /**
   * The path from the entry point to the site: each method on it, with the masking calls it made
   * that are still in force at the call it makes (at the site, for the last).
   */
  List<Messages.Hop> path(int method, int site, int methodState) {
    List<Messages.Hop> out = new ArrayList<>();
    for (Propagation.Hop hop : hops(method, site, methodState)) {
      out.add(new Messages.Hop(graph.method(hop.method()).displayName(), taken(hop.method(), hop.site())));
    }
    return out;
  }

  /** The path by which {@code method} is entered in {@code methodState}: the entry point first, {@code method} last. */
  List<Messages.Hop> entryPath(int method, int methodState) {
    List<Messages.Hop> out = new ArrayList<>();
    for (Propagation.Hop hop : propagation.path(method, methodState)) {
      out.add(new Messages.Hop(graph.method(hop.method()).displayName(),
          hop.site() < 0 ? List.of() : taken(hop.method(), hop.site())));
    }
    return out;
  }

  /** The path by which {@code method} is entered in {@code methodState}, ending at the call that enters it. */
  Trace entryTrace(int method, int methodState) {
    List<Propagation.Hop> hops = propagation.path(method, methodState);
    List<Trace.Step> steps = new ArrayList<>();
    for (int i = 0; i < hops.size(); i++) {
      Propagation.Hop hop = hops.get(i);
      MethodFacts m = graph.method(hop.method());
      if (i == 0 && m.position() != null) {
        steps.add(new Trace.Step(m.displayName(), m.position(),
            Messages.entersIn(m.displayName(), Propagation.context(hop.state()))));
      }
      if (hop.site() < 0) {
        continue;
      }
      CallSite call = m.sites().get(hop.site());
      if (call.position() == null) {
        continue;
      }
      String note = Messages.calls(graph.method(hops.get(i + 1).method()).displayName());
      steps.add(new Trace.Step(m.displayName(), call.position(), Messages.withTaken(note, taken(hop.method(), hop.site()))));
    }
    return new Trace(Propagation.context(methodState), Messages.masked(heldLevel(methodState)), Trace.Role.SITE, steps);
  }

  /** The path as SARIF-ready steps: entry declaration, each call on the way, the site. */
  Trace trace(int method, int site, int methodState, Trace.Role role, String siteNote) {
    List<Trace.Step> steps = new ArrayList<>();
    List<Propagation.Hop> hops = hops(method, site, methodState);
    int st = siteState(method, site, methodState);
    for (int i = 0; i < hops.size(); i++) {
      Propagation.Hop hop = hops.get(i);
      MethodFacts m = graph.method(hop.method());
      if (i == 0 && m.position() != null) {
        steps.add(new Trace.Step(m.displayName(), m.position(),
            Messages.entersIn(m.displayName(), Propagation.context(hop.state()))));
      }
      CallSite call = m.sites().get(hop.site());
      if (call.position() == null) {
        continue;
      }
      String note = i == hops.size() - 1 ? siteNote : Messages.calls(graph.method(hops.get(i + 1).method()).displayName());
      steps.add(new Trace.Step(m.displayName(), call.position(), Messages.withTaken(note, taken(hop.method(), hop.site()))));
    }
    return new Trace(Propagation.context(st), Messages.masked(heldLevel(st)), role, steps);
  }

  private List<Propagation.Hop> hops(int method, int site, int methodState) {
    List<Propagation.Hop> hops = new ArrayList<>(propagation.path(method, methodState));
    Propagation.Hop last = hops.remove(hops.size() - 1);
    hops.add(new Propagation.Hop(last.method(), last.state(), site));
    return hops;
  }

  /** The masking calls of {@code method} still in force at {@code site}: "rcu_read_lock_sched". */
  private List<String> taken(int method, int site) {
    MaskFlow.Delta d = flows[method].at(site);
    List<String> out = new ArrayList<>();
    for (MaskLevel level : MaskLevel.values()) {
      int l = level.ordinal();
      if (d.lo[l] > 0 && d.takenBy[l] >= 0) {
        CallSite taker = graph.method(method).sites().get(d.takenBy[l]);
        MethodFacts callee = graph.facts(taker.target());
        out.add(callee != null ? callee.name() : taker.target());
      }
    }
    return out;
  }

  /** The strongest mask held in {@code state} beyond what the context implies; null if none. */
  static MaskLevel heldLevel(int state) {
    int holds = Propagation.holds(state);
    for (int l = MaskLevel.values().length - 1; l >= 0; l--) {
      MaskLevel level = MaskLevel.values()[l];
      if ((holds & level.bit()) != 0) {
        return level;
      }
    }
    return null;
  }

  /**
   * {@code __this_cpu_add(ref.count, 2)} as written, or {@code __this_cpu_add(..)}; a field update's
   * expression ({@code s.rx_packets++}) on one line.
   */
  String callText(int method, int site, String calleeName) {
    MethodFacts m = graph.method(method);
    CallSite call = m.sites().get(site);
    if (call.fieldUpdate() != null) {
      String text = call.position() == null ? null
          : graph.program().text(call.position().file(), call.fieldUpdate().expression());
      return text == null ? calleeName : text.strip().replaceAll("\\s+", " ");
    }
    StringJoiner args = new StringJoiner(", ", calleeName + "(", ")");
    for (TextRange r : call.argumentRanges()) {
      String text = call.position() == null ? null : graph.program().text(call.position().file(), r);
      if (text == null) {
        return calleeName + "(..)";
      }
      args.add(text.strip());
    }
    return args.toString();
  }

  Position position(int method, int site) {
    return graph.method(method).sites().get(site).position();
  }
}

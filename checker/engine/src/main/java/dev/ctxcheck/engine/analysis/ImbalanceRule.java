package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * {@code ContextMaskImbalance}: masks are taken and released in the same method (SPEC 2.4), unless
 * the method is declared to change them ({@code @Masks}, {@code @Unmasks}, {@code @UnmasksScope}).
 * A method that may return with a mask still held, or that releases a mask it did not take (its
 * caller's), is reported once, at its declaration.
 */
final class ImbalanceRule {

  private final CallGraph graph;

  ImbalanceRule(CallGraph graph) {
    this.graph = graph;
  }

  void check(int method, MaskFlow.Result flow, List<Finding> out) {
    MethodFacts m = graph.method(method);
    if (!m.hasBody() || m.position() == null || m.declaresMaskEffect() || flow == MaskFlow.BALANCED
        || m.kind() == MethodFacts.Kind.INITIALIZER) {
      return;
    }
    List<String> problems = new ArrayList<>();
    MaskFlow.Delta exit = flow.atExit;
    if (exit != null) {
      for (MaskLevel level : MaskLevel.values()) {
        int l = level.ordinal();
        if (exit.hi[l] > 0) {
          String how = exit.lo[l] > 0 ? "" : " on some paths";
          problems.add("returns with " + words(level) + " still masked" + how + takenBy(m, exit.takenBy[l]));
        }
      }
    }
    for (MaskFlow.ForeignRelease r : flow.foreignReleases) {
      CallSite call = m.sites().get(r.site());
      problems.add("releases " + words(r.level()) + " it did not mask (" + calleeName(call)
          + (call.position() == null ? " closing a try-with-resources resource" : " at line " + call.position().line())
          + ")");
    }
    if (problems.isEmpty()) {
      return;
    }
    StringJoiner j = new StringJoiner("; and it ");
    problems.forEach(j::add);
    String message = m.displayName() + " " + j
        + "; take and release masks in the same method, or declare it @Masks/@Unmasks";
    out.add(new Finding(Check.CONTEXT_MASK_IMBALANCE, m.position(), message, null, List.of(),
        Finding.Subject.of(m, "", List.of())));
  }

  private static String words(MaskLevel level) {
    return level == MaskLevel.PREEMPTION ? "preemption" : level.description();
  }

  private String takenBy(MethodFacts m, int site) {
    if (site < 0) {
      return "";
    }
    CallSite call = m.sites().get(site);
    return " (taken by " + calleeName(call) + (call.position() == null ? "" : " at line " + call.position().line()) + ")";
  }

  private String calleeName(CallSite call) {
    MethodFacts callee = graph.facts(call.target());
    return callee != null ? callee.name() : call.target();
  }
}

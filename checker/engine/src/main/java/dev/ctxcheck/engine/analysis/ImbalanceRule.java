package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import java.util.ArrayList;
import java.util.List;

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
    List<Messages.HeldAtReturn> held = new ArrayList<>();
    MaskFlow.Delta exit = flow.atExit;
    if (exit != null) {
      for (MaskLevel level : MaskLevel.values()) {
        int l = level.ordinal();
        if (exit.hi[l] > 0) {
          int taker = exit.takenBy[l];
          CallSite call = taker < 0 ? null : m.sites().get(taker);
          held.add(new Messages.HeldAtReturn(level, exit.lo[l] > 0, call == null ? null : calleeName(call),
              call == null || call.position() == null ? -1 : call.position().line()));
        }
      }
    }
    List<Messages.ForeignRelease> released = new ArrayList<>();
    for (MaskFlow.ForeignRelease r : flow.foreignReleases) {
      CallSite call = m.sites().get(r.site());
      released.add(new Messages.ForeignRelease(r.level(), calleeName(call),
          call.position() == null ? -1 : call.position().line()));
    }
    if (held.isEmpty() && released.isEmpty()) {
      return;
    }
    String message = Messages.of(new Messages.MaskImbalance(m.displayName(), held, released));
    out.add(new Finding(Check.CONTEXT_MASK_IMBALANCE, m.position(), m.nameRange(), message, null, List.of(),
        Finding.Subject.of(m, "", List.of())));
  }

  private String calleeName(CallSite call) {
    MethodFacts callee = graph.facts(call.target());
    return callee != null ? callee.name() : call.target();
  }
}

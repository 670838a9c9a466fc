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
 * caller's), is reported once, at its declaration. Locks likewise: a method that may return holding
 * a lock it took, or that releases one its caller holds, unless it is declared {@code @AcquiresLock}
 * or {@code @ReleasesLock} (or to change masks).
 */
final class ImbalanceRule {

  private final CallGraph graph;
  private final Locks locks;

  ImbalanceRule(CallGraph graph, Locks locks) {
    this.graph = graph;
    this.locks = locks;
  }

  void check(int method, MaskFlow.Result flow, List<Finding> out) {
    MethodFacts m = graph.method(method);
    if (!m.hasBody() || m.position() == null || m.declaresMaskEffect() || !m.annotations().locks().isEmpty()
        || m.kind() == MethodFacts.Kind.INITIALIZER) {
      return;
    }
    Locks.Imbalance lockProblems = locks.imbalance(method);
    if (flow == MaskFlow.BALANCED && lockProblems == null) {
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
    List<Messages.LockHeldAtReturn> locksHeld = lockProblems == null ? List.of() : lockProblems.held();
    List<Messages.LockRelease> locksReleased = lockProblems == null ? List.of() : lockProblems.released();
    if (held.isEmpty() && released.isEmpty() && locksHeld.isEmpty() && locksReleased.isEmpty()) {
      return;
    }
    String message = Messages.of(new Messages.MaskImbalance(m.displayName(), held, released, locksHeld,
        locksReleased));
    out.add(new Finding(Check.CONTEXT_MASK_IMBALANCE, m.position(), m.nameRange(), message, null, List.of(),
        Finding.Subject.of(m, "", List.of())));
  }

  private String calleeName(CallSite call) {
    MethodFacts callee = graph.facts(call.target());
    return callee != null ? callee.name() : call.target();
  }
}

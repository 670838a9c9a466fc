package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.Position;
import java.util.List;
import java.util.StringJoiner;

/**
 * The words of every diagnostic. The rules describe what they found as the structured results
 * below; this class alone turns them into text, so a change of wording (or a new clause, such as
 * what holds under PREEMPT_RT) is made once, here.
 */
final class Messages {

  private Messages() {}

  /** One step of a call path: a method, and the masking calls it made that are still in force. */
  record Hop(String method, List<String> taken) {}

  /**
   * How a context reaches a site: the masks held there beyond the context's own (null if none).
   * {@code context} is the context's name ({@code SOFTIRQ}; under PREEMPT_RT {@code HARDIRQ thread}
   * for a threaded handler). {@code alsoFrom}: under PREEMPT_RT, another entry point that reaches
   * the site in the same thread context, which makes the site race with itself; else null.
   */
  record Reached(String context, MaskLevel held, List<Hop> path, String alsoFrom) {}

  /** Another writer of the variable, in a context that can interrupt the site. */
  record OtherWriter(String context, String call, Position at, List<Hop> path) {}

  /**
   * A finding of the PREEMPT_RT model: whether only that model finds it, and why mainline does not
   * ("spin_lock_irqsave leaves interrupts and preemption on").
   */
  record Rt(boolean only, List<String> reasons) {}

  /**
   * How a field update, which has no atomic spelling, is protected: by masking {@code level} around
   * its statement, or ({@code level} null) not at all, since an NMI writer is excluded by nothing
   * but an atomic operation.
   */
  record Guarding(MaskLevel level) {}

  /**
   * {@code NonAtomicPerCpuUpdate}: the site's interruptible contexts and who interrupts them.
   *
   * @param rt non-null under PREEMPT_RT
   * @param guarding for a field update, the protection advised; null for a call
   */
  record NonAtomicUpdate(String call, List<String> variables, List<Reached> reached, List<OtherWriter> writers,
      String atomicVariant, Rt rt, Guarding guarding) {}

  /**
   * {@code PerCpuUpdateInPreemptibleCode}: the site reached in preemptible process context.
   *
   * @param rt non-null under PREEMPT_RT
   * @param guarding for a field update, the protection advised; null for a call
   */
  record PreemptibleUpdate(String call, List<String> variables, List<Hop> path, String atomicVariant, Rt rt,
      Guarding guarding) {}

  /** A mask a method may return with: how many paths leave it held, and the call that took it. */
  record HeldAtReturn(MaskLevel level, boolean everyPath, String takenBy, int takenAtLine) {}

  /** A release of a mask the method did not take; {@code line} is -1 for a resource's {@code close()}. */
  record ForeignRelease(MaskLevel level, String call, int line) {}

  /** A lock a method may return holding; {@code lock} null if it is not known which. */
  record LockHeldAtReturn(String lock, boolean everyPath, String takenBy, int takenAtLine) {}

  /** A release of a lock the method did not take; {@code line} is -1 for a guard's {@code close()}. */
  record LockRelease(String lock, String call, int line) {}

  /** {@code ContextMaskImbalance}. */
  record MaskImbalance(String method, List<HeldAtReturn> held, List<ForeignRelease> released,
      List<LockHeldAtReturn> locksHeld, List<LockRelease> locksReleased) {}

  // ------------------------------------------------------------------ findings

  static String of(NonAtomicUpdate r) {
    StringJoiner reached = new StringJoiner(" and in ", "reached in ", "");
    for (Reached x : r.reached()) {
      reached.add(x.context() + masked(x.held(), " ") + " (" + path(x.path())
          + (x.alsoFrom() == null ? "" : "; also from " + x.alsoFrom()) + ")");
    }
    StringJoiner updated = new StringJoiner(" and in ", " and updated in ", "");
    updated.setEmptyValue("");
    for (OtherWriter w : r.writers()) {
      updated.add(w.context() + " by " + w.call() + " at " + w.at().shortForm() + " (" + path(w.path()) + ")");
    }
    String subject = r.call() + onVariables(r.call(), r.variables(), r.guarding() != null);
    String advice = r.guarding() != null ? guardAdvice(r.guarding()) : advice(r.atomicVariant(), "");
    if (r.rt() == null) {
      return subject + " can lose updates: " + reached + updated + ", which can interrupt it" + advice;
    }
    return subject + " can lose updates under PREEMPT_RT: " + reached + updated
        + ", which can preempt or interrupt it" + rtOnly(r.rt()) + advice;
  }

  static String of(PreemptibleUpdate r) {
    String model = r.rt() == null ? "" : " under PREEMPT_RT";
    return r.call() + onVariables(r.call(), r.variables(), r.guarding() != null) + " runs in preemptible PROCESS context"
        + model + " (" + path(r.path()) + "), where another task on this CPU can preempt its read-modify-write"
        + (r.rt() == null ? "" : rtOnly(r.rt()))
        + (r.guarding() != null ? guardAdvice(r.guarding()) : advice(r.atomicVariant(), ", or disable preemption around it"));
  }

  /** "; only under PREEMPT_RT, where spin_lock_irqsave leaves interrupts and preemption on", or "". */
  private static String rtOnly(Rt rt) {
    if (!rt.only()) {
      return "";
    }
    return "; only under PREEMPT_RT" + (rt.reasons().isEmpty() ? "" : ", where " + String.join(" and ", rt.reasons()));
  }

  /** Why a masking call protects less under PREEMPT_RT, for {@link Rt#reasons()}. */
  static String weakerUnderRt(String call, MaskLevel mainline, boolean masksNothing) {
    if (masksNothing) {
      return call + (mainline == MaskLevel.HARDIRQ ? " leaves interrupts and preemption on"
          : mainline == MaskLevel.SOFTIRQ ? " leaves softirqs and preemption on" : " leaves preemption on");
    }
    return call + " leaves preemption on (it serializes against softirq processing only)";
  }

  static String of(MaskImbalance r) {
    StringJoiner problems = new StringJoiner("; and it ");
    for (HeldAtReturn h : r.held()) {
      problems.add("returns with " + words(h.level()) + " still masked" + (h.everyPath() ? "" : " on some paths")
          + (h.takenBy() == null ? "" : " (taken by " + h.takenBy()
              + (h.takenAtLine() < 0 ? "" : " at line " + h.takenAtLine()) + ")"));
    }
    for (ForeignRelease f : r.released()) {
      problems.add("releases " + words(f.level()) + " it did not mask (" + f.call()
          + (f.line() < 0 ? " closing a try-with-resources resource" : " at line " + f.line()) + ")");
    }
    for (LockHeldAtReturn h : r.locksHeld()) {
      problems.add("returns holding " + lock(h.lock()) + (h.everyPath() ? "" : " on some paths")
          + (h.takenBy() == null ? "" : " (taken by " + h.takenBy()
              + (h.takenAtLine() < 0 ? "" : " at line " + h.takenAtLine()) + ")"));
    }
    for (LockRelease f : r.locksReleased()) {
      problems.add("releases " + lock(f.lock()) + " it did not take (" + f.call()
          + (f.line() < 0 ? " closing a try-with-resources resource" : " at line " + f.line()) + ")");
    }
    if (r.held().isEmpty() && r.released().isEmpty()) {
      return r.method() + " " + problems
          + "; take and release locks in the same method, or declare it @AcquiresLock/@ReleasesLock";
    }
    return r.method() + " " + problems + "; take and release masks in the same method, or declare it @Masks/@Unmasks";
  }

  // ------------------------------------------------------------------ call paths and their steps

  /** {@code io_submit -> aio_get_req -> percpu_ref_get [rcu_read_lock_sched]}. */
  static String path(List<Hop> hops) {
    StringJoiner joiner = new StringJoiner(" -> ");
    for (Hop hop : hops) {
      joiner.add(withTaken(hop.method(), hop.taken()));
    }
    return joiner.toString();
  }

  /** {@code note [rcu_read_lock_sched, spin_lock]}, or the note alone. */
  static String withTaken(String note, List<String> taken) {
    return taken.isEmpty() ? note : note + " [" + String.join(", ", taken) + "]";
  }

  /** The first step of a code flow, at the entry point's declaration. */
  static String entersIn(String method, ExecContext context) {
    return method + " runs in " + context;
  }

  /** A step of a code flow that calls the next method on the path. */
  static String calls(String method) {
    return "calls " + method;
  }

  /** "with softirqs masked" for the strongest mask held beyond what the context implies, or "". */
  static String masked(MaskLevel held) {
    if (held == null) {
      return "";
    }
    return held == MaskLevel.PREEMPTION ? "with preemption disabled" : "with " + held.description() + " masked";
  }

  private static String masked(MaskLevel held, String before) {
    String text = masked(held);
    return text.isEmpty() ? "" : before + text;
  }

  /**
   * " on Stats.rx" when the call's arguments do not already name the variables it updates; always
   * for a field update ({@code fieldUpdate}), whose text names the field but not the allocation.
   */
  private static String onVariables(String call, List<String> variables, boolean fieldUpdate) {
    if (variables.isEmpty()) {
      return "";
    }
    if (fieldUpdate) {
      return " on " + String.join(", ", variables);
    }
    String arguments = call.substring(call.indexOf('(') + 1);
    for (String v : variables) {
      String field = v.substring(v.indexOf('.') + 1).replace("[]", "");
      if (arguments.contains(field)) {
        return "";
      }
    }
    return " on " + String.join(", ", variables);
  }

  /** "; mask softirqs around it with Guard.bh()", or why no Guard helps against an NMI. */
  private static String guardAdvice(Guarding g) {
    if (g.level() == null) {
      return "; no Guard can fix it: nothing but an atomic operation excludes an NMI";
    }
    String what = g.level() == MaskLevel.PREEMPTION ? "disable preemption" : "mask " + g.level().description();
    return "; " + what + " around it with Guard." + Fixes.guardFactory(g.level()) + "()";
  }

  /** The description of a fix that wraps {@code statement} in a {@code Guard} scope. */
  static String guardFix(String statement, String resource) {
    return "wrap " + statement + " in " + resource;
  }

  private static String advice(String atomicVariant, String alternative) {
    return atomicVariant.isEmpty() ? "" : "; use " + atomicVariant + alternative;
  }

  private static String lock(String name) {
    return name == null ? "a lock" : "lock " + name;
  }

  private static String words(MaskLevel level) {
    return level == MaskLevel.PREEMPTION ? "preemption" : level.description();
  }

  /** The description of a fix that calls {@code variant} instead of {@code callee}. */
  static String renameFix(String variant, String callee) {
    return "call " + variant + " instead of " + callee;
  }
}

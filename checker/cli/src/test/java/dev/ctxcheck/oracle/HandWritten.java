package dev.ctxcheck.oracle;

import static dev.ctxcheck.oracle.Oracle.Kind.NON_ATOMIC;
import static dev.ctxcheck.oracle.Oracle.Kind.PREEMPTIBLE;

import dev.ctxcheck.oracle.Model.Atomicity;
import dev.ctxcheck.oracle.Model.Call;
import dev.ctxcheck.oracle.Model.CondReturn;
import dev.ctxcheck.oracle.Model.Ctx;
import dev.ctxcheck.oracle.Model.If;
import dev.ctxcheck.oracle.Model.LocalLambda;
import dev.ctxcheck.oracle.Model.Method;
import dev.ctxcheck.oracle.Model.Prim;
import dev.ctxcheck.oracle.Model.Program;
import dev.ctxcheck.oracle.Model.RegApi;
import dev.ctxcheck.oracle.Model.Region;
import dev.ctxcheck.oracle.Model.Register;
import dev.ctxcheck.oracle.Model.Sig;
import dev.ctxcheck.oracle.Model.Stmt;
import dev.ctxcheck.oracle.Model.Style;
import dev.ctxcheck.oracle.Model.Update;
import dev.ctxcheck.oracle.Model.VirtualCall;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Programs written by hand, each with the findings worked out by hand from SPEC §2 (the reasoning
 * is in the comments). They test the oracle ({@link OracleSelfTest}) and are also compared with the
 * engine ({@link OracleComparisonTest}).
 */
final class HandWritten {
  private HandWritten() {}

  /** Package prefix of the hand-written programs. */
  static final String PKG = "hand";

  record Case(String name, Program program, Set<Oracle.Expectation> expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Case> all() {
    return List.of(maskJoins(), nmiAgainstIrqMasked(), cycles(), registeredLambdas(), interfaces(), earlyReturns(),
        nestedScopes());
  }

  // ------------------------------------------------------------------------------------ DSL

  static Update nonAtomic(int site, int var, String op) {
    return new Update(site, var, Atomicity.NON_ATOMIC, op);
  }

  static Update atomic(int site, int var) {
    return new Update(site, var, Atomicity.ATOMIC, "inc(%V)");
  }

  static Update raw(int site, int var) {
    return new Update(site, var, Atomicity.RAW, "inc(%V)");
  }

  static Call call(int m) {
    return new Call(m);
  }

  static Region region(Prim p, Style s, Stmt... body) {
    return new Region(p, s, 0, list(body));
  }

  static Region explicit(Prim p, Stmt... body) {
    return region(p, Style.EXPLICIT, body);
  }

  static If ifElse(int cond, List<Stmt> then, List<Stmt> otherwise) {
    return new If(cond, then, otherwise);
  }

  static List<Stmt> list(Stmt... s) {
    return new ArrayList<>(List.of(s));
  }

  static Method m(int i, Set<Ctx> ctxs, Stmt... body) {
    return new Method("m" + i, Sig.VOID, ctxs, list(body));
  }

  static Method m(int i, Sig sig, Set<Ctx> ctxs, Stmt... body) {
    return new Method("m" + i, sig, ctxs, list(body));
  }

  static Set<Ctx> none() {
    return EnumSet.noneOf(Ctx.class);
  }

  static Method impl(Set<Ctx> ctxs, Stmt... body) {
    return new Method("op", Sig.VOID, ctxs, list(body));
  }

  static Program program(long seed, int vars, List<Method> methods, Method a, Method b, Set<Ctx> ops, List<Stmt> init) {
    return new Program(seed, PKG + seed, vars, methods, a, b, ops, init);
  }

  static Program program(long seed, int vars, Method... methods) {
    return program(seed, vars, List.of(methods), impl(none()), impl(none()), none(), List.of());
  }

  static Set<Oracle.Expectation> expect(Object... siteKinds) {
    Set<Oracle.Expectation> out = new TreeSet<>();
    for (int i = 0; i < siteKinds.length; i += 2) {
      out.add(new Oracle.Expectation((Integer) siteKinds[i], (Oracle.Kind) siteKinds[i + 1]));
    }
    return out;
  }

  // ---------------------------------------------------------------------------------- cases

  /**
   * Branches whose arms call the same method under different masks: the callee is reached in
   * both states, and the weaker one decides.
   */
  static Case maskJoins() {
    Program p = program(1, 3,
        // PROCESS entry
        m(0, EnumSet.of(Ctx.PROCESS),
            // m1 reached in PROCESS/PREEMPTION and PROCESS/NONE
            ifElse(0, list(explicit(Prim.PREEMPT, call(1))), list(call(1))),
            // m2 reached in PROCESS/SOFTIRQ and PROCESS/PREEMPTION
            ifElse(1, list(explicit(Prim.BH, call(2))), list(region(Prim.SPIN, Style.TRY_FINALLY, call(2)))),
            // m3 reached in PROCESS/SOFTIRQ only, by three primitives
            ifElse(2, list(region(Prim.BH, Style.GUARD, call(3))),
                list(region(Prim.SPIN_BH, Style.GUARD, call(3)), explicit(Prim.RCU_BH, call(3))))),
        m(1, none(), nonAtomic(0, 0, "inc(%V)")),
        m(2, none(), nonAtomic(1, 1, "add(%V, 3)")),
        m(3, none(), nonAtomic(2, 2, "dec(%V)")),
        // SOFTIRQ writer of every variable
        m(4, EnumSet.of(Ctx.SOFTIRQ), atomic(3, 0), atomic(4, 1), atomic(5, 2)));
    // s0: PROCESS/NONE -> preemptible, and softirq (writer of V0) interrupts it.
    // s1: PROCESS/PREEMPTION is interruptible by softirq; never preemptible.
    // s2: only PROCESS/SOFTIRQ: softirq masked, hardirq and NMI do not write V2.
    return new Case("mask joins", p, expect(0, NON_ATOMIC, 0, PREEMPTIBLE, 1, NON_ATOMIC));
  }

  /** NMI interrupts code with irqs masked; hardirq does not; a hardirq site is not hit by a softirq writer. */
  static Case nmiAgainstIrqMasked() {
    Program p = program(2, 5,
        List.of(
            m(0, EnumSet.of(Ctx.PROCESS),
                explicit(Prim.IRQSAVE, nonAtomic(0, 0, "inc(%V)")),
                region(Prim.IRQSAVE, Style.GUARD, nonAtomic(1, 1, "dec(%V)")),
                explicit(Prim.SPIN_IRQ, call(2))),
            m(1, EnumSet.of(Ctx.HARDIRQ), atomic(2, 0), nonAtomic(3, 1, "add(%V, 3)"), nonAtomic(4, 2, "inc(%V)"),
                nonAtomic(9, 4, "inc(%V)")),
            m(2, none(), nonAtomic(7, 2, "sub(%V, 2)")),
            m(3, EnumSet.of(Ctx.SOFTIRQ), explicit(Prim.IRQ, nonAtomic(8, 1, "inc(%V)")), atomic(10, 4))),
        impl(none()), impl(none()), none(),
        list(new Register(RegApi.NMI, -1, 0, list(raw(5, 1), nonAtomic(6, 3, "inc(%V)")))));
    // s0: PROCESS/HARDIRQ; V0 also written in HARDIRQ, which is masked there: nothing.
    // s1: PROCESS/HARDIRQ; V1 written in NMI (raw), which interrupts anyway.
    // s3: HARDIRQ; NMI writes V1.   s8: SOFTIRQ with irqs off; NMI writes V1.
    // s4: HARDIRQ; the other writer of V2 is PROCESS, which interrupts nobody.
    // s7: PROCESS/HARDIRQ (spin_lock_irq): hardirq masked, not preemptible.
    // s6: NMI is the only writer of V3.   s9: HARDIRQ site, other writer in SOFTIRQ: nothing.
    return new Case("NMI against irq-masked code", p, expect(1, NON_ATOMIC, 3, NON_ATOMIC, 8, NON_ATOMIC));
  }

  /** Cycles and recursion: a method re-entered on a path in a new mask state is explored in it. */
  static Case cycles() {
    Program p = program(3, 5,
        m(0, EnumSet.of(Ctx.PROCESS), call(1)),
        // m1 -> m2 -> m1 (under preemption) -> m2 again in the same state: stop
        m(1, none(), explicit(Prim.PREEMPT, call(2)), nonAtomic(0, 0, "inc(%V)")),
        m(2, none(), nonAtomic(1, 1, "inc(%V)"), ifElse(0, list(call(1)), list())),
        m(3, EnumSet.of(Ctx.PROCESS), call(4)),
        // direct recursion under local_bh_disable
        m(4, none(), nonAtomic(2, 2, "inc(%V)"), explicit(Prim.BH, call(4))),
        m(5, EnumSet.of(Ctx.SOFTIRQ), raw(3, 2), atomic(4, 0), atomic(5, 1), atomic(7, 3), atomic(11, 4)),
        m(6, EnumSet.of(Ctx.PROCESS), call(7)),
        // m7 -> m8 (bh off) -> m7 (bh off, new state) -> m8 (same state): stop
        m(7, none(), explicit(Prim.BH, call(8))),
        m(8, none(), nonAtomic(6, 3, "inc(%V)"), call(7)),
        m(9, EnumSet.of(Ctx.PROCESS), call(10)),
        // m10 <-> m11, the site only ever under irqs off
        m(10, none(), region(Prim.IRQ, Style.TRY_FINALLY, call(11))),
        m(11, none(), nonAtomic(8, 4, "inc(%V)"), call(10)));
    // s0: PROCESS/NONE (m0 -> m1) and PROCESS/PREEMPTION (via the cycle): both rules (softirq writes V0).
    // s1: PROCESS/PREEMPTION only: softirq interrupts.
    // s2: PROCESS/NONE and PROCESS/SOFTIRQ: both rules (softirq writes V2, raw).
    // s6: PROCESS/SOFTIRQ only: nothing.   s8: PROCESS/HARDIRQ only: nothing.
    return new Case("cycles and recursion", p,
        expect(0, NON_ATOMIC, 0, PREEMPTIBLE, 1, NON_ATOMIC, 2, NON_ATOMIC, 2, PREEMPTIBLE));
  }

  /** A registered callback runs only in its registration's context; a local lambda runs where it is created. */
  static Case registeredLambdas() {
    Program p = program(4, 5,
        List.of(
            m(0, EnumSet.of(Ctx.PROCESS),
                new Register(RegApi.TASKLET, -1, 0, list(nonAtomic(0, 0, "inc(%V)"))),
                explicit(Prim.BH, new LocalLambda(1, list(nonAtomic(1, 1, "inc(%V)")), null, false)),
                new LocalLambda(2, list(nonAtomic(2, 2, "inc(%V)")), null, false),
                new Register(RegApi.QUEUE_WORK, 1, 3, List.of()),
                new Register(RegApi.REQUEST_IRQ, 2, 4, List.of()),
                new LocalLambda(5, list(nonAtomic(7, 4, "inc(%V)")), Prim.PREEMPT, false),
                new LocalLambda(6, list(nonAtomic(8, 4, "dec(%V)")), Prim.IRQ, true)),
            m(1, none(), nonAtomic(3, 3, "inc(%V)")),
            m(2, Sig.INT_INT, none(), atomic(4, 0)),
            m(3, EnumSet.of(Ctx.SOFTIRQ), atomic(5, 1), atomic(6, 2))),
        impl(none()), impl(none()), none(), List.of());
    // s0: SOFTIRQ only (not PROCESS, where the registration stands): HARDIRQ (m2, registered) writes V0.
    // s1: PROCESS/SOFTIRQ (created under local_bh_disable): nothing.
    // s2: PROCESS/NONE: both rules (softirq writes V2).
    // s3: m1 is a PROCESS entry by queue_work: preemptible; only PROCESS writes V3.
    // s7: created unmasked (called under preempt_disable, which does not matter): preemptible.
    // s8: created unmasked, passed to a helper that runs it with irqs off: preemptible all the same.
    return new Case("registered callbacks and local lambdas", p,
        expect(0, NON_ATOMIC, 2, NON_ATOMIC, 2, PREEMPTIBLE, 3, PREEMPTIBLE, 7, PREEMPTIBLE, 8, PREEMPTIBLE));
  }

  /** Interface calls reach every implementation; an annotation on the interface method is inherited. */
  static Case interfaces() {
    Program p = program(5, 3,
        List.of(
            m(0, EnumSet.of(Ctx.SOFTIRQ), new VirtualCall(false)),
            m(1, EnumSet.of(Ctx.PROCESS), explicit(Prim.PREEMPT, new VirtualCall(true))),
            m(2, EnumSet.of(Ctx.NMI), atomic(3, 2))),
        impl(none(), nonAtomic(0, 0, "inc(%V)")),
        impl(none(), nonAtomic(1, 1, "inc(%V)"), nonAtomic(2, 2, "write(%V, 0)")),
        EnumSet.of(Ctx.HARDIRQ), List.of());
    // Ops.op() is @HardirqContext: ImplA.op and ImplB.op are HARDIRQ entries as well.
    // s0: SOFTIRQ (OPS.op() from m0) and HARDIRQ: hardirq interrupts softirq.
    // s1: SOFTIRQ, PROCESS/PREEMPTION (OPS_B.op() from m1) and HARDIRQ: interruptible by both.
    // s2: same places; NMI writes V2.
    return new Case("interfaces", p, expect(0, NON_ATOMIC, 1, NON_ATOMIC, 2, NON_ATOMIC));
  }

  /** Early returns out of Guard, try/finally and explicit regions. */
  static Case earlyReturns() {
    Program p = program(6, 3,
        m(0, EnumSet.of(Ctx.PROCESS),
            region(Prim.BH, Style.GUARD, new CondReturn(0), nonAtomic(0, 0, "inc(%V)")),
            nonAtomic(1, 0, "inc(%V)"),
            region(Prim.PREEMPT, Style.TRY_FINALLY, call(1), new CondReturn(1)),
            nonAtomic(2, 1, "inc(%V)"),
            explicit(Prim.IRQSAVE, new CondReturn(2), nonAtomic(4, 2, "inc(%V)")),
            nonAtomic(5, 2, "dec(%V)")),
        m(1, none(), nonAtomic(3, 1, "inc(%V)")),
        m(2, EnumSet.of(Ctx.SOFTIRQ), atomic(6, 0), atomic(7, 1)),
        m(3, EnumSet.of(Ctx.HARDIRQ), atomic(8, 2)));
    // s0: PROCESS/SOFTIRQ: nothing.   s1, s2: PROCESS/NONE: both rules.
    // s3: PROCESS/PREEMPTION: softirq interrupts.   s4: PROCESS/HARDIRQ: nothing.
    // s5: PROCESS/NONE, hardirq writes V2: both rules.
    return new Case("early returns", p, expect(1, NON_ATOMIC, 1, PREEMPTIBLE, 2, NON_ATOMIC, 2, PREEMPTIBLE,
        3, NON_ATOMIC, 5, NON_ATOMIC, 5, PREEMPTIBLE));
  }

  /** Mask scopes nested inside try blocks: counts nest, and every path releases what it takes. */
  static Case nestedScopes() {
    Program p = program(7, 3,
        m(0, EnumSet.of(Ctx.PROCESS),
            region(Prim.IRQ, Style.GUARD, region(Prim.BH, Style.GUARD, nonAtomic(0, 0, "inc(%V)"))),
            region(Prim.BH, Style.TRY_FINALLY, explicit(Prim.PREEMPT, nonAtomic(1, 1, "inc(%V)")), nonAtomic(4, 1, "dec(%V)")),
            explicit(Prim.PREEMPT, explicit(Prim.PREEMPT, nonAtomic(5, 2, "inc(%V)")), nonAtomic(6, 2, "dec(%V)")),
            nonAtomic(7, 2, "add(%V, 3)"),
            explicit(Prim.SPIN_BH, region(Prim.SPIN, Style.GUARD, nonAtomic(9, 0, "sub(%V, 2)")))),
        m(1, EnumSet.of(Ctx.HARDIRQ), atomic(2, 0)),
        m(2, EnumSet.of(Ctx.SOFTIRQ), atomic(3, 1), atomic(8, 2)));
    // s0: PROCESS/HARDIRQ: nothing.   s1, s4: PROCESS/SOFTIRQ: nothing.
    // s5, s6: PROCESS/PREEMPTION (one preempt_enable leaves the outer count): softirq interrupts.
    // s7: PROCESS/NONE: both rules.   s9: PROCESS/SOFTIRQ; hardirq (m1) writes V0 and can interrupt.
    return new Case("nested scopes", p, expect(5, NON_ATOMIC, 6, NON_ATOMIC, 7, NON_ATOMIC, 7, PREEMPTIBLE, 9, NON_ATOMIC));
  }
}

package dev.ctxcheck.engine.analysis;

import static dev.ctxcheck.engine.analysis.Facts.field;
import static dev.ctxcheck.engine.analysis.Facts.param;
import static dev.ctxcheck.engine.facts.ExecContext.HARDIRQ;
import static dev.ctxcheck.engine.facts.ExecContext.NMI;
import static dev.ctxcheck.engine.facts.ExecContext.PROCESS;
import static dev.ctxcheck.engine.facts.ExecContext.SOFTIRQ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Value;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's rules on hand-built facts. */
class EngineRulesTest {

  private static List<Finding> of(List<Finding> findings, Check check) {
    return findings.stream().filter(f -> f.check() == check).toList();
  }

  @Test
  void oneSiteInProcessAndSoftirqIsReportedWithBothPaths() {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).call("helper").add();
    f.method("tasklet").in(SOFTIRQ).call("helper").add();
    f.method("helper").api("__inc", field("hits")).add();
    List<Finding> race = of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size());
    assertEquals("__inc(..) on A.hits can lose updates: reached in PROCESS (sys -> helper) and in SOFTIRQ (tasklet -> helper),"
        + " which can interrupt it; use inc", race.get(0).message());
    assertEquals(2, race.get(0).traces().size());
  }

  @Test
  void hardirqsDoNotNestAndSoftirqSitesAreNotInterruptedBySoftirqs() {
    Facts f = new Facts();
    f.method("irq1").in(HARDIRQ).api("__inc", field("a")).add();
    f.method("irq2").in(HARDIRQ).api("__inc", field("a")).add();
    f.method("t1").in(SOFTIRQ).api("__inc", field("b")).add();
    f.method("t2").in(SOFTIRQ).api("__inc", field("b")).add();
    f.method("nmi").in(NMI).api("__inc", field("c")).add();
    f.method("irq3").in(HARDIRQ).api("__inc", field("d")).add();
    f.method("t3").in(SOFTIRQ).api("inc", field("d")).add();
    assertEquals(List.of(), f.run());
  }

  @Test
  void softirqSiteWithAHardirqWriterIsReportedButNotTheHardirqSite() {
    Facts f = new Facts();
    f.method("rx").in(SOFTIRQ).api("__inc", field("stats")).add();
    f.method("tx_irq").in(HARDIRQ).api("__inc", field("stats")).add();
    List<Finding> race = of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size());
    assertEquals(1, race.get(0).position().line(), "the softirq site");
  }

  @Test
  void nmiInterruptsEvenWithIrqsMasked() {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).api("irq_off").api("__inc", field("x")).api("irq_on").add();
    f.method("nmi").in(NMI).api("inc", field("x")).add();
    List<Finding> findings = f.run();
    assertEquals(1, of(findings, Check.NON_ATOMIC_PER_CPU_UPDATE).size());
    assertTrue(of(findings, Check.NON_ATOMIC_PER_CPU_UPDATE).get(0).message()
        .contains("reached in PROCESS with hardirqs masked (sys [irq_off])"), findings.toString());
    assertEquals(0, of(findings, Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE).size());
  }

  @Test
  void aMaskTakenByTheCallerCoversTheCallee() {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).api("bh_off").call("helper").api("bh_on").add();
    f.method("helper").api("__inc", field("x")).add();
    f.method("tasklet").in(SOFTIRQ).api("inc", field("x")).add();
    assertEquals(List.of(), f.run());
  }

  @Test
  void atAJoinTheWeakerMaskHolds() {
    // entry -> [bh_off] -> join <- entry ; join: __inc
    Facts f = new Facts();
    Facts.M sys = f.method("sys").in(PROCESS).api("bh_off").api("__inc", field("x")).api("bh_on");
    FlowGraph.Builder g = new FlowGraph.Builder();
    int masked = g.newBlock();
    g.addSite(masked, 0);
    int join = g.newBlock();
    g.addSite(join, 1);
    g.addSite(join, 2);
    g.addEdge(g.entry(), masked);
    g.addEdge(g.entry(), join);
    g.addEdge(masked, join);
    g.addEdge(join, g.exit());
    sys.flow = g.build();
    sys.add();
    f.method("tasklet").in(SOFTIRQ).api("inc", field("x")).add();
    List<Finding> findings = f.run();
    assertEquals(1, of(findings, Check.NON_ATOMIC_PER_CPU_UPDATE).size(), findings.toString());
    // One path releases a mask it never took; the other returns balanced only in count.
    assertEquals(1, of(findings, Check.CONTEXT_MASK_IMBALANCE).size(), findings.toString());
  }

  @Test
  void maskHeldOnSomePathsAtExitIsAnImbalanceButUncheckedExitsAreNot() {
    Facts f = new Facts();
    Facts.M leaky = f.method("leaky").api("bh_off").api("bh_on");
    FlowGraph.Builder g = new FlowGraph.Builder();
    int take = g.newBlock();
    g.addSite(take, 0);
    int release = g.newBlock();
    g.addSite(release, 1);
    g.addEdge(g.entry(), take);
    g.addEdge(take, release);
    g.addEdge(take, g.exit()); // an early return with BH off
    g.addEdge(release, g.exit());
    leaky.flow = g.build();
    leaky.add();
    Facts.M throwing = f.method("throwing").api("bh_off").api("bh_on");
    FlowGraph.Builder h = new FlowGraph.Builder();
    int t = h.newBlock();
    h.addSite(t, 0);
    int r = h.newBlock();
    h.addSite(r, 1);
    h.addEdge(h.entry(), t);
    h.addEdge(t, r);
    h.addEdge(t, h.uncheckedExit()); // any call may throw
    h.addEdge(r, h.exit());
    throwing.flow = h.build();
    throwing.add();
    List<Finding> imbalance = of(f.run(), Check.CONTEXT_MASK_IMBALANCE);
    assertEquals(1, imbalance.size(), imbalance.toString());
    assertEquals("leaky returns with softirqs still masked on some paths (taken by bh_off at line 1); take and release"
        + " masks in the same method, or declare it @Masks/@Unmasks", imbalance.get(0).message());
  }

  @Test
  void preemptibleProcessSiteIsReportedUnlessAMaskIsHeld() {
    Facts f = new Facts();
    f.method("open").in(PROCESS).api("__inc", field("a")).add();
    f.method("read").in(PROCESS).api("preempt_off").api("__inc", field("b")).api("preempt_on").add();
    f.method("raw").in(PROCESS).api("raw_inc", field("c")).add();
    Map<Check, Integer> counts = Facts.countByCheck(f.run());
    assertEquals(Map.of(Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, 1), counts);
  }

  @Test
  void variablesFlowThroughParametersOfEveryCaller() {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).api("bh_off").call("count", field("rx")).api("bh_on").add();
    f.method("tasklet").in(SOFTIRQ).api("inc", field("rx")).add();
    f.method("irq").in(HARDIRQ).api("inc", field("tx")).add();
    Facts.M count = f.method("count").api("__inc", param(0));
    count.params = 1;
    count.add();
    // count's site is reached with BH off: the softirq writer of rx is masked, the hardirq writes tx only.
    assertEquals(List.of(), f.run());
    Facts g = new Facts();
    g.method("sys").in(PROCESS).api("bh_off").call("count", field("rx")).api("bh_on").add();
    g.method("irq").in(HARDIRQ).api("inc", field("rx")).add();
    Facts.M count2 = g.method("count").api("__inc", param(0));
    count2.params = 1;
    count2.add();
    List<Finding> race = of(g.run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size());
    assertTrue(race.get(0).message().startsWith("__inc(..) on A.rx can lose updates: reached in PROCESS with softirqs"
        + " masked (sys [bh_off] -> count) and updated in HARDIRQ by inc(..) at A.java:"), race.get(0).message());
  }

  @Test
  void recursionThroughParametersAndLocalsTerminatesAndFindsTheField() {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).call("walk", field("depth")).add();
    Facts.M walk = f.method("walk").call("walk", Value.local("next", "api.PerCpuLong")).api("__inc", param(0));
    walk.params = 1;
    walk.locals.put("next", List.of(param(0)));
    walk.add();
    f.method("irq").in(HARDIRQ).api("inc", field("depth")).add();
    List<Finding> race = of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size(), race.toString());
  }

  @Test
  void anUntraceableVariableIsComparedWithItsOwnSiteOnly() {
    Facts f = new Facts();
    Facts.M handler = f.method("handler").in(PROCESS, SOFTIRQ).api("__inc", param(0));
    handler.params = 1;
    handler.add();
    f.method("irq").in(HARDIRQ).api("inc", field("other")).add();
    List<Finding> race = of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size());
    assertTrue(race.get(0).message().contains("reached in PROCESS (handler) and in SOFTIRQ (handler)"), race.toString());
  }

  @Test
  void virtualCallsReachOnlyOverridesTheReceiverTypeAdmits() {
    Facts f = new Facts();
    f.type("app.Dev");
    f.type("app.Nic", "app.Dev");
    f.type("app.Disk", "app.Dev");
    f.method("sys").in(PROCESS)
        .site(CallSite.Kind.INVOKE, "app.Dev#xmit()", CallSite.Dispatch.VIRTUAL, "app.Nic").add();
    f.method("irq").in(HARDIRQ)
        .site(CallSite.Kind.INVOKE, "app.Dev#xmit()", CallSite.Dispatch.VIRTUAL, "app.Dev").add();
    Facts.M nic = f.method("nicXmit").api("__inc", field("nic"));
    nic.type = "app.Nic";
    nic.overrides.add("app.Dev#xmit()");
    nic.add();
    Facts.M disk = f.method("diskXmit").api("__inc", field("disk"));
    disk.type = "app.Disk";
    disk.overrides.add("app.Dev#xmit()");
    disk.add();
    List<Finding> race = of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    // The process call can only reach Nic's override, so only Nic's variable is written from two contexts.
    assertEquals(1, race.size(), race.toString());
    assertTrue(race.get(0).message().startsWith("__inc(..) on A.nic can lose updates: reached in PROCESS (sys -> nicXmit)"),
        race.get(0).message());
  }

  @Test
  void aLambdaRegisteredAsACallbackRunsOnlyInTheCallbacksContext() {
    Facts f = new Facts();
    Facts.M body = f.method("lambda$1").api("__inc", field("x"));
    body.kind = MethodFacts.Kind.LAMBDA;
    body.add();
    Facts.M init = f.method("init").in(PROCESS)
        .site(CallSite.Kind.LAMBDA, "app.A#lambda$1()", CallSite.Dispatch.EXACT, null)
        .site(CallSite.Kind.INVOKE, "api.PerCpu#on_irq(api.Handler)", CallSite.Dispatch.EXACT, null,
            Value.lambda("app.A#lambda$1()", "api.Handler"));
    init.add();
    f.method("other_irq").in(HARDIRQ).api("inc", field("x")).add();
    // Were the lambda also run where it is created, PROCESS would race with the hardirqs.
    assertEquals(List.of(), f.run());
  }

  @Test
  void aLambdaNotRegisteredRunsWhereItIsCreated() {
    Facts f = new Facts();
    Facts.M body = f.method("lambda$1").api("__inc", field("x"));
    body.kind = MethodFacts.Kind.LAMBDA;
    body.add();
    f.method("sys").in(PROCESS).api("preempt_off")
        .site(CallSite.Kind.LAMBDA, "app.A#lambda$1()", CallSite.Dispatch.EXACT, null).api("preempt_on").add();
    f.method("irq").in(HARDIRQ).api("inc", field("x")).add();
    List<Finding> race = of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size());
    assertTrue(race.get(0).message().contains("reached in PROCESS with preemption disabled (sys [preempt_off] -> lambda$1)"),
        race.toString());
  }

  @Test
  void everyContextPairFollowsTheInterruptionTable() {
    // running context x what is masked -> which contexts interrupt
    for (ExecContext victim : ExecContext.values()) {
      for (int holds = 0; holds < 8; holds++) {
        int state = Propagation.state(victim, false, holds, false);
        int masked = Propagation.effectiveMask(state, false);
        boolean irqsOff = (masked & 0b100) != 0;
        boolean bhOff = (masked & 0b010) != 0 || irqsOff;
        assertEquals(victim != NMI, Interruption.canInterrupt(NMI, state));
        assertEquals((victim == PROCESS || victim == SOFTIRQ) && !irqsOff, Interruption.canInterrupt(HARDIRQ, state));
        assertEquals(victim == PROCESS && !bhOff, Interruption.canInterrupt(SOFTIRQ, state));
        assertEquals(false, Interruption.canInterrupt(PROCESS, state));
        assertEquals(victim == PROCESS && masked == 0, Interruption.isPreemptible(state, false));
      }
    }
  }
}

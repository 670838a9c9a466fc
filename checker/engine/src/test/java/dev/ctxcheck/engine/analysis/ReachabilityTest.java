package dev.ctxcheck.engine.analysis;

import static dev.ctxcheck.engine.analysis.Facts.field;
import static dev.ctxcheck.engine.facts.ExecContext.HARDIRQ;
import static dev.ctxcheck.engine.facts.ExecContext.PROCESS;
import static dev.ctxcheck.engine.facts.ExecContext.SOFTIRQ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.facts.MaskLevel;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The per-method query behind an editor's hover and code lens. */
class ReachabilityTest {

  private static Analysis.Result sample() {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).api("preempt_off").call("helper").api("preempt_on").add();
    f.method("ioctl").in(PROCESS).call("relay").add();
    f.method("relay").call("helper").add();
    f.method("tasklet").in(SOFTIRQ).call("helper").add();
    f.method("helper").api("__inc", field("x")).add();
    f.method("irq").in(HARDIRQ).api("inc", field("y")).add();
    f.method("unused").api("__inc", field("x")).add();
    return Analysis.run(f.program(), Config.DEFAULT);
  }

  @Test
  void everyEntryStateOfAMethodWithItsMaskAndTheMessagesPath() {
    Analysis.Result result = sample();
    List<Reachability.Reach> reach = result.reachability().ofMethod("app.A#helper()");
    assertEquals(3, reach.size(), reach.toString());

    Reachability.Reach masked = reach.get(0);
    assertEquals(PROCESS, masked.context());
    assertEquals(Set.of(MaskLevel.PREEMPTION), masked.held());
    assertEquals("with preemption disabled", masked.masked());
    assertEquals("sys [preempt_off] -> helper", masked.path());
    // Entry declaration, then the call that enters helper.
    assertEquals(2, masked.trace().steps().size());
    assertEquals("sys runs in PROCESS", masked.trace().steps().get(0).note());
    assertEquals("calls helper [preempt_off]", masked.trace().steps().get(1).note());

    Reachability.Reach open = reach.get(1);
    assertEquals(PROCESS, open.context());
    assertEquals(Set.of(), open.held());
    assertEquals("", open.masked());
    assertEquals("ioctl -> relay -> helper", open.path());

    assertEquals(SOFTIRQ, reach.get(2).context());
    assertEquals("tasklet -> helper", reach.get(2).path());

    // The same path words as the finding's message.
    Finding race = result.findings().stream().filter(x -> x.check() == Check.NON_ATOMIC_PER_CPU_UPDATE)
        .findFirst().orElseThrow();
    assertTrue(race.message().contains("(tasklet -> helper)"), race.message());
  }

  @Test
  void anEntryPointIsReachedByItselfAndAnUnreachedMethodByNothing() {
    Analysis.Result result = sample();
    List<Reachability.Reach> irq = result.reachability().ofMethod("app.A#irq()");
    assertEquals(1, irq.size());
    assertEquals(HARDIRQ, irq.get(0).context());
    assertEquals("irq", irq.get(0).path());
    assertEquals(1, irq.get(0).trace().steps().size());
    assertEquals(List.of(), result.reachability().ofMethod("app.A#unused()"));
    assertEquals(List.of(), result.reachability().ofMethod("app.A#noSuchMethod()"));
  }

  @Test
  void aCallRunsInItsCallersStatesWithTheMasksTakenBeforeIt() {
    Analysis.Result result = sample();
    // sys: site 0 preempt_off, site 1 helper, site 2 preempt_on.
    List<Reachability.Reach> before = result.reachability().atCall("app.A#sys()", 0);
    assertEquals(1, before.size());
    assertEquals(Set.of(), before.get(0).held());
    List<Reachability.Reach> at = result.reachability().atCall("app.A#sys()", 1);
    assertEquals(1, at.size());
    assertEquals(Set.of(MaskLevel.PREEMPTION), at.get(0).held());
    assertEquals("sys [preempt_off]", at.get(0).path());
    assertEquals("calls helper [preempt_off]", at.get(0).trace().steps().get(1).note());
    assertEquals(List.of(), result.reachability().atCall("app.A#sys()", 7));
  }

  @Test
  void methodsThatUpdatePerCpuData() {
    Reachability r = sample().reachability();
    assertTrue(r.updatesPerCpu("app.A#helper()"));
    assertTrue(r.updatesPerCpu("app.A#irq()"), "atomic updates count too");
    assertTrue(r.updatesPerCpu("app.A#unused()"));
    assertFalse(r.updatesPerCpu("app.A#sys()"));
    assertFalse(r.updatesPerCpu("app.A#noSuchMethod()"));
  }
}

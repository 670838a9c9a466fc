package dev.ctxcheck.engine.analysis;

import static dev.ctxcheck.engine.analysis.Facts.field;
import static dev.ctxcheck.engine.analysis.Facts.lockField;
import static dev.ctxcheck.engine.analysis.Facts.param;
import static dev.ctxcheck.engine.facts.ExecContext.HARDIRQ;
import static dev.ctxcheck.engine.facts.ExecContext.NMI;
import static dev.ctxcheck.engine.facts.ExecContext.PROCESS;
import static dev.ctxcheck.engine.facts.ExecContext.SOFTIRQ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lock identity (both models) and the PREEMPT_RT model, on hand-built facts. */
class LocksAndPreemptRtTest {

  private static final Config RT = new Config(false, true);

  private static List<Finding> of(List<Finding> findings, Check check) {
    return findings.stream().filter(f -> f.check() == check).toList();
  }

  /** Process and softirq code update one counter, each under the lock held in field {@code lockOf*}. */
  private static Facts sharedCounter(String processLock, String softirqLock) {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).api("lock", lockField(processLock)).api("__inc", field("hits"))
        .api("unlock", lockField(processLock)).add();
    f.method("tasklet").in(SOFTIRQ).api("lock", lockField(softirqLock)).api("__inc", field("hits"))
        .api("unlock", lockField(softirqLock)).add();
    return f;
  }

  @Test
  void aCommonLockSerializesTheUpdatesOnMainline() {
    assertEquals(List.of(), sharedCounter("L", "L").run());
    List<Finding> race = of(sharedCounter("L", "M").run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size(), "different locks serialize nothing");
    assertTrue(race.get(0).message().startsWith("__inc(..) on A.hits can lose updates: reached in PROCESS with"
        + " preemption disabled (sys [lock]) and updated in SOFTIRQ"), race.get(0).message());
  }

  @Test
  void aLockPassedThroughAParameterIsTheFieldItCameFrom() {
    Facts f = new Facts();
    f.method("account").api("lock", param(0)).api("__inc", field("hits")).api("unlock", param(0)).add();
    f.method("sys").in(PROCESS).call("account", lockField("L")).add();
    f.method("tasklet").in(SOFTIRQ).api("lock", lockField("L")).api("__inc", field("hits"))
        .api("unlock", lockField("L")).add();
    assertEquals(List.of(), of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE));
  }

  @Test
  void aLockThatTracesToSeveralFieldsProtectsNothing() {
    Facts f = new Facts();
    f.method("account").api("lock", param(0)).api("__inc", field("hits")).api("unlock", param(0)).add();
    f.method("sys").in(PROCESS).call("account", lockField("L")).add();
    f.method("sys2").in(PROCESS).call("account", lockField("M")).add();
    f.method("tasklet").in(SOFTIRQ).api("lock", lockField("L")).api("__inc", field("hits"))
        .api("unlock", lockField("L")).add();
    assertEquals(1, of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE).size());
    assertEquals(List.of(), of(f.run(), Check.CONTEXT_MASK_IMBALANCE), "its acquire and release still balance");
  }

  @Test
  void aCalleeHoldsWhatEveryCallerHoldsAtTheCall() {
    Facts f = new Facts();
    f.method("helper").api("__inc", field("hits")).add();
    f.method("sys").in(PROCESS).api("lock", lockField("L")).call("helper").api("unlock", lockField("L")).add();
    f.method("tasklet").in(SOFTIRQ).api("lock", lockField("L")).call("helper").api("unlock", lockField("L")).add();
    assertEquals(List.of(), f.run());
    // A second process caller without the lock: the helper's process state no longer holds it.
    f.method("sys_unlocked").in(PROCESS).api("preempt_off").call("helper").api("preempt_on").add();
    List<Finding> race = of(f.run(), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size());
  }

  @Test
  void aLockHeldAtReturnOrACallersLockReleasedIsAnImbalance() {
    Facts f = new Facts();
    f.method("takes").in(PROCESS).api("lock", lockField("L")).add();
    f.method("drops").in(PROCESS).api("unlock", lockField("L")).add();
    List<Finding> found = of(f.run(), Check.CONTEXT_MASK_IMBALANCE);
    assertEquals(2, found.size(), found.toString());
    assertTrue(found.get(0).message().contains("takes returns with preemption still masked (taken by lock at line 1);"
        + " and it returns holding lock A.L (taken by lock at line 1)"), found.get(0).message());
    assertTrue(found.get(1).message().contains("releases lock A.L it did not take (unlock at line 3)"),
        found.get(1).message());
    assertEquals(found, of(f.run(RT), Check.CONTEXT_MASK_IMBALANCE), "balance does not depend on the model");
  }

  @Test
  void underPreemptRtTwoSoftirqEntryPointsPreemptEachOtherButOneDoesNotPreemptItself() {
    Facts one = new Facts();
    one.method("helper").api("bh_off").api("__inc", field("hits")).api("bh_on").add();
    one.method("tasklet").in(SOFTIRQ).call("helper").add();
    assertEquals(List.of(), one.run(RT));

    Facts two = new Facts();
    two.method("helper").api("bh_off").api("__inc", field("hits")).api("bh_on").add();
    two.method("tasklet").in(SOFTIRQ).call("helper").add();
    two.method("timer").in(SOFTIRQ).call("helper").add();
    assertEquals(List.of(), two.run(), "softirqs do not nest on mainline");
    List<Finding> race = of(two.run(RT), Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals(1, race.size());
    assertEquals("__inc(..) on A.hits can lose updates under PREEMPT_RT: reached in SOFTIRQ (tasklet -> helper"
        + " [bh_off]; also from timer), which can preempt or interrupt it; only under PREEMPT_RT, where bh_off"
        + " leaves preemption on (it serializes against softirq processing only) and softirqs run in preemptible"
        + " threads; use inc", race.get(0).message());
  }

  @Test
  void underPreemptRtAnUpdateOutsideAnyLockIsPreemptible() {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).api("lock", lockField("L")).api("unlock", lockField("L")).api("__inc", field("hits"))
        .add();
    assertEquals(1, of(f.run(RT), Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE).size());
  }

  @Test
  void underPreemptRtASpinLockMasksNothingButStillSerializesItsHolders() {
    Facts f = new Facts();
    f.method("sys").in(PROCESS).api("lock", lockField("L")).api("__inc", field("hits"))
        .api("unlock", lockField("L")).add();
    f.method("irq").in(HARDIRQ).api("__inc", field("hits")).add();
    List<Finding> rt = f.run(RT);
    assertEquals(List.of(), of(rt, Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE),
        "preemptible, but a task that preempts it and runs it again must take L first");
    assertEquals(2, of(rt, Check.NON_ATOMIC_PER_CPU_UPDATE).size(), "each preempts the other: " + rt);
    assertTrue(of(rt, Check.NON_ATOMIC_PER_CPU_UPDATE).get(0).message().contains("updated in HARDIRQ thread"));

    Facts locked = new Facts();
    locked.method("sys").in(PROCESS).api("lock", lockField("L")).api("__inc", field("hits"))
        .api("unlock", lockField("L")).add();
    locked.method("irq").in(HARDIRQ).api("lock", lockField("L")).api("__inc", field("hits"))
        .api("unlock", lockField("L")).add();
    assertEquals(List.of(), of(locked.run(RT), Check.NON_ATOMIC_PER_CPU_UPDATE));
  }

  @Test
  void underPreemptRtRawMasksHoldThreadsOffButNotHardInterrupts() {
    boolean rt = true;
    int processIrqsOff = Propagation.state(PROCESS, false, 0b111, rt);
    int processPreemptOff = Propagation.state(PROCESS, false, MaskLevel.PREEMPTION.bit(), rt);
    int processBhOff = Propagation.state(PROCESS, false, MaskLevel.SOFTIRQ.bit(), rt);
    int process = Propagation.state(PROCESS, false, 0, rt);
    int softirq = Propagation.state(SOFTIRQ, false, 0, rt);
    int irqThread = Propagation.state(HARDIRQ, false, 0, rt);
    int hardIrq = Propagation.state(HARDIRQ, true, 0, rt);
    int nmi = Propagation.state(NMI, false, 0, rt);
    // A thread writer is held off by raw preemption or irq masking only.
    assertTrue(Interruption.canInterleaveRt(process, irqThread, false));
    assertFalse(Interruption.canInterleaveRt(processPreemptOff, irqThread, false));
    assertFalse(Interruption.canInterleaveRt(processIrqsOff, softirq, false));
    // A hard handler interrupts unless irqs are off; preempt_disable does not hold it off.
    assertTrue(Interruption.canInterleaveRt(processPreemptOff, hardIrq, false));
    assertFalse(Interruption.canInterleaveRt(processIrqsOff, hardIrq, false));
    assertFalse(Interruption.canInterleaveRt(hardIrq, irqThread, true));
    // BH-disabled sections and softirq processing serialize; BH off does not hold off an irq thread.
    assertFalse(Interruption.canInterleaveRt(processBhOff, softirq, false));
    assertTrue(Interruption.canInterleaveRt(processBhOff, irqThread, false));
    assertFalse(Interruption.canInterleaveRt(softirq, processBhOff, false));
    assertTrue(Interruption.canInterleaveRt(softirq, process, false));
    // Two process sites are PerCpuUpdateInPreemptibleCode's business; the same thread context needs two entries.
    assertFalse(Interruption.canInterleaveRt(process, process, true));
    assertFalse(Interruption.canInterleaveRt(irqThread, irqThread, false));
    assertTrue(Interruption.canInterleaveRt(irqThread, irqThread, true));
    // NMIs interrupt everything but themselves.
    for (ExecContext c : ExecContext.values()) {
      int victim = Propagation.state(c, false, 0b111, rt);
      assertEquals(c != NMI, Interruption.canInterleaveRt(victim, nmi, false));
    }
    // Preemptible under PREEMPT_RT: no raw preemption or irq mask, whatever BH or locks hold.
    assertTrue(Interruption.isPreemptible(processBhOff, rt));
    assertFalse(Interruption.isPreemptible(processPreemptOff, rt));
    assertFalse(Interruption.isPreemptible(processBhOff, false));
  }
}

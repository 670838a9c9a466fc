package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.Cpu.irqs_disabled;
import static dev.ctxcheck.percpu.Cpu.preemptible;
import static dev.ctxcheck.percpu.Irq.local_irq_disable;
import static dev.ctxcheck.percpu.Irq.local_irq_enable;
import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_read;
import static dev.ctxcheck.percpu.Preempt.migrate_disable;
import static dev.ctxcheck.percpu.Preempt.migrate_enable;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_bh;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_bh;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_sched;
import static dev.ctxcheck.percpu.SpinLock.spin_lock;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_irq;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_irqsave;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_irq;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_irqrestore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What each mask primitive holds, how they nest, and that unbalanced releases are caught. */
class MaskBookkeepingTest {

  private static final int IRQ = 5;

  private final List<String> trace = new ArrayList<>();

  @BeforeEach
  void boot() {
    Cpu.reset();
    trace.clear();
  }

  private void requestTracingIrq() {
    Irq.request_irq(
        IRQ,
        irq -> {
          trace.add("hardirq");
          return Irq.IRQ_HANDLED;
        });
  }

  @Test
  void preemptDisableNests() {
    preempt_disable();
    preempt_disable();
    preempt_enable();
    assertFalse(preemptible());
    preempt_enable();
    assertTrue(preemptible());
  }

  @Test
  void everyMaskHoldsOffPreemption() {
    SpinLock lock = new SpinLock();
    List<Runnable[]> pairs =
        List.of(
            new Runnable[] {Preempt::preempt_disable, Preempt::preempt_enable},
            new Runnable[] {Bh::local_bh_disable, Bh::local_bh_enable},
            new Runnable[] {Irq::local_irq_disable, Irq::local_irq_enable},
            new Runnable[] {Rcu::rcu_read_lock_sched, Rcu::rcu_read_unlock_sched},
            new Runnable[] {Rcu::rcu_read_lock_bh, Rcu::rcu_read_unlock_bh},
            new Runnable[] {() -> spin_lock(lock), () -> spin_unlock(lock)},
            new Runnable[] {() -> spin_lock_bh(lock), () -> spin_unlock_bh(lock)},
            new Runnable[] {() -> spin_lock_irq(lock), () -> spin_unlock_irq(lock)});
    for (Runnable[] pair : pairs) {
      pair[0].run();
      assertFalse(preemptible());
      pair[1].run();
      assertTrue(preemptible());
    }
  }

  @Test
  void migrateDisableAndRcuReadLockMaskNothing() {
    migrate_disable();
    rcu_read_lock();
    assertTrue(preemptible());
    rcu_read_unlock();
    migrate_enable();
  }

  @Test
  void localIrqSaveNestsAndRestoreReturnsThePreviousState() {
    IrqFlags outer = local_irq_save();
    IrqFlags inner = local_irq_save();
    assertTrue(irqs_disabled());
    local_irq_restore(inner);
    assertTrue(irqs_disabled(), "inner restore puts back 'disabled'");
    local_irq_restore(outer);
    assertFalse(irqs_disabled());
  }

  @Test
  void localIrqSaveInsideLocalIrqDisableKeepsThemDisabled() {
    local_irq_disable();
    IrqFlags flags = local_irq_save();
    local_irq_restore(flags);
    assertTrue(irqs_disabled());
    local_irq_enable();
    assertFalse(irqs_disabled());
  }

  @Test
  void spinLockIrqsaveCanBeUndoneInTwoSteps() {
    SpinLock lock = new SpinLock();
    IrqFlags flags = spin_lock_irqsave(lock);
    spin_unlock(lock);
    assertTrue(irqs_disabled());
    local_irq_restore(flags);
    assertTrue(preemptible());
  }

  @Test
  @SuppressWarnings("try") // a guard is held, not referenced
  void guardReleasesExactlyWhatItsFactoryTook() {
    Softirq.tasklet_schedule(() -> trace.add("early softirq")); // runs now: nothing masked
    preempt_disable();
    try (Guard g = Guard.bh()) {
      Softirq.tasklet_schedule(() -> trace.add("softirq"));
      assertEquals(List.of("early softirq"), trace, "the second waits for the end of the scope");
    }
    assertEquals(List.of("early softirq", "softirq"), trace, "BH released: the softirq ran");
    assertFalse(preemptible(), "the outer preempt_disable is still held");
    preempt_enable();
    assertTrue(preemptible());
  }

  @Test
  @SuppressWarnings("try") // a guard is held, not referenced
  void guardIrqsaveInsideBhDisableLeavesBhDisabled() {
    requestTracingIrq();
    local_bh_disable();
    try (Guard g = Guard.spinlock_irqsave(new SpinLock())) {
      Irq.raise(IRQ);
      Softirq.tasklet_schedule(() -> trace.add("softirq"));
      assertTrue(trace.isEmpty());
    }
    assertEquals(List.of("hardirq"), trace, "irqs back on; softirqs still held off by BH");
    local_bh_enable();
    assertEquals(List.of("hardirq", "softirq"), trace);
  }

  @Test
  void everyGuardReleasesItsMask() {
    SpinLock lock = new SpinLock();
    List<Guard> guards = new ArrayList<>();
    guards.add(Guard.irqsave());
    guards.add(Guard.spinlock_irqsave(lock));
    for (int i = guards.size() - 1; i >= 0; i--) {
      guards.get(i).close();
    }
    assertTrue(preemptible());
    for (Supplier<Guard> factory :
        List.<Supplier<Guard>>of(
            Guard::irq,
            Guard::bh,
            Guard::preempt,
            () -> Guard.spinlock(lock),
            () -> Guard.spinlock_bh(lock))) {
      Guard g = factory.get();
      assertFalse(preemptible(), g.toString());
      g.close();
      assertTrue(preemptible(), g.toString());
    }
  }

  @Test
  void closingAGuardTwiceThrows() {
    Guard g = Guard.preempt();
    g.close();
    assertThrows(IllegalStateException.class, g::close);
    assertTrue(preemptible());
  }

  static Stream<Named<Executable>> unbalancedReleases() {
    SpinLock lock = new SpinLock();
    return Stream.of(
        Named.of("preempt_enable", Preempt::preempt_enable),
        Named.of("local_bh_enable", Bh::local_bh_enable),
        Named.of("local_irq_enable", Irq::local_irq_enable),
        Named.of(
            "local_irq_restore twice",
            () -> {
              IrqFlags flags = local_irq_save();
              local_irq_restore(flags);
              local_irq_restore(flags);
            }),
        Named.of("rcu_read_unlock", Rcu::rcu_read_unlock),
        Named.of(
            "rcu_read_unlock_sched after preempt_disable",
            () -> {
              preempt_disable();
              rcu_read_unlock_sched();
            }),
        Named.of("rcu_read_unlock_bh", Rcu::rcu_read_unlock_bh),
        Named.of("spin_unlock of an unlocked lock", () -> spin_unlock(lock)),
        Named.of("spin_unlock_bh", () -> spin_unlock_bh(lock)),
        Named.of("spin_unlock_irq", () -> spin_unlock_irq(lock)),
        Named.of("migrate_enable", Preempt::migrate_enable),
        Named.of(
            "local_irq_disable with irqs disabled",
            () -> {
              local_irq_disable();
              local_irq_disable();
            }),
        Named.of(
            "spin_lock_irq with irqs disabled",
            () -> {
              local_irq_save();
              spin_lock_irq(lock);
            }));
  }

  @ParameterizedTest
  @MethodSource("unbalancedReleases")
  void unbalancedReleaseThrows(Executable release) {
    assertThrows(IllegalStateException.class, release);
  }

  @Test
  void aHandlerCannotReleaseWhatTheInterruptedCodeHolds() {
    Irq.request_irq(
        IRQ,
        irq -> {
          preempt_enable();
          return Irq.IRQ_HANDLED;
        });
    preempt_disable();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Irq.raise(IRQ));
    assertTrue(e.getMessage().contains("hardirq context"), e.getMessage());
    assertFalse(preemptible(), "the process's hold is intact");
    preempt_enable();
  }

  @Test
  void aHandlerThatReturnsHoldingAMaskIsReportedAndPutBack() {
    Irq.request_irq(
        IRQ,
        irq -> {
          local_bh_disable();
          return Irq.IRQ_HANDLED;
        });
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Irq.raise(IRQ));
    assertTrue(e.getMessage().contains("local_bh_disable() x1"), e.getMessage());
    assertTrue(preemptible());
  }

  @Test
  void enablingIrqsInAHandlerIsCaught() {
    Irq.request_irq(
        IRQ,
        irq -> {
          local_irq_enable();
          return Irq.IRQ_HANDLED;
        });
    assertThrows(IllegalStateException.class, () -> Irq.raise(IRQ));
    assertFalse(irqs_disabled());
  }

  @Test
  void nmiRunsEvenWithIrqsDisabled() {
    PerCpuLong stat = new PerCpuLong();
    Nmi.register_nmi_handler(
        () -> {
          trace.add(Cpu.in_nmi() ? "nmi" : "not nmi");
          this_cpu_inc(stat);
          return Nmi.NMI_HANDLED;
        });
    IrqFlags flags = local_irq_save();
    Cpu.atNextWindow(Nmi::raise);
    __this_cpu_inc(stat);
    assertEquals(List.of("nmi"), trace, "irqs disabled do not hold off an NMI");
    assertEquals(1, __this_cpu_read(stat), "2 is right: irqs off does not protect against NMI");
    local_irq_restore(flags);
  }

  @Test
  void nmisDoNotNest() {
    int[] depth = {0};
    int[] deepest = {0};
    Nmi.register_nmi_handler(
        () -> {
          deepest[0] = Math.max(deepest[0], ++depth[0]);
          if (trace.isEmpty()) {
            trace.add("first");
            Nmi.raise();
            Nmi.raise(); // latched once
          } else {
            trace.add("latched");
          }
          depth[0]--;
          return Nmi.NMI_HANDLED;
        });
    Nmi.raise();
    assertEquals(List.of("first", "latched"), trace);
    assertEquals(1, deepest[0]);
  }

  @Test
  void hardirqsDoNotNest() {
    Irq.request_irq(
        IRQ,
        irq -> {
          trace.add("irq " + irq + " begins");
          Irq.raise(IRQ + 1);
          trace.add("irq " + irq + " ends");
          return Irq.IRQ_HANDLED;
        });
    Irq.request_irq(
        IRQ + 1,
        irq -> {
          trace.add("irq " + irq);
          return Irq.IRQ_HANDLED;
        });
    Irq.raise(IRQ);
    assertEquals(List.of("irq 5 begins", "irq 5 ends", "irq 6"), trace);
  }

  @Test
  void anIrqRaisedTwiceWhilePendingIsDeliveredOnce() {
    requestTracingIrq();
    local_irq_disable();
    Irq.raise(IRQ);
    Irq.raise(IRQ);
    local_irq_enable();
    assertEquals(List.of("hardirq"), trace);
  }

  @Test
  void debugPreemptCatchesUnderscoreOperationsInPreemptibleCode() {
    assumeTrue(Cpu.DEBUG_PREEMPT);
    PerCpuLong v = new PerCpuLong();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> __this_cpu_inc(v));
    assertTrue(e.getMessage().startsWith("BUG: using __this_cpu_inc() in preemptible code"));
    assertThrows(IllegalStateException.class, () -> __this_cpu_read(v));
    raw_cpu_inc(v); // the accepted race: no check
    migrate_disable();
    __this_cpu_inc(v);
    migrate_enable();
    assertEquals(2, this_cpu_read(v));
  }

  @Test
  void takingASpinLockHeldByTheInterruptedCodeIsADeadlock() {
    SpinLock lock = new SpinLock();
    Irq.request_irq(
        IRQ,
        irq -> {
          spin_lock(lock);
          spin_unlock(lock);
          return Irq.IRQ_HANDLED;
        });
    spin_lock(lock);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Irq.raise(IRQ));
    assertTrue(e.getMessage().contains("deadlock"), e.getMessage());
    spin_unlock(lock);

    IrqFlags flags = spin_lock_irqsave(lock); // the fix: the handler waits for the unlock
    Irq.raise(IRQ);
    spin_unlock_irqrestore(lock, flags);
    assertTrue(preemptible());
  }

  @Test
  void aSpinLockExcludesAThreadOnAnotherCpu() throws InterruptedException {
    SpinLock lock = new SpinLock();
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    spin_lock(lock);
    Thread other =
        new Thread(
            () ->
                Cpu.runOn(
                    1,
                    () -> {
                      spin_lock(lock);
                      order.add("CPU 1 has the lock");
                      spin_unlock(lock);
                    }));
    other.start();
    while (other.getState() != Thread.State.WAITING && other.isAlive()) {
      Thread.onSpinWait(); // until CPU 1 blocks on the lock
    }
    order.add("CPU 0 unlocks");
    spin_unlock(lock);
    other.join();
    assertEquals(List.of("CPU 0 unlocks", "CPU 1 has the lock"), order);
  }

  @Test
  void anotherThreadOnTheSameCpuWaitsWhilePreemptionIsDisabled() throws InterruptedException {
    PerCpuLong v = new PerCpuLong();
    preempt_disable();
    Thread sameCpu = new Thread(() -> this_cpu_inc(v)); // a new thread starts on CPU 0
    sameCpu.start();
    while (sameCpu.getState() != Thread.State.WAITING && sameCpu.isAlive()) {
      Thread.onSpinWait(); // until it blocks, waiting for CPU 0
    }
    assertEquals(0, this_cpu_read(v), "it cannot run on CPU 0 before preempt_enable");
    preempt_enable();
    sameCpu.join();
    assertEquals(1, this_cpu_read(v));
  }

  @Test
  void aTaskMigratesOnlyWhenItCould() {
    preempt_disable();
    assertThrows(IllegalStateException.class, () -> Cpu.runOn(1, () -> {}));
    preempt_enable();
    migrate_disable();
    assertThrows(IllegalStateException.class, () -> Cpu.runOn(1, () -> {}));
    migrate_enable();
    Cpu.runOn(1, () -> assertEquals(1, Cpu.smp_processor_id()));
    assertEquals(0, Cpu.smp_processor_id());
  }

  @Test
  void runOnPutsBackACpuItsBodyLeftMasked() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> Cpu.runOn(2, Bh::local_bh_disable));
    assertTrue(e.getMessage().contains("local_bh_disable() x1"), e.getMessage());
    Cpu.runOn(2, () -> assertTrue(preemptible()));
  }

  @Test
  void eachCpuHasItsOwnMasks() throws InterruptedException {
    local_irq_disable();
    Thread other =
        new Thread(() -> Cpu.runOn(3, () -> trace.add("CPU 3 irqs " + irqs_disabled())));
    other.start();
    other.join();
    local_irq_enable();
    assertEquals(List.of("CPU 3 irqs false"), trace);
  }
}

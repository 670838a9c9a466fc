package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.Cpu.irqs_disabled;
import static dev.ctxcheck.percpu.Cpu.preemptible;
import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.LocalLock.local_lock;
import static dev.ctxcheck.percpu.LocalLock.local_lock_irq;
import static dev.ctxcheck.percpu.LocalLock.local_lock_irqsave;
import static dev.ctxcheck.percpu.LocalLock.local_lock_nested_bh;
import static dev.ctxcheck.percpu.LocalLock.local_unlock;
import static dev.ctxcheck.percpu.LocalLock.local_unlock_irq;
import static dev.ctxcheck.percpu.LocalLock.local_unlock_irqrestore;
import static dev.ctxcheck.percpu.LocalLock.local_unlock_nested_bh;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * local_lock_t on mainline (linux/local_lock.h): each variant masks what its name says, protects
 * this CPU's data against exactly the contexts it masks, and is checked like lockdep checks it.
 */
class LocalLockTest {

  private static final int NIC_IRQ = 30;

  private final List<String> trace = new ArrayList<>();
  private LocalLock lock;
  private PerCpuLong packets;

  @BeforeEach
  void boot() {
    Cpu.reset();
    trace.clear();
    lock = new LocalLock();
    packets = new PerCpuLong();
  }

  /** A NIC whose interrupt counts a packet itself and then, in its softirq, another. */
  private void requestCountingIrq(boolean inHardirq, boolean inSoftirq) {
    Irq.request_irq(
        NIC_IRQ,
        irq -> {
          trace.add("hardirq");
          if (inHardirq) {
            __this_cpu_inc(packets);
          }
          if (inSoftirq) {
            Softirq.tasklet_schedule(
                () -> {
                  trace.add("softirq");
                  __this_cpu_inc(packets);
                });
          }
          return Irq.IRQ_HANDLED;
        });
  }

  @Test
  void localLockMasksPreemptionOnlySoASoftirqWriterLosesItsUpdate() {
    requestCountingIrq(false, true);
    local_lock(lock);
    assertFalse(preemptible());
    assertFalse(irqs_disabled());
    Cpu.atNextWindow(() -> Irq.raise(NIC_IRQ));
    __this_cpu_inc(packets);
    local_unlock(lock);

    assertEquals(List.of("hardirq", "softirq"), trace, "both ran inside the update");
    assertEquals(1, per_cpu_sum(packets), "2 is right: the softirq's increment was lost");
    assertTrue(preemptible());
  }

  @Test
  void localLockIrqsaveDefersTheHardirqWriterToTheUnlock() {
    requestCountingIrq(true, false);
    IrqFlags flags = local_lock_irqsave(lock);
    assertTrue(irqs_disabled());
    Cpu.atNextWindow(() -> Irq.raise(NIC_IRQ));
    __this_cpu_inc(packets);
    assertEquals(List.of(), trace, "held off");
    local_unlock_irqrestore(lock, flags);

    assertEquals(List.of("hardirq"), trace);
    assertEquals(2, per_cpu_sum(packets), "nothing lost");
    assertFalse(irqs_disabled());
  }

  @Test
  void localLockIrqsaveNestsInsideDisabledIrqsAndRestoresThem() {
    IrqFlags outer = local_irq_save();
    IrqFlags flags = local_lock_irqsave(lock);
    local_unlock_irqrestore(lock, flags);
    assertTrue(irqs_disabled(), "the outer save still holds");
    local_irq_restore(outer);
    assertFalse(irqs_disabled());
  }

  @Test
  void localLockIrqDefersTheHardirqAndRefusesToNestInDisabledIrqs() {
    requestCountingIrq(true, false);
    local_lock_irq(lock);
    Cpu.atNextWindow(() -> Irq.raise(NIC_IRQ));
    __this_cpu_inc(packets);
    local_unlock_irq(lock);
    assertEquals(2, per_cpu_sum(packets));

    IrqFlags flags = local_irq_save();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> local_lock_irq(lock));
    assertTrue(e.getMessage().contains("irqs already disabled"), e.getMessage());
    local_lock(lock); // the failed attempt left nothing held
    local_unlock(lock);
    local_irq_restore(flags);
    assertTrue(preemptible());
  }

  @Test
  void nestedBhMasksNothingAndNeedsBhDisabled() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> local_lock_nested_bh(lock));
    assertTrue(e.getMessage().contains("with BH enabled"), e.getMessage());
    assertTrue(preemptible(), "the failed assertion took nothing");

    requestCountingIrq(true, false);
    local_bh_disable();
    local_lock_nested_bh(lock);
    Cpu.atNextWindow(() -> Irq.raise(NIC_IRQ));
    __this_cpu_inc(packets);
    local_unlock_nested_bh(lock);
    local_bh_enable();
    assertEquals(List.of("hardirq"), trace);
    assertEquals(1, per_cpu_sum(packets), "nested_bh masks no hardirq: its increment was lost");
  }

  @Test
  void nestedBhIsLegalInSoftirqAndNotInHardirq() {
    List<Throwable> failures = new ArrayList<>();
    Irq.request_irq(
        NIC_IRQ,
        irq -> {
          failures.add(assertThrows(IllegalStateException.class, () -> local_lock_nested_bh(lock)));
          Softirq.tasklet_schedule(
              () -> {
                try (Guard g = Guard.locallock_nested_bh(lock)) {
                  trace.add("softirq holds " + lock);
                }
              });
          return Irq.IRQ_HANDLED;
        });
    Irq.raise(NIC_IRQ);
    assertEquals(1, failures.size());
    assertTrue(failures.get(0).getMessage().contains("in hardirq context"), failures.get(0).getMessage());
    assertEquals(List.of("softirq holds " + lock), trace);
  }

  @Test
  void takingTheLockTwiceOnOneCpuIsRecursiveLocking() {
    requestCountingIrq(false, false);
    local_lock(lock);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> local_lock(lock));
    assertTrue(e.getMessage().contains("recursive locking"), e.getMessage());
    local_unlock(lock);
    assertTrue(preemptible(), "the failed attempt undid its preempt_disable");
  }

  @Test
  void aSoftirqTakingTheLockItInterruptedIsCaught() {
    List<Throwable> failures = new ArrayList<>();
    local_lock(lock);
    Cpu.atNextWindow(
        () ->
            Softirq.tasklet_schedule(
                () -> failures.add(assertThrows(IllegalStateException.class, () -> local_lock_nested_bh(lock)))));
    __this_cpu_inc(packets);
    local_unlock(lock);
    assertEquals(1, failures.size(), "the softirq ran inside and was refused the lock");
    assertTrue(failures.get(0).getMessage().contains("recursive locking"), failures.get(0).getMessage());
  }

  @Test
  void anInterruptCannotReleaseTheLockOfTheCodeItInterrupted() {
    List<Throwable> failures = new ArrayList<>();
    Irq.request_irq(
        NIC_IRQ,
        irq -> {
          failures.add(assertThrows(IllegalStateException.class, () -> local_unlock(lock)));
          return Irq.IRQ_HANDLED;
        });
    local_lock(lock);
    Irq.raise(NIC_IRQ);
    local_unlock(lock);
    assertEquals(1, failures.size());
    assertTrue(failures.get(0).getMessage().contains("is not held in this hardirq context"));
    assertThrows(IllegalStateException.class, () -> local_unlock(lock), "not held any more");
  }

  @Test
  void aSoftirqThatReturnsHoldingTheLockIsCaughtAndTheLockReleased() {
    // The leak is reported by the runtime call that ran the softirq: tasklet_schedule itself.
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Softirq.tasklet_schedule(() -> local_lock_nested_bh(lock)));
    assertTrue(e.getMessage().contains("softirq on CPU 0 returned with LocalLock@"), e.getMessage());
    assertTrue(preemptible());
    local_bh_disable();
    local_lock_nested_bh(lock); // released when the softirq's frame was put back
    local_unlock_nested_bh(lock);
    local_bh_enable();
  }

  @Test
  void guardsReleaseWhatTheyTook() {
    requestCountingIrq(true, false);
    try (Guard g = Guard.locallock_irqsave(lock)) {
      Cpu.atNextWindow(() -> Irq.raise(NIC_IRQ));
      __this_cpu_inc(packets);
    }
    assertEquals(2, per_cpu_sum(packets));
    try (Guard g = Guard.locallock(lock)) {
      assertFalse(preemptible());
      assertFalse(irqs_disabled());
    }
    assertTrue(preemptible());
    Guard g = Guard.locallock(lock);
    g.close();
    assertThrows(IllegalStateException.class, g::close);
    assertEquals("Guard.locallock() (closed)", g.toString());
  }

  @Test
  void eachCpuHasItsOwnInstance() throws Exception {
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread cpu0 =
        new Thread(
            () -> {
              local_lock(lock);
              held.countDown();
              try {
                done.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              local_unlock(lock);
            });
    cpu0.start();
    assertTrue(held.await(10, TimeUnit.SECONDS));
    Thread cpu1 =
        new Thread(
            () -> {
              try {
                Cpu.runOn(1, () -> {
                  local_lock(lock); // CPU 1's instance: free although CPU 0 holds its own
                  local_unlock(lock);
                });
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    cpu1.start();
    cpu1.join(10_000);
    done.countDown();
    cpu0.join(10_000);
    assertFalse(cpu1.isAlive() || cpu0.isAlive());
    assertEquals(null, failure.get());
  }
}

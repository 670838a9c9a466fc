package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_write;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_bh;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_bh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The seed's interleaving with the process side protected against softirqs: the softirq that
 * arrives inside the read-modify-write is deferred to the unmask, and nothing is lost. The
 * interrupt itself is not deferred: BH masks softirqs, not hardirqs.
 */
class SoftirqMaskingTest {

  private static final int IRQ = 14;

  private PerCpuLong refs;
  private boolean hardirqRan;
  private boolean softirqRan;

  @BeforeEach
  void boot() {
    Cpu.reset();
    refs = new PerCpuLong();
    this_cpu_write(refs, 1);
    Irq.request_irq(
        IRQ,
        irq -> {
          hardirqRan = true;
          Softirq.tasklet_schedule(
              () -> {
                softirqRan = true;
                __this_cpu_dec(refs);
              });
          return Irq.IRQ_HANDLED;
        });
    Cpu.atNextWindow(() -> Irq.raise(IRQ));
  }

  /** Called between the masked increment and the unmask. */
  private void assertSoftirqDeferred() {
    assertTrue(hardirqRan, "the hardirq was taken inside the increment");
    assertFalse(softirqRan, "its softirq waits for the unmask");
    assertEquals(2, this_cpu_read(refs));
  }

  private void assertNothingLost() {
    assertTrue(softirqRan);
    assertEquals(1, per_cpu_sum(refs));
  }

  @Test
  void localBhDisableDefersTheSoftirqToLocalBhEnable() {
    local_bh_disable();
    __this_cpu_inc(refs);
    assertSoftirqDeferred();
    local_bh_enable();
    assertNothingLost();
  }

  @Test
  void spinLockBhDefersTheSoftirqToSpinUnlockBh() {
    SpinLock lock = new SpinLock();
    spin_lock_bh(lock);
    __this_cpu_inc(refs);
    assertSoftirqDeferred();
    spin_unlock_bh(lock);
    assertNothingLost();
  }

  @Test
  @SuppressWarnings("try") // a guard is held, not referenced
  void guardBhDefersTheSoftirqToTheEndOfItsScope() {
    try (Guard g = Guard.bh()) {
      __this_cpu_inc(refs);
      assertSoftirqDeferred();
    }
    assertNothingLost();
  }

  @Test
  @SuppressWarnings("try") // a guard is held, not referenced
  void guardSpinlockBhDefersTheSoftirqToTheEndOfItsScope() {
    try (Guard g = Guard.spinlock_bh(new SpinLock())) {
      __this_cpu_inc(refs);
      assertSoftirqDeferred();
    }
    assertNothingLost();
  }

  @Test
  void rcuReadLockBhDefersTheSoftirqToRcuReadUnlockBh() {
    rcu_read_lock_bh();
    __this_cpu_inc(refs);
    assertSoftirqDeferred();
    rcu_read_unlock_bh();
    assertNothingLost();
  }

  @Test
  void nestedBhDisableDefersTheSoftirqToTheOutermostEnable() {
    local_bh_disable();
    local_bh_disable();
    __this_cpu_inc(refs);
    local_bh_enable();
    assertSoftirqDeferred();
    local_bh_enable();
    assertNothingLost();
  }

  @Test
  void softirqRaisedDirectlyUnderBhWaitsToo() {
    Cpu.reset();
    refs = new PerCpuLong();
    this_cpu_write(refs, 1);
    Cpu.atNextWindow(
        () ->
            Softirq.tasklet_schedule(
                () -> {
                  softirqRan = true;
                  __this_cpu_dec(refs);
                }));
    local_bh_disable();
    __this_cpu_inc(refs);
    assertFalse(softirqRan);
    local_bh_enable();
    assertNothingLost();
  }
}

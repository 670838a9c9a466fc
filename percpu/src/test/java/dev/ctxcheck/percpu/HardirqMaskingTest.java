package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_sub;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_write;
import static dev.ctxcheck.percpu.Preempt.migrate_disable;
import static dev.ctxcheck.percpu.Preempt.migrate_enable;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_irqsave;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_irqrestore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What irq masking defers and what preemption masking does not. The scenario is the memcg
 * NR_WRITEBACK leak, Linux c3cc39118c36 (2018): writeback is issued from process context, which
 * counts it with a non-atomic per-CPU update under preemption disabled, and retired from interrupt
 * context; a completion inside the read-modify-write loses its decrement and NR_WRITEBACK creeps
 * upward. The fix made the update irq-safe.
 */
class HardirqMaskingTest {

  private static final int DISK_IRQ = 20;

  private PerCpuLong nrWriteback;
  private final List<String> trace = new ArrayList<>();

  @BeforeEach
  void boot() {
    Cpu.reset();
    nrWriteback = new PerCpuLong();
    trace.clear();
    // end_page_writeback, from the disk's completion interrupt
    Irq.request_irq(
        DISK_IRQ,
        irq -> {
          trace.add("hardirq");
          __this_cpu_sub(nrWriteback, 1);
          return Irq.IRQ_HANDLED;
        });
  }

  /** Issues writeback of one page while the previous one completes in the window. */
  private void issueWritebackAsTheLastCompletes(Runnable countIt) {
    this_cpu_write(nrWriteback, 1); // one page under writeback
    Cpu.atNextWindow(() -> Irq.raise(DISK_IRQ));
    countIt.run();
  }

  @Test
  void preemptDisableDoesNotDeferTheInterruptAndLosesItsUpdate() {
    issueWritebackAsTheLastCompletes(
        () -> {
          preempt_disable(); // lock_page_memcg() / rcu_read_lock() of 2018: no irq protection
          __this_cpu_add(nrWriteback, 1);
          preempt_enable();
        });
    assertEquals(List.of("hardirq"), trace);
    assertEquals(2, per_cpu_sum(nrWriteback), "1 is right: the completion's decrement was lost");
  }

  @Test
  void preemptDisableDoesNotDeferSoftirqsEither() {
    this_cpu_write(nrWriteback, 1);
    Cpu.atNextWindow(() -> Softirq.tasklet_schedule(() -> __this_cpu_dec(nrWriteback)));
    preempt_disable();
    __this_cpu_inc(nrWriteback);
    preempt_enable();
    assertEquals(2, per_cpu_sum(nrWriteback));
  }

  @Test
  void bhDisableDoesNotDeferHardirqs() {
    issueWritebackAsTheLastCompletes(
        () -> {
          local_bh_disable();
          __this_cpu_add(nrWriteback, 1);
          local_bh_enable();
        });
    assertEquals(2, per_cpu_sum(nrWriteback));
  }

  @Test
  void theAtomicOperationLosesNothing() {
    issueWritebackAsTheLastCompletes(
        () -> {
          preempt_disable();
          this_cpu_add(nrWriteback, 1);
          preempt_enable();
        });
    assertEquals(1, per_cpu_sum(nrWriteback));
  }

  @Test
  void localIrqSaveDefersTheInterruptToLocalIrqRestore() {
    issueWritebackAsTheLastCompletes(
        () -> {
          IrqFlags flags = local_irq_save(); // c3cc39118c36
          __this_cpu_add(nrWriteback, 1);
          trace.add("counted");
          local_irq_restore(flags);
        });
    assertEquals(List.of("counted", "hardirq"), trace);
    assertEquals(1, per_cpu_sum(nrWriteback));
  }

  @Test
  void spinLockIrqsaveDefersTheInterruptToSpinUnlockIrqrestore() {
    SpinLock treeLock = new SpinLock();
    issueWritebackAsTheLastCompletes(
        () -> {
          IrqFlags flags = spin_lock_irqsave(treeLock);
          __this_cpu_add(nrWriteback, 1);
          trace.add("counted");
          spin_unlock_irqrestore(treeLock, flags);
        });
    assertEquals(List.of("counted", "hardirq"), trace);
    assertEquals(1, per_cpu_sum(nrWriteback));
  }

  @Test
  @SuppressWarnings("try") // a guard is held, not referenced
  void guardIrqsaveDefersTheInterruptToTheEndOfItsScope() {
    issueWritebackAsTheLastCompletes(
        () -> {
          try (Guard g = Guard.irqsave()) {
            __this_cpu_add(nrWriteback, 1);
            trace.add("counted");
          }
        });
    assertEquals(List.of("counted", "hardirq"), trace);
    assertEquals(1, per_cpu_sum(nrWriteback));
  }

  @Test
  void pendingHardirqRunsBeforeTheSoftirqItRaises() {
    Irq.request_irq(
        DISK_IRQ + 1,
        irq -> {
          trace.add("hardirq");
          Softirq.tasklet_schedule(() -> trace.add("softirq"));
          return Irq.IRQ_HANDLED;
        });
    IrqFlags flags = local_irq_save();
    Irq.raise(DISK_IRQ + 1);
    trace.add("irqs disabled");
    local_irq_restore(flags);
    trace.add("irqs restored");
    assertEquals(List.of("irqs disabled", "hardirq", "softirq", "irqs restored"), trace);
  }

  @Test
  void softirqRaisedWhileIrqsAndBhAreOffWaitsForBoth() {
    local_bh_disable();
    IrqFlags flags = local_irq_save();
    Softirq.tasklet_schedule(() -> trace.add("softirq"));
    local_irq_restore(flags);
    assertTrue(trace.isEmpty(), "BH is still disabled");
    local_bh_enable();
    assertEquals(List.of("softirq"), trace);
  }

  /**
   * Preemption, modelled as another task (a work item) scheduled in the window: it is what
   * PerCpuUpdateInPreemptibleCode is about. A racy raw_cpu update in preemptible code loses the
   * other task's update; under preempt_disable the other task runs at preempt_enable.
   */
  @Test
  void anotherTaskPreemptsPreemptibleCodeButNotPreemptDisabledCode() {
    PerCpuLong stat = new PerCpuLong();
    Cpu.atNextWindow(() -> Workqueue.queue_work(() -> raw_cpu_dec(stat)));
    raw_cpu_inc(stat);
    assertEquals(1, this_cpu_read(stat), "0 is right: the preempting task's decrement was lost");

    PerCpuLong safe = new PerCpuLong();
    Cpu.atNextWindow(() -> Workqueue.queue_work(() -> raw_cpu_dec(safe)));
    preempt_disable();
    raw_cpu_inc(safe);
    assertEquals(1, this_cpu_read(safe), "the other task waits for preempt_enable");
    preempt_enable();
    assertEquals(0, this_cpu_read(safe));
  }

  /**
   * migrate_disable() satisfies the preemption check of {@code __this_cpu_*}, as in the kernel, but
   * masks nothing: another task can still run inside the update.
   */
  @Test
  void migrateDisableKeepsTheTaskOnItsCpuButMasksNothing() {
    PerCpuLong stat = new PerCpuLong();
    Cpu.atNextWindow(() -> Kthread.kthread_run(() -> raw_cpu_dec(stat))); // another task
    migrate_disable();
    __this_cpu_inc(stat); // passes the DEBUG_PREEMPT check
    migrate_enable();
    assertEquals(1, this_cpu_read(stat), "0 is right: the other task's decrement was lost");
  }
}

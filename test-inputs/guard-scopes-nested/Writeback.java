package guards_nested;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_sub;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Guard;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.SpinLock;

/**
 * Nested scope-based masking, like guard(preempt)() around scoped_guard(spinlock_irqsave, ...):
 * each Guard is released at the end of its own try-with-resources block, so the inner one ends
 * first and the outer one after it. Every method here takes and releases its masks in the same
 * method; none should be reported by ContextMaskImbalance.
 */
final class Writeback {
  static final PerCpuLong nr_writeback = new PerCpuLong();
  static final PerCpuLong nr_rx = new PerCpuLong();
  static final SpinLock lru_lock = new SpinLock();

  static void writeback_init() {
    Irq.request_irq(14, Writeback::ata_interrupt);
    Softirq.tasklet_schedule(Writeback::net_rx_action);
  }

  static int ata_interrupt(int irq) {
    __this_cpu_sub(nr_writeback, 1);
    return Irq.IRQ_HANDLED;
  }

  static void net_rx_action() {
    __this_cpu_inc(nr_rx);
  }

  /** Nested scopes: once the inner irqsave scope ends, only preemption is still disabled. */
  @ProcessContext
  static void end_writeback_batch(long n) {
    try (Guard outer = Guard.preempt()) {
      try (Guard inner = Guard.spinlock_irqsave(lru_lock)) {
        __this_cpu_sub(nr_writeback, n);
      }
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_add(nr_writeback, n) can lose updates: reached in PROCESS with preemption disabled (end_writeback_batch [preempt]) and updated in HARDIRQ by __this_cpu_sub(nr_writeback, 1) at Writeback.java:33 (ata_interrupt), which can interrupt it; use this_cpu_add
      __this_cpu_add(nr_writeback, n);
    }
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(nr_rx) can lose updates: reached in PROCESS (end_writeback_batch) and updated in SOFTIRQ by __this_cpu_inc(nr_rx) at Writeback.java:38 (net_rx_action), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(nr_rx) runs in preemptible PROCESS context (end_writeback_batch), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    __this_cpu_inc(nr_rx);
  }

  /** Two levels of BH, nested: each guard releases its own level. */
  @ProcessContext
  static void rx_account_nested_bh() {
    try (Guard outer = Guard.bh()) {
      try (Guard inner = Guard.bh()) {
        __this_cpu_inc(nr_rx);
      }
      __this_cpu_inc(nr_rx);
    }
  }

  /** Two resources in one try: released in reverse order at the end of the block. */
  @ProcessContext
  static void writeback_two_resources(long n) {
    try (Guard preempt = Guard.preempt(); Guard irq = Guard.irqsave()) {
      __this_cpu_sub(nr_writeback, n);
    }
  }
}

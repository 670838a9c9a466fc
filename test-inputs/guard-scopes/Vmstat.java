package guards;

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
 * Scope-based masking, like the kernel's guard(irqsave)() and scoped_guard(spinlock_bh, ...):
 * the mask holds until the end of the try-with-resources block, on every way out of it (an early
 * return included), and no longer. nr_writeback is also written by the disk interrupt, nr_rx by
 * the receive softirq.
 */
final class Vmstat {
  static final PerCpuLong nr_writeback = new PerCpuLong();
  static final PerCpuLong nr_rx = new PerCpuLong();
  static final PerCpuLong nr_tlb_flush = new PerCpuLong();
  static final SpinLock lru_lock = new SpinLock();
  static final SpinLock rx_lock = new SpinLock();

  static void vmstat_init() {
    Irq.request_irq(14, Vmstat::ata_interrupt);
    Softirq.tasklet_schedule(Vmstat::net_rx_action);
  }

  static int ata_interrupt(int irq) {
    __this_cpu_sub(nr_writeback, 1);
    return Irq.IRQ_HANDLED;
  }

  static void net_rx_action() {
    __this_cpu_inc(nr_rx);
  }

  /** guard(irqsave)(), with an early return inside the scope. */
  @ProcessContext
  static void mod_writeback_state(long delta) {
    try (Guard g = Guard.irqsave()) {
      if (delta == 0) {
        return;
      }
      __this_cpu_add(nr_writeback, delta);
    }
  }

  /** guard(irq)() */
  @ProcessContext
  static void account_writeback_irq() {
    try (Guard g = Guard.irq()) {
      __this_cpu_inc(nr_writeback);
    }
  }

  /** scoped_guard(spinlock_irqsave, &lru_lock) */
  @ProcessContext
  static void lru_add_writeback() {
    try (Guard g = Guard.spinlock_irqsave(lru_lock)) {
      __this_cpu_inc(nr_writeback);
    }
  }

  /** guard(bh)() and scoped_guard(spinlock_bh, ...) against the softirq writer. */
  @ProcessContext
  static void sk_rx_account(boolean locked) {
    if (locked) {
      try (Guard g = Guard.spinlock_bh(rx_lock)) {
        __this_cpu_inc(nr_rx);
      }
    } else {
      try (Guard g = Guard.bh()) {
        __this_cpu_inc(nr_rx);
      }
    }
  }

  /** guard(preempt)() and scoped_guard(spinlock, ...) for data no interrupt writes. */
  @ProcessContext
  static void flush_tlb_account() {
    try (Guard preempt = Guard.preempt()) {
      __this_cpu_inc(nr_tlb_flush);
    }
    try (Guard locked = Guard.spinlock(lru_lock)) {
      __this_cpu_inc(nr_tlb_flush);
    }
  }

  /** One scope after another: once the irqsave scope ends, only preemption is disabled. */
  @ProcessContext
  static void end_writeback_batch(long n) {
    try (Guard irq = Guard.spinlock_irqsave(lru_lock)) {
      __this_cpu_sub(nr_writeback, n);
    }
    try (Guard preempt = Guard.preempt()) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_add(nr_writeback, n) can lose updates: reached in PROCESS with preemption disabled (end_writeback_batch [preempt]) and updated in HARDIRQ by __this_cpu_sub(nr_writeback, 1) at Vmstat.java:35 (ata_interrupt), which can interrupt it; use this_cpu_add
      __this_cpu_add(nr_writeback, n);
    }
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(nr_rx) can lose updates: reached in PROCESS (end_writeback_batch) and updated in SOFTIRQ by __this_cpu_inc(nr_rx) at Vmstat.java:40 (net_rx_action), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(nr_rx) runs in preemptible PROCESS context (end_writeback_batch), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    __this_cpu_inc(nr_rx);
  }
}

package zswap;

import static dev.ctxcheck.percpu.LocalLock.local_lock_irqsave;
import static dev.ctxcheck.percpu.LocalLock.local_unlock_irqrestore;
import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

import dev.ctxcheck.percpu.Guard;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.LocalLock;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Workqueue;

/**
 * A per-CPU structure protected by a local_lock_t taken with local_lock_irqsave (and its Guard
 * form) in process context: hardirqs, softirqs and preemption are masked there, so the interrupt
 * handler that also updates the structure cannot land in the middle. Nothing is reported.
 */
final class Zswap {
  static final class Pool {
    long stored;
    long written_back;
  }

  static final LocalLock pool_lock = new LocalLock();
  static final PerCpuPtr<Pool> pools = alloc_percpu(Pool::new);

  static void zswap_setup() {
    Workqueue.queue_work(Zswap::zswap_store);
    Workqueue.queue_work(Zswap::zswap_writeback);
    Irq.request_irq(14, Zswap::zswap_io_done);
  }

  static void zswap_store() {
    IrqFlags flags = local_lock_irqsave(pool_lock);
    this_cpu_ptr(pools).stored++;
    local_unlock_irqrestore(pool_lock, flags);
  }

  static void zswap_writeback() {
    try (Guard g = Guard.locallock_irqsave(pool_lock)) {
      Pool p = this_cpu_ptr(pools);
      p.written_back++;
      p.stored--;
    }
  }

  static int zswap_io_done(int irq) {
    this_cpu_ptr(pools).written_back++;
    return Irq.IRQ_HANDLED;
  }
}

package slab;

import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_ptr;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Workqueue;

/**
 * Deliberately lossy statistics, like SLUB's stat() on raw_cpu_inc: the structure is reached with
 * raw_cpu_ptr, whose races are accepted. Not reported by default, although process code and an
 * interrupt handler update the same field.
 */
final class Slab {
  static final class CacheStats {
    long alloc_fastpath;
  }

  static final PerCpuPtr<CacheStats> stats = alloc_percpu(CacheStats::new);

  static void kmem_cache_init() {
    Workqueue.queue_work(Slab::kmalloc);
    Irq.request_irq(9, Slab::kmalloc_atomic);
  }

  static void kmalloc() {
    raw_cpu_ptr(stats).alloc_fastpath++;
  }

  static int kmalloc_atomic(int irq) {
    raw_cpu_ptr(stats).alloc_fastpath++;
    return Irq.IRQ_HANDLED;
  }
}

package slabflag;

import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_ptr;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Workqueue;

/**
 * The same deliberately lossy statistics as percpu-struct-raw-cpu-ptr-accepted, with accepted races
 * reported (ReportAcceptedRaces): the process-context update can be interrupted by the handler, and
 * runs preemptible.
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
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] raw_cpu_ptr(stats).alloc_fastpath++ on CacheStats.alloc_fastpath of Slab.stats can lose updates: reached in PROCESS (kmalloc) and updated in HARDIRQ by raw_cpu_ptr(stats).alloc_fastpath++ at Slab.java:34 (kmalloc_atomic), which can interrupt it; mask hardirqs around it with Guard.irqsave()
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] raw_cpu_ptr(stats).alloc_fastpath++ on CacheStats.alloc_fastpath of Slab.stats runs in preemptible PROCESS context (kmalloc), where another task on this CPU can preempt its read-modify-write; mask hardirqs around it with Guard.irqsave()
    raw_cpu_ptr(stats).alloc_fastpath++;
  }

  static int kmalloc_atomic(int irq) {
    raw_cpu_ptr(stats).alloc_fastpath++;
    return Irq.IRQ_HANDLED;
  }
}

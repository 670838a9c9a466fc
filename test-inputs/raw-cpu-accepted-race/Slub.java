package raw_cpu;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_write;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_write;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * mm/slub.c stat() (88da03a67674): allocation statistics are counted with raw_cpu_inc from
 * whatever context allocates, process or interrupt; the loss is accepted. The raw op is still a
 * writer: the sysfs store that clears the count with __this_cpu_write under preempt_disable
 * alone is interrupted by the allocation in the NIC's interrupt handler.
 */
final class Slub {
  static final class KmemCache {
    final PerCpuLong alloc_fastpath = new PerCpuLong();
  }

  static final KmemCache kmalloc_256 = new KmemCache();

  static void slab_alloc(KmemCache s) {
    raw_cpu_inc(s.alloc_fastpath); // stat(s, ALLOC_FASTPATH)
  }

  static void kmem_cache_alloc(KmemCache s) {
    slab_alloc(s);
  }

  /** open(2) allocates a struct file. */
  @ProcessContext
  static int sys_open() {
    kmem_cache_alloc(kmalloc_256);
    return 3;
  }

  static void e1000_probe() {
    Irq.request_irq(19, Slub::e1000_intr);
  }

  /** kmalloc(GFP_ATOMIC) from the interrupt handler. */
  static int e1000_intr(int irq) {
    kmalloc_atomic(kmalloc_256);
    return Irq.IRQ_HANDLED;
  }

  static void kmalloc_atomic(KmemCache s) {
    slab_alloc(s);
  }

  /** echo 0 > /sys/kernel/slab/kmalloc-256/alloc_fastpath */
  @ProcessContext
  static long alloc_fastpath_store(long len) {
    preempt_disable();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_write(kmalloc_256.alloc_fastpath, 0) can lose updates: reached in PROCESS with preemption disabled (alloc_fastpath_store [preempt_disable]) and updated in HARDIRQ by raw_cpu_inc(s.alloc_fastpath) at Slub.java:28 (e1000_intr -> kmalloc_atomic -> slab_alloc), which can interrupt it; use this_cpu_write
    __this_cpu_write(kmalloc_256.alloc_fastpath, 0);
    preempt_enable();
    return len;
  }
}

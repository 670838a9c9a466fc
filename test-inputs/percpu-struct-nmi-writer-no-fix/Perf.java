package perf;

import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

import dev.ctxcheck.percpu.Guard;
import dev.ctxcheck.percpu.Nmi;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Workqueue;

/**
 * Per-CPU sample counts updated from the perf NMI handler and from process context with irqs
 * masked. No mask holds off an NMI: the process-context update is reported, and no Guard can fix
 * it (the data needs atomic operations, or the NMI side must stop writing it). The NMI handler
 * itself cannot be interrupted by another NMI.
 */
final class Perf {
  static final class SampleStats {
    long samples;
  }

  static final PerCpuPtr<SampleStats> sstats = alloc_percpu(SampleStats::new);

  static void perf_init() {
    Nmi.register_nmi_handler(Perf::perf_event_nmi_handler);
    Workqueue.queue_work(Perf::perf_event_reset);
  }

  static int perf_event_nmi_handler() {
    this_cpu_ptr(sstats).samples++;
    return Nmi.NMI_HANDLED;
  }

  static void perf_event_reset() {
    try (Guard g = Guard.irqsave()) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] this_cpu_ptr(sstats).samples = 0 on SampleStats.samples of Perf.sstats can lose updates: reached in PROCESS with hardirqs masked (perf_event_reset [irqsave]) and updated in NMI by this_cpu_ptr(sstats).samples++ at Perf.java:30 (perf_event_nmi_handler), which can interrupt it; no Guard can fix it: nothing but an atomic operation excludes an NMI
      this_cpu_ptr(sstats).samples = 0;
    }
  }
}

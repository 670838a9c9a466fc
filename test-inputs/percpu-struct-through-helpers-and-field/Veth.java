package veth;

import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

import dev.ctxcheck.percpu.NapiPoll;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Workqueue;

/**
 * The per-CPU stats pointer lives in a field of the device (dev->lstats); the transmit path takes
 * this CPU's structure through a helper that returns it, and hands it down through two more helpers
 * before the update. NAPI receive updates the same field of the same allocation in softirq.
 */
final class Veth {
  static final class LStats {
    long packets;
    long bytes;
  }

  final PerCpuPtr<LStats> lstats = alloc_percpu(LStats::new);

  static final Veth dev = new Veth();

  static void veth_open() {
    Workqueue.queue_work(() -> veth_xmit(dev, 60));
    Softirq.napi_schedule(Veth::veth_poll);
  }

  static LStats dev_lstats(Veth dev) {
    return this_cpu_ptr(dev.lstats);
  }

  static void veth_xmit(Veth dev, int len) {
    LStats stats = dev_lstats(dev);
    veth_account(stats, len);
  }

  static void veth_account(LStats stats, int len) {
    add_bytes(stats, len);
  }

  static void add_bytes(LStats s, int len) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] s.bytes = s.bytes + len on LStats.bytes of Veth.lstats can lose updates: reached in PROCESS (lambda@Veth.java:27 -> veth_xmit -> veth_account -> add_bytes) and in SOFTIRQ (veth_poll -> add_bytes), which can interrupt it; mask softirqs around it with Guard.bh()
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] s.bytes = s.bytes + len on LStats.bytes of Veth.lstats runs in preemptible PROCESS context (lambda@Veth.java:27 -> veth_xmit -> veth_account -> add_bytes), where another task on this CPU can preempt its read-modify-write; mask softirqs around it with Guard.bh()
    s.bytes = s.bytes + len;
  }

  static int veth_poll(int budget) {
    add_bytes(dev_lstats(dev), 60);
    return 1;
  }
}

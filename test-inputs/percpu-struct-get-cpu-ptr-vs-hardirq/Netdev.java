package netdev;

import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.get_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.put_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Workqueue;

/**
 * Device statistics kept in a per-CPU structure. The process-context ethtool reset path takes its
 * CPU's structure with get_cpu_ptr, which disables preemption until put_cpu_ptr: enough against
 * another task, not against the device's interrupt handler, which counts dropped frames in the same
 * structure. The hardirq side cannot be interrupted by another hardirq, so it is not reported.
 */
final class Netdev {
  static final class DevStats {
    long rx_dropped;
    long tx_dropped;
  }

  static final PerCpuPtr<DevStats> dstats = alloc_percpu(DevStats::new);

  static void netdev_probe() {
    Irq.request_irq(11, Netdev::netdev_irq);
    Workqueue.queue_work(Netdev::ethtool_drop_work);
  }

  /** Process context, preemption disabled by get_cpu_ptr. */
  static void ethtool_drop_work() {
    DevStats s = get_cpu_ptr(dstats);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] s.rx_dropped += 2 on DevStats.rx_dropped of Netdev.dstats can lose updates: reached in PROCESS with preemption disabled (ethtool_drop_work [get_cpu_ptr]) and updated in HARDIRQ by s.rx_dropped++ at Netdev.java:42 (netdev_irq), which can interrupt it; mask hardirqs around it with Guard.irqsave()
    s.rx_dropped += 2;
    s.tx_dropped = 0;
    put_cpu_ptr(dstats);
  }

  static int netdev_irq(int irq) {
    DevStats s = this_cpu_ptr(dstats);
    s.rx_dropped++;
    return Irq.IRQ_HANDLED;
  }
}

package variables;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * include/linux/netdevice.h: per-device per-CPU counters. A variable is a field: an instance
 * field stands for that field of every device (the loopback's and the e1000's tx_dropped are one
 * variable), an array field for all its elements (queue 0 and queue 1), and a counter reached
 * through a local or a method's result is traced back to its field. Other fields of the same
 * class are other variables.
 */
final class NetDevice {
  final PerCpuLong tx_dropped = new PerCpuLong();
  final PerCpuLong tx_packets = new PerCpuLong();
  final PerCpuLong[] queue_stopped = new PerCpuLong[8];

  static final NetDevice loopback = new NetDevice();
  static final NetDevice e1000 = new NetDevice();

  static void e1000_probe() {
    Irq.request_irq(19, NetDevice::e1000_intr);
  }

  /** The e1000's interrupt handler: its own device's counters. */
  static int e1000_intr(int irq) {
    __this_cpu_inc(e1000.tx_dropped);
    __this_cpu_inc(e1000.queue_stopped[1]);
    return Irq.IRQ_HANDLED;
  }

  static PerCpuLong dev_tx_dropped(NetDevice dev) {
    return dev.tx_dropped;
  }

  /** drivers/net/loopback.c, from dev_queue_xmit: another device, the same field. */
  @ProcessContext
  static int loopback_xmit(int len) {
    preempt_disable();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(loopback.tx_dropped) can lose updates: reached in PROCESS with preemption disabled (loopback_xmit [preempt_disable]) and updated in HARDIRQ by __this_cpu_inc(e1000.tx_dropped) at NetDevice.java:37 (e1000_intr), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(loopback.tx_dropped);
    __this_cpu_add(loopback.tx_packets, len); // a different field: no interrupt writes it
    preempt_enable();
    return 0;
  }

  /** netif_tx_stop_all_queues with BH disabled: element 0 of the array the irq updates at 1. */
  @ProcessContext
  static void netif_tx_stop_all_queues() {
    local_bh_disable();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(loopback.queue_stopped[0]) can lose updates: reached in PROCESS with softirqs masked (netif_tx_stop_all_queues [local_bh_disable]) and updated in HARDIRQ by __this_cpu_inc(e1000.queue_stopped[1]) at NetDevice.java:38 (e1000_intr), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(loopback.queue_stopped[0]);
    local_bh_enable();
  }

  /** dev_core_stats: the counter comes from a helper's result, held in a local. */
  @ProcessContext
  static void dev_kfree_skb_any_dropped(int n) {
    PerCpuLong c = dev_tx_dropped(loopback);
    preempt_disable();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_add(c, n) on NetDevice.tx_dropped can lose updates: reached in PROCESS with preemption disabled (dev_kfree_skb_any_dropped [preempt_disable]) and updated in HARDIRQ by __this_cpu_inc(e1000.tx_dropped) at NetDevice.java:37 (e1000_intr), which can interrupt it; use this_cpu_add
    __this_cpu_add(c, n);
    preempt_enable();
  }
}

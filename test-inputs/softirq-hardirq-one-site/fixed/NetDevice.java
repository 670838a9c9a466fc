package one_site;

import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * net/core/dev.c: the per-CPU core statistics of a device. dev_core_stats_rx_dropped_inc() is
 * called wherever a received packet is dropped: from netif_rx() in the hardirq handler of an old
 * driver, and from netif_receive_skb() in the NET_RX softirq. A hardirq can interrupt the softirq
 * in the middle of the non-atomic increment (the kernel uses this_cpu_inc here, 6510ea973d8d).
 */
final class NetDevice {
  final PerCpuLong rx_dropped = new PerCpuLong();

  static final class SkBuff {
    NetDevice dev;
    int protocol;
  }

  static void dev_core_stats_rx_dropped_inc(NetDevice dev) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(dev.rx_dropped) can lose updates: reached in SOFTIRQ (virtnet_poll -> netif_receive_skb -> dev_core_stats_rx_dropped_inc) and in HARDIRQ (ne2k_interrupt -> netif_rx -> enqueue_to_backlog -> dev_core_stats_rx_dropped_inc), which can interrupt it; use this_cpu_inc
    this_cpu_inc(dev.rx_dropped);
  }

  /** The NET_RX softirq delivers to the protocol handlers; unknown protocols are dropped. */
  static int netif_receive_skb(SkBuff skb) {
    if (skb.protocol != 0x0800) {
      dev_core_stats_rx_dropped_inc(skb.dev);
      return -1;
    }
    return 0;
  }

  /** Called by drivers from their interrupt handler: queue to the backlog. */
  static int netif_rx(SkBuff skb) {
    return enqueue_to_backlog(skb, 1000);
  }

  static int enqueue_to_backlog(SkBuff skb, int qlen) {
    if (qlen >= 1000) {
      dev_core_stats_rx_dropped_inc(skb.dev);
      return -1;
    }
    return 0;
  }
}

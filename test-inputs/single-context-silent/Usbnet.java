package single_context;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

import dev.ctxcheck.percpu.NapiPoll;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Timer;

/**
 * drivers/net/usb/usbnet.c-style receive path. The rx counters are touched only from the NET_RX
 * softirq (the NAPI poll) and from the driver's delay timer, which is a softirq as well. Softirqs
 * do not nest on a CPU and no hardirq or NMI writes these counters, so the "__" ops are correct
 * here (kernel-cases N3): every site is reached from one context only and nothing is reported.
 */
final class Usbnet {
  static final PerCpuLong rx_packets = new PerCpuLong();
  static final PerCpuLong rx_bytes = new PerCpuLong();
  static final PerCpuLong rx_throttled = new PerCpuLong();

  static final class SkBuff {
    int len;
  }

  static final Timer delay = new Timer();

  static void usbnet_probe() {
    Softirq.napi_schedule(new NapiPoll() {
      @Override
      public int poll(int budget) {
        return usbnet_poll(budget);
      }
    });
    Softirq.timer_setup(delay, Usbnet::usbnet_bh);
  }

  static int usbnet_poll(int budget) {
    int work = 0;
    SkBuff skb;
    while (work < budget && (skb = rx_dequeue()) != null) {
      usbnet_skb_return(skb);
      work++;
    }
    return work;
  }

  /** The delay timer: drains what was throttled, in softirq context too. */
  static void usbnet_bh() {
    __this_cpu_inc(rx_throttled);
    SkBuff skb = rx_dequeue();
    if (skb != null) {
      usbnet_skb_return(skb);
    }
  }

  /** Reached from two softirq entry points (NAPI poll and the timer); softirqs do not nest. */
  static void usbnet_skb_return(SkBuff skb) {
    __this_cpu_inc(rx_packets);
    __this_cpu_add(rx_bytes, skb.len);
  }

  static SkBuff rx_dequeue() {
    return null;
  }
}

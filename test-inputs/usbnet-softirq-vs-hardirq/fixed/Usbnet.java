package usbnet;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;

/**
 * drivers/net/usb/usbnet.c before 2695578b896a ("net: usbnet: fix potential deadlock on 32bit
 * hosts", 2018): the per-CPU stats64 are updated inside a u64_stats seqcount (syncp, a per-CPU
 * read-modify-write on 32-bit) from the rx tasklet (softirq: usbnet_bh -> rx_process ->
 * asix_rx_fixup_internal -> usbnet_skb_return) and from the tx URB completion in the host
 * controller's interrupt (hardirq: xhci_irq -> __usb_hcd_giveback_urb -> tx_complete). The
 * hardirq can interrupt the softirq's update; not the other way round, so only the softirq
 * sites are reported. The rx URB completion (hardirq) and rx_process (softirq) also both count
 * rx errors.
 */
final class Usbnet {
  static final class PcpuSwNetstats {
    final PerCpuLong syncp = new PerCpuLong();
    final PerCpuLong rx_packets = new PerCpuLong();
    final PerCpuLong rx_bytes = new PerCpuLong();
    final PerCpuLong tx_packets = new PerCpuLong();
    final PerCpuLong tx_bytes = new PerCpuLong();
    final PerCpuLong rx_errors = new PerCpuLong();
  }

  static final class Urb {
    int status;
    int actual_length;
  }

  final PcpuSwNetstats stats64 = new PcpuSwNetstats();
  static final Usbnet dev = new Usbnet();

  static void usbnet_probe() {
    Softirq.tasklet_schedule(Usbnet::usbnet_bh);
    Irq.request_irq(16, Usbnet::xhci_irq);
  }

  // ---------------------------------------------------------------- softirq: the rx tasklet

  static void usbnet_bh() {
    rx_process(dev, new Urb());
  }

  static void rx_process(Usbnet dev, Urb urb) {
    if (urb.status != 0) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(dev.stats64.rx_errors) can lose updates: reached in SOFTIRQ (usbnet_bh -> rx_process) and updated in HARDIRQ by __this_cpu_inc(dev.stats64.rx_errors) at Usbnet.java:101 (xhci_irq -> __usb_hcd_giveback_urb -> rx_complete), which can interrupt it; use this_cpu_inc
      this_cpu_inc(dev.stats64.rx_errors);
      return;
    }
    asix_rx_fixup_internal(dev, urb);
  }

  /** drivers/net/usb/asix_common.c */
  static void asix_rx_fixup_internal(Usbnet dev, Urb urb) {
    usbnet_skb_return(dev, urb.actual_length);
  }

  static void usbnet_skb_return(Usbnet dev, int len) {
    PcpuSwNetstats stats64 = dev.stats64;
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(stats64.syncp) can lose updates: reached in SOFTIRQ (usbnet_bh -> rx_process -> asix_rx_fixup_internal -> usbnet_skb_return) and updated in HARDIRQ by __this_cpu_inc(
    this_cpu_inc(stats64.syncp); // u64_stats_update_begin
    __this_cpu_inc(stats64.rx_packets);
    __this_cpu_add(stats64.rx_bytes, len);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(stats64.syncp) can lose updates: reached in SOFTIRQ (usbnet_bh -> rx_process -> asix_rx_fixup_internal -> usbnet_skb_return) and updated in HARDIRQ by __this_cpu_inc(
    this_cpu_inc(stats64.syncp); // u64_stats_update_end
  }

  // ---------------------------------------------------------------- hardirq: URB completions

  static int xhci_irq(int irq) {
    Urb urb = new Urb();
    __usb_hcd_giveback_urb(urb, irq == 16);
    return Irq.IRQ_HANDLED;
  }

  static void __usb_hcd_giveback_urb(Urb urb, boolean tx) {
    if (tx) {
      tx_complete(urb);
    } else {
      rx_complete(urb);
    }
  }

  static void tx_complete(Urb urb) {
    PcpuSwNetstats stats64 = dev.stats64;
    __this_cpu_inc(stats64.syncp); // u64_stats_update_begin
    __this_cpu_inc(stats64.tx_packets);
    __this_cpu_add(stats64.tx_bytes, urb.actual_length);
    __this_cpu_inc(stats64.syncp); // u64_stats_update_end
  }

  static void rx_complete(Urb urb) {
    if (urb.status != 0) {
      __this_cpu_inc(dev.stats64.rx_errors);
    }
  }
}

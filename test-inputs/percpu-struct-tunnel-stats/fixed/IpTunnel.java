package iptunnel;

import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

import dev.ctxcheck.percpu.Guard;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Workqueue;

/**
 * net/ipv4/ip_tunnel_core.c before b4fe85f ("ip_tunnel: disable preemption when updating per-cpu
 * tstats", 2015): iptunnel_xmit adds to the device's per-CPU tstats through this_cpu_ptr with plain
 * += and ++. Transmit normally runs with BH disabled, but WireGuard's encryption worker sends from an
 * unbound workqueue (process context, preemptible), while NAPI receive (softirq) updates the same
 * struct. The rx side in softirq is not interrupted by anyone who writes rx_packets.
 */
final class IpTunnel {
  static final class PcpuSwNetstats {
    long rx_packets;
    long rx_bytes;
    long tx_packets;
    long tx_bytes;
  }

  static final PerCpuPtr<PcpuSwNetstats> tstats = alloc_percpu(PcpuSwNetstats::new);

  static void wg_setup() {
    Workqueue.queue_work(IpTunnel::wg_packet_encrypt_worker);
    Softirq.napi_schedule(IpTunnel::wg_packet_rx_poll);
  }

  // ---------------------------------------------------------------- process: the encryption worker

  static void wg_packet_encrypt_worker() {
    iptunnel_xmit(1400);
  }

  static void iptunnel_xmit(int len) {
    PcpuSwNetstats s = this_cpu_ptr(tstats);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] s.tx_bytes += len on PcpuSwNetstats.tx_bytes of IpTunnel.tstats can lose updates: reached in PROCESS (wg_packet_encrypt_worker -> iptunnel_xmit) and updated in SOFTIRQ by s.tx_bytes += len at IpTunnel.java:60 (wg_packet_rx_poll -> ip_tunnel_rcv_error), which can interrupt it; mask softirqs around it with Guard.bh()
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] s.tx_bytes += len on PcpuSwNetstats.tx_bytes of IpTunnel.tstats runs in preemptible PROCESS context (wg_packet_encrypt_worker -> iptunnel_xmit), where another task on this CPU can preempt its read-modify-write; mask softirqs around it with Guard.bh()
    try (Guard g = Guard.bh()) {
      s.tx_bytes += len;
    }
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] s.tx_packets++ on PcpuSwNetstats.tx_packets of IpTunnel.tstats runs in preemptible PROCESS context (wg_packet_encrypt_worker -> iptunnel_xmit), where another task on this CPU can preempt its read-modify-write; disable preemption around it with Guard.preempt()
    try (Guard g = Guard.preempt()) {
      s.tx_packets++;
    }
  }

  // ---------------------------------------------------------------- softirq: NAPI receive

  static int wg_packet_rx_poll(int budget) {
    PcpuSwNetstats s = this_cpu_ptr(tstats);
    s.rx_packets++;
    s.rx_bytes += 1400;
    ip_tunnel_rcv_error(1400);
    return 1;
  }

  /** A packet that fails decapsulation is accounted as sent back (icmp_send), as the xmit path does. */
  static void ip_tunnel_rcv_error(int len) {
    PcpuSwNetstats s = this_cpu_ptr(tstats);
    s.tx_bytes += len;
  }
}

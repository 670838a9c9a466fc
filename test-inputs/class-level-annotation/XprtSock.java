package classlevel;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * net/sunrpc/xprtsock.c before 0afa6b4 ("SUNRPC: Don't call __UDPX_INC_STATS() from a
 * preemptible context", 2018): everything here runs in process context (setup from the mount,
 * receive from the xprtiod workqueue), so the class is annotated once. Every method and
 * constructor declared in it is then a process-context entry point, even if nothing calls it.
 */
@ProcessContext
final class XprtSock {
  int port;

  /** xs_setup_udp(): creating the transport allocates a socket. */
  XprtSock(int port) {
    this.port = port;
    preempt_disable();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(Udp.sockets_allocated) can lose updates: reached in PROCESS with preemption disabled (new XprtSock [preempt_disable]) and updated in SOFTIRQ by __this_cpu_dec(sockets_allocated) at Udp.java:33 (udp_destruct_sock_rcu -> sk_free), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(Udp.sockets_allocated);
    preempt_enable();
  }

  void xs_udp_data_receive_workfn() {
    xs_udp_data_read_skb();
  }

  void xs_udp_data_read_skb() {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(Udp.mib_indatagrams) can lose updates: reached in PROCESS (xs_udp_data_read_skb) and updated in SOFTIRQ by __this_cpu_inc(mib_indatagrams) at Udp.java:25 (udp_rcv), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(Udp.mib_indatagrams) runs in preemptible PROCESS context (xs_udp_data_read_skb), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    __this_cpu_inc(Udp.mib_indatagrams); // __UDPX_INC_STATS(sk, UDP_MIB_INDATAGRAMS)
  }

  /**
   * The class annotation covers what is declared in XprtSock itself, not the members of a nested
   * class: nothing calls this method, so it is reached from no context and nothing is reported.
   */
  static final class XsDebug {
    static final PerCpuLong debug_reads = new PerCpuLong();

    void xs_debug_read() {
      __this_cpu_inc(debug_reads);
    }
  }
}

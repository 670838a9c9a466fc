package tcp_wrappers;

import static dev.ctxcheck.percpu.SpinLock.spin_lock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_bh;
import static tcp_wrappers.Snmp.LINUX_MIB_EMBRYONICRSTS;
import static tcp_wrappers.Snmp.LINUX_MIB_TCPSYNRETRANS;
import static tcp_wrappers.Snmp.NET_INC_STATS;
import static tcp_wrappers.Snmp.TCP_INC_STATS;
import static tcp_wrappers.Snmp.TCP_MIB_ATTEMPTFAILS;
import static tcp_wrappers.Snmp.TCP_MIB_INSEGS;
import static tcp_wrappers.Snmp.TCP_MIB_RETRANSSEGS;
import static tcp_wrappers.Snmp.__TCP_INC_STATS;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.SoftirqContext;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.SpinLock;
import dev.ctxcheck.percpu.Timer;

/**
 * net/ipv4/tcp_*.c. tcp_check_req() and tcp_rtx_synack() were "always called from BH" and used
 * the "__" macros, until the socket backlog became processed from process context, preemptible
 * (c10d9310edf5): a write(2) on a socket in SYN_RECV (a passive Fast Open socket) ends in
 * release_sock() -> __release_sock() -> ... -> tcp_check_req() -> tcp_rtx_synack(). Fixed by
 * 0a375c822497 ("tcp: tcp_rtx_synack() can be called from process context", 2022) and
 * 580f98cc33a2 ("tcp: tcp_check_req() can be called from process context", 2023), which call the
 * plain macros. Each "__" call site is reported (not the wrappers' bodies); the fix calls the twin.
 */
final class Tcp {
  static final class Sock {
    final Snmp.Net net = new Snmp.Net();
    final SpinLock slock = new SpinLock();
    boolean backlog;
  }

  static final class RequestSock {
    final Timer rsk_timer = new Timer();
    Sock listener;
  }

  static Snmp.Net sock_net(Sock sk) {
    return sk.net;
  }

  static final Sock listener = new Sock();

  static void reqsk_queue_hash_req(RequestSock req) {
    Softirq.timer_setup(req.rsk_timer, Tcp::reqsk_timer_handler);
  }

  /** The receive path, from the NET_RX softirq (ip_local_deliver). */
  @SoftirqContext
  static int tcp_v4_rcv(Sock sk) {
    __TCP_INC_STATS(sock_net(sk), TCP_MIB_INSEGS); // softirq only: fine
    return tcp_v4_do_rcv(sk);
  }

  /** The SYN-ACK retransmit timer: softirq. */
  static void reqsk_timer_handler() {
    RequestSock req = new RequestSock();
    req.listener = listener;
    inet_rtx_syn_ack(listener, req);
  }

  /** write(2)/sendmsg(2) on the socket: process context. */
  @ProcessContext
  static int tcp_sendmsg(Sock sk, int size) {
    NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSYNRETRANS); // the plain macro: fine anywhere
    release_sock(sk);
    return size;
  }

  static void release_sock(Sock sk) {
    spin_lock_bh(sk.slock);
    boolean backlog = sk.backlog;
    sk.backlog = false;
    spin_unlock_bh(sk.slock);
    if (backlog) {
      __release_sock(sk); // preemptible, BH enabled, since c10d9310edf5
    }
  }

  static void __release_sock(Sock sk) {
    sk_backlog_rcv(sk);
  }

  static int sk_backlog_rcv(Sock sk) {
    return tcp_v4_do_rcv(sk);
  }

  static int tcp_v4_do_rcv(Sock sk) {
    return tcp_rcv_state_process(sk);
  }

  static int tcp_rcv_state_process(Sock sk) {
    return tcp_check_req(sk, new RequestSock()) ? 0 : 1;
  }

  static boolean tcp_check_req(Sock sk, RequestSock req) {
    if (req.listener == null) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __TCP_INC_STATS(sock_net(sk), TCP_MIB_ATTEMPTFAILS) on Mib.tcp_statistics can lose updates: reached in PROCESS (tcp_sendmsg -> release_sock -> __release_sock -> sk_backlog_rcv -> tcp_v4_do_rcv -> tcp_rcv_state_process -> tcp_check_req) and in SOFTIRQ (tcp_v4_rcv -> tcp_v4_do_rcv -> tcp_rcv_state_process -> tcp_check_req), which can interrupt it; use TCP_INC_STATS
      // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __TCP_INC_STATS(sock_net(sk), TCP_MIB_ATTEMPTFAILS)
      TCP_INC_STATS(sock_net(sk), TCP_MIB_ATTEMPTFAILS);
      return false;
    }
    if (req.listener != sk) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __NET_INC_STATS(sock_net(sk), LINUX_MIB_EMBRYONICRSTS) on Mib.net_statistics can lose updates: reached in PROCESS (tcp_sendmsg -> release_sock -> __release_sock -> sk_backlog_rcv -> tcp_v4_do_rcv -> tcp_rcv_state_process -> tcp_check_req) and in SOFTIRQ (tcp_v4_rcv -> tcp_v4_do_rcv -> tcp_rcv_state_process -> tcp_check_req), which can interrupt it; use NET_INC_STATS
      // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __NET_INC_STATS(sock_net(sk), LINUX_MIB_EMBRYONICRSTS) on Mib.net_statistics runs in preemptible PROCESS context (tcp_sendmsg -> release_sock -> __release_sock -> sk_backlog_rcv -> tcp_v4_do_rcv -> tcp_rcv_state_process -> tcp_check_req), where another task on this CPU can preempt its read-modify-write; use NET_INC_STATS, or disable preemption around it
      NET_INC_STATS(sock_net(sk), LINUX_MIB_EMBRYONICRSTS);
      return false;
    }
    return inet_rtx_syn_ack(sk, req) == 0;
  }

  static int inet_rtx_syn_ack(Sock sk, RequestSock req) {
    return tcp_rtx_synack(sk, req);
  }

  static int tcp_rtx_synack(Sock sk, RequestSock req) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __TCP_INC_STATS(sock_net(sk), TCP_MIB_RETRANSSEGS) on Mib.tcp_statistics can lose updates: reached in PROCESS (tcp_sendmsg -> release_sock -> __release_sock -> sk_backlog_rcv -> tcp_v4_do_rcv -> tcp_rcv_state_process -> tcp_check_req -> inet_rtx_syn_ack -> tcp_rtx_synack) and in SOFTIRQ (reqsk_timer_handler -> inet_rtx_syn_ack -> tcp_rtx_synack), which can interrupt it; use TCP_INC_STATS
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __TCP_INC_STATS(sock_net(sk), TCP_MIB_RETRANSSEGS) on Mib.tcp_statistics runs in preemptible PROCESS context (tcp_sendmsg -> release_sock -> __release_sock -> sk_backlog_rcv -> tcp_v4_do_rcv -> tcp_rcv_state_process -> tcp_check_req -> inet_rtx_syn_ack -> tcp_rtx_synack), where another task on this CPU can preempt its read-modify-write; use TCP_INC_STATS, or disable preemption around it
    TCP_INC_STATS(sock_net(sk), TCP_MIB_RETRANSSEGS);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSYNRETRANS) on Mib.net_statistics can lose updates
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSYNRETRANS) on Mib.net_statistics runs in preemptible PROCESS context
    NET_INC_STATS(sock_net(sk), LINUX_MIB_TCPSYNRETRANS);
    return 0;
  }
}

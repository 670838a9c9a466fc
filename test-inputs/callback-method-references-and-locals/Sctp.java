package cb_mref;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Timer;
import dev.ctxcheck.percpu.Workqueue;

/**
 * net/sctp: the state machine runs from system calls (process), from the association's timers
 * and from the inqueue's receive work (softirq). The callbacks are registered as a static method
 * reference held in a local, a bound instance method reference, and a lambda held in a local.
 * sctp_packet_transmit() used IP_INC_STATS_BH (__this_cpu_inc) from process context: 757efd32d5ce.
 */
final class Sctp {
  static final PerCpuLong ip_outrequests = new PerCpuLong();
  static final PerCpuLong assoc_objcnt = new PerCpuLong();

  static final class SctpInq {
    Association asoc;

    /** The inqueue's deferred receive, run as a tasklet: sctp_inq_push() -> asoc->base.inqueue. */
    void sctp_inq_bh() {
      sctp_assoc_bh_rcv(asoc);
    }
  }

  static final class Association {
    final Timer t3_rtx = new Timer();
    final SctpInq inqueue = new SctpInq();
    Sock sk;
  }

  static void sctp_association_init(Association asoc) {
    Runnable t3 = Sctp::sctp_generate_t3_rtx_event;
    Softirq.timer_setup(asoc.t3_rtx, t3);
    asoc.inqueue.asoc = asoc;
    Softirq.tasklet_schedule(asoc.inqueue::sctp_inq_bh);
  }

  static void sctp_association_put(Association asoc) {
    Runnable work = () -> sctp_association_destroy(asoc);
    Workqueue.queue_work(work);
  }

  /** socket(2) -> inet_create -> sk->sk_prot->init */
  @ProcessContext
  static int sctp_init_sock(Sock sk) {
    Sock.sock_prot_inuse_add(sk.prot, 1);
    return 0;
  }

  /** sendmsg(2) on a socket with no association yet: implicit ASSOCIATE. */
  @ProcessContext
  static int sctp_sendmsg(Sock sk, Association asoc) {
    Sock.lock_sock(sk);
    sctp_primitive_ASSOCIATE(asoc);
    Sock.release_sock(sk);
    return 0;
  }

  static void sctp_primitive_ASSOCIATE(Association asoc) {
    sctp_do_sm(asoc, 1);
  }

  static void sctp_generate_t3_rtx_event() {
    sctp_do_sm(null, 2);
  }

  static void sctp_assoc_bh_rcv(Association asoc) {
    sctp_do_sm(asoc, 3);
    if (asoc != null && asoc.sk != null) {
      sctp_destroy_sock(asoc.sk);
    }
  }

  static void sctp_do_sm(Association asoc, int event) {
    sctp_cmd_interpreter(asoc, event);
  }

  static void sctp_cmd_interpreter(Association asoc, int event) {
    if (event != 0) {
      sctp_outq_flush(asoc);
    }
  }

  static void sctp_outq_flush(Association asoc) {
    sctp_packet_transmit(asoc);
  }

  static void sctp_packet_transmit(Association asoc) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(ip_outrequests) can lose updates: reached in PROCESS (sctp_sendmsg -> sctp_primitive_ASSOCIATE -> sctp_do_sm -> sctp_cmd_interpreter -> sctp_outq_flush -> sctp_packet_transmit) and in SOFTIRQ (sctp_generate_t3_rtx_event -> sctp_do_sm -> sctp_cmd_interpreter -> sctp_outq_flush -> sctp_packet_transmit), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(ip_outrequests) runs in preemptible PROCESS context (sctp_sendmsg -> sctp_primitive_ASSOCIATE -> sctp_do_sm -> sctp_cmd_interpreter -> sctp_outq_flush -> sctp_packet_transmit), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    __this_cpu_inc(ip_outrequests); // IP_INC_STATS_BH(OUTREQUESTS)
  }

  static void sctp_destroy_sock(Sock sk) {
    Sock.sock_prot_inuse_add(sk.prot, -1);
  }

  /** Runs from the workqueue (process context, preemptible): the debug object count drops. */
  static void sctp_association_destroy(Association asoc) {
    asoc.sk = null;
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_dec(assoc_objcnt) runs in preemptible PROCESS context (lambda@Sctp.java:47 -> sctp_association_destroy), where another task on this CPU can preempt its read-modify-write; use this_cpu_dec, or disable preemption around it
    __this_cpu_dec(assoc_objcnt); // SCTP_DBG_OBJCNT_DEC(assoc)
  }
}

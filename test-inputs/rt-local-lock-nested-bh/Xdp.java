package local_lock_nested_bh;

import static dev.ctxcheck.percpu.LocalLock.local_lock_nested_bh;
import static dev.ctxcheck.percpu.LocalLock.local_unlock_nested_bh;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

import dev.ctxcheck.percpu.LocalLock;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Timer;

/**
 * The PREEMPT_RT conversion of per-CPU data used from softirqs (e.g. net/core/dev.c's
 * bpf_net_context and the xdp redirect info, "net: Use nested-BH locking for ..." series): softirq
 * code that relied on BH being off takes local_lock_nested_bh on the data's lock. On mainline it
 * masks nothing and documents that BH serializes; under PREEMPT_RT it is the per-CPU lock that
 * serializes the softirq threads. The flush counter is converted; the redirect counter is not, and
 * races under PREEMPT_RT between the two softirq entry points.
 */
final class Xdp {
  static final class BpfRedirectInfo {
    final LocalLock bh_lock = new LocalLock();
    final PerCpuLong flushes = new PerCpuLong();
    final PerCpuLong redirects = new PerCpuLong();
  }

  static final BpfRedirectInfo bpf_redirect_info = new BpfRedirectInfo();
  static final Timer flush_timer = new Timer();

  static void xdp_init() {
    Softirq.napi_schedule(Xdp::veth_poll);
    Softirq.timer_setup(flush_timer, Xdp::xdp_flush_timer);
  }

  /** NET_RX: veth_poll -> veth_xdp_rcv -> xdp_do_flush */
  static int veth_poll(int budget) {
    xdp_do_flush(bpf_redirect_info);
    xdp_do_redirect(bpf_redirect_info);
    return 0;
  }

  static void xdp_flush_timer() {
    xdp_do_flush(bpf_redirect_info);
    xdp_do_redirect(bpf_redirect_info);
  }

  static void xdp_do_flush(BpfRedirectInfo ri) {
    local_lock_nested_bh(ri.bh_lock);
    __this_cpu_inc(ri.flushes);
    local_unlock_nested_bh(ri.bh_lock);
  }

  static void xdp_do_redirect(BpfRedirectInfo ri) {
    // BUG[rt]: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(ri.redirects) can lose updates under PREEMPT_RT: reached in SOFTIRQ (veth_poll -> xdp_do_redirect; also from xdp_flush_timer), which can preempt or interrupt it; only under PREEMPT_RT, where softirqs run in preemptible threads; use this_cpu_inc
    __this_cpu_inc(ri.redirects);
  }
}

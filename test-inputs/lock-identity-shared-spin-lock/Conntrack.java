package lock_identity;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.SpinLock.spin_lock;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Guard;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.SpinLock;

/**
 * Two updates of one per-CPU counter, from process code and from a softirq, both under the same
 * spin lock (the expectation lock of a conntrack helper): the lock, not a mask, serializes them, so
 * neither can run in the middle of the other and nothing is lost in either model. The lock is
 * named by the field that holds it, followed through a parameter (account) and a guard
 * (Guard.spinlock holds it until the end of the try block).
 *
 * <p>The drop counter is updated under a different lock in the softirq: a softirq can run in the
 * middle of the process update (mainline: spin_lock masks preemption only; PREEMPT_RT: the softirq
 * thread preempts), reported in both models.
 *
 * <p>(Taking a lock in a softirq that process code takes without disabling BH is itself a deadlock
 * on one CPU, which lockdep's lock checking reports; that is not this checker's business.)
 */
final class Conntrack {
  static final PerCpuLong expect_create = new PerCpuLong();
  static final PerCpuLong expect_drop = new PerCpuLong();
  static final SpinLock nf_conntrack_expect_lock = new SpinLock();
  static final SpinLock nf_conntrack_drop_lock = new SpinLock();

  static void nf_conntrack_helper_init() {
    Softirq.tasklet_schedule(Conntrack::nf_ct_expect_related_rx);
  }

  static void account(SpinLock lock, PerCpuLong counter) {
    spin_lock(lock);
    // Not reported as preemptible under PREEMPT_RT: a task that preempts it must take the same lock first.
    __this_cpu_inc(counter);
    spin_unlock(lock);
  }

  /** ctnetlink: a user creates an expectation. */
  @ProcessContext
  static void ctnetlink_create_expect() {
    account(nf_conntrack_expect_lock, expect_create);
  }

  /** A helper sees the control connection's packet in the NET_RX softirq. */
  static void nf_ct_expect_related_rx() {
    try (Guard g = Guard.spinlock(nf_conntrack_expect_lock)) {
      __this_cpu_inc(expect_create);
    }
    spin_lock(nf_conntrack_drop_lock);
    // BUG[rt]: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(expect_drop) can lose updates under PREEMPT_RT: reached in SOFTIRQ (nf_ct_expect_related_rx) and updated in PROCESS by __this_cpu_inc(expect_drop) at Conntrack.java:68 (ctnetlink_del_expect), which can preempt or interrupt it; only under PREEMPT_RT, where spin_lock leaves preemption on and softirqs run in preemptible threads; use this_cpu_inc
    __this_cpu_inc(expect_drop);
    spin_unlock(nf_conntrack_drop_lock);
  }

  /** ctnetlink: a user deletes an expectation, under the expectation lock only. */
  @ProcessContext
  static void ctnetlink_del_expect() {
    spin_lock(nf_conntrack_expect_lock);
    // Not reported as preemptible under PREEMPT_RT: a task that preempts it must take the same lock first.
    // BUG[mainline]: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(expect_drop) can lose updates: reached in PROCESS with preemption disabled (ctnetlink_del_expect [spin_lock]) and updated in SOFTIRQ by __this_cpu_inc(expect_drop) at Conntrack.java:57 (nf_ct_expect_related_rx [spin_lock]), which can interrupt it; use this_cpu_inc
    // BUG[rt]: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(expect_drop) can lose updates under PREEMPT_RT: reached in PROCESS (ctnetlink_del_expect) and updated in SOFTIRQ by __this_cpu_inc(expect_drop) at Conntrack.java:57 (nf_ct_expect_related_rx), which can preempt or interrupt it; use this_cpu_inc
    __this_cpu_inc(expect_drop);
    spin_unlock(nf_conntrack_expect_lock);
  }
}

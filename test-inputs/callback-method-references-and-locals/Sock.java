package cb_mref;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_bh;

import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * net/core/sock.c before 81419d862db7 ("sctp: per_cpu variables should be in bh_disabled
 * section", 2010) and b3cb764aa1d7: sock_prot_inuse_add() used __this_cpu_add and relied on its
 * callers to have BH disabled; sctp_init_sock() called it from the socket() system call without.
 */
final class Sock {
  static final class Proto {
    final PerCpuLong inuse = new PerCpuLong();
  }

  final Proto prot = new Proto();
  final SpinLock slock = new SpinLock();
  boolean owned;

  static void sock_prot_inuse_add(Proto prot, long val) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_add(prot.inuse, val) can lose updates: reached in PROCESS (sctp_init_sock -> sock_prot_inuse_add) and in SOFTIRQ (sctp_inq_bh -> sctp_assoc_bh_rcv -> sctp_destroy_sock -> sock_prot_inuse_add), which can interrupt it; use this_cpu_add
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_add(prot.inuse, val) runs in preemptible PROCESS context (sctp_init_sock -> sock_prot_inuse_add), where another task on this CPU can preempt its read-modify-write; use this_cpu_add, or disable preemption around it
    __this_cpu_add(prot.inuse, val);
  }

  /** lock_sock(): the spinlock is held only to mark the socket owned; BH is enabled again after. */
  static void lock_sock(Sock sk) {
    spin_lock_bh(sk.slock);
    sk.owned = true;
    spin_unlock_bh(sk.slock);
  }

  static void release_sock(Sock sk) {
    spin_lock_bh(sk.slock);
    sk.owned = false;
    spin_unlock_bh(sk.slock);
  }
}

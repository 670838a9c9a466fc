package spin_lock_bh;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.SpinLock.spin_lock;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_bh;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.SpinLock;

/**
 * net/ipv4/inet_hashtables.c: the protocol's in-use count is updated with the non-atomic
 * sock_prot_inuse_add() under the hash bucket lock. The receive softirq inserts new connections;
 * process context (listen(2), close(2)) takes the lock with spin_lock_bh, which holds the softirq
 * off, so those sites are safe. A plain spin_lock only disables preemption: the softirq can still
 * run on this CPU in the middle of the update.
 */
final class InetHashtables {
  static final PerCpuLong tcp_inuse = new PerCpuLong();
  static final PerCpuLong tcp_orphans = new PerCpuLong();
  static final SpinLock ehash_lock = new SpinLock();
  static final SpinLock lhash_lock = new SpinLock();

  static void sock_prot_inuse_add(long val) {
    __this_cpu_add(tcp_inuse, val);
  }

  static void tcp_init() {
    Softirq.tasklet_schedule(InetHashtables::tcp_v4_rcv);
  }

  /** A SYN completes: the child socket is hashed from the receive softirq. */
  static void tcp_v4_rcv() {
    inet_ehash_nolisten();
    __this_cpu_inc(tcp_orphans);
  }

  static void inet_ehash_nolisten() {
    spin_lock(ehash_lock); // softirq context: BH is already off
    sock_prot_inuse_add(1);
    spin_unlock(ehash_lock);
  }

  /** listen(2) -> inet_csk_listen_start -> inet_hash */
  @ProcessContext
  static int inet_hash() {
    spin_lock_bh(lhash_lock);
    sock_prot_inuse_add(1);
    spin_unlock_bh(lhash_lock);
    return 0;
  }

  /** close(2) -> inet_unhash */
  @ProcessContext
  static void inet_unhash() {
    spin_lock_bh(lhash_lock);
    sock_prot_inuse_add(-1);
    spin_unlock_bh(lhash_lock);
  }

  /** tcp_close() of an orphan, counted under the plain socket spinlock: softirqs still run. */
  @ProcessContext
  static void tcp_close_orphan() {
    spin_lock(ehash_lock);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(tcp_orphans) can lose updates: reached in PROCESS with preemption disabled (tcp_close_orphan [spin_lock]) and updated in SOFTIRQ by __this_cpu_inc(tcp_orphans) at InetHashtables.java:41 (tcp_v4_rcv), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(tcp_orphans);
    spin_unlock(ehash_lock);
  }
}

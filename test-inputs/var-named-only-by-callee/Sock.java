package var_by_callee;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;

/**
 * A user wrapper pair in the kernel's convention (__sock_prot_inuse_add beside
 * sock_prot_inuse_add, cf. 81419d862db7 / b3cb764aa1d7). The arguments of the reported call,
 * "sk.sk_prot, 1", do not name the variable it updates (Proto.inuse); only the callee's own name
 * happens to contain the field's name. The diagnostic must still name the variable.
 */
final class Sock {
  static final class Proto {
    final PerCpuLong inuse = new PerCpuLong();
  }

  final Proto sk_prot = new Proto();

  static void __sock_prot_inuse_add(Proto prot, long val) {
    __this_cpu_add(prot.inuse, val);
  }

  static void sock_prot_inuse_add(Proto prot, long val) {
    this_cpu_add(prot.inuse, val);
  }

  static void inet_init() {
    Softirq.tasklet_schedule(Sock::tcp_v4_rcv_child);
  }

  /** A new child socket is hashed from the receive softirq. */
  static void tcp_v4_rcv_child() {
    Sock sk = new Sock();
    __sock_prot_inuse_add(sk.sk_prot, 1);
  }

  /** socket(2): a new process-context caller of the "__" helper. */
  @ProcessContext
  static int inet_create(Sock sk) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __sock_prot_inuse_add(sk.sk_prot, 1) on Proto.inuse can lose updates: reached in PROCESS (inet_create) and updated in SOFTIRQ by __sock_prot_inuse_add(sk.sk_prot, 1) at Sock.java:38 (tcp_v4_rcv_child), which can interrupt it; use sock_prot_inuse_add
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __sock_prot_inuse_add(sk.sk_prot, 1) on Proto.inuse runs in preemptible PROCESS context (inet_create), where another task on this CPU can preempt its read-modify-write; use sock_prot_inuse_add, or disable preemption around it
    __sock_prot_inuse_add(sk.sk_prot, 1);
    return 0;
  }
}

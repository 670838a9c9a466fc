package net;

import static dev.ctxcheck.percpu.PerCpu.*;

import dev.ctxcheck.annotations.*;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * b3cb764aa1d7 "net: drop nopreempt requirement on sock_prot_inuse_add()" (2021), in the shape of a
 * record: the per-protocol in-use counter is bumped while a socket's accounting record is built,
 * from the socket() system call and from the softirq that clones a socket for a passive open. The
 * record's compact constructor is the one place that counts.
 */
final class SockInuse {
  static final PerCpuLong tcp_inuse = new PerCpuLong();

  record ProtoInuse(String proto, int val) {
    ProtoInuse {
      // BUG: Diagnostic contains: __this_cpu_add(tcp_inuse, val) can lose updates: reached in PROCESS (sys_socket -> inet_create -> new ProtoInuse) and in SOFTIRQ (tcp_v4_rcv -> inet_csk_clone_lock -> new ProtoInuse), which can interrupt it; use this_cpu_add
      // BUG: Diagnostic contains: __this_cpu_add(tcp_inuse, val) runs in preemptible PROCESS context (sys_socket -> inet_create -> new ProtoInuse)
      this_cpu_add(tcp_inuse, val);
    }
  }

  @ProcessContext
  static int sys_socket() {
    inet_create();
    return 0;
  }

  static ProtoInuse inet_create() {
    return new ProtoInuse("TCP", 1);
  }

  @SoftirqContext
  static void tcp_v4_rcv() {
    inet_csk_clone_lock();
  }

  static ProtoInuse inet_csk_clone_lock() {
    return new ProtoInuse("TCP", 1);
  }
}

package classlevel;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Timer;

/**
 * net/ipv4/udp.c: the receive path runs in the NET_RX softirq and counts with the "__" SNMP
 * macros; a socket freed from an RCU callback (softirq) drops the allocation count.
 */
final class Udp {
  static final PerCpuLong mib_indatagrams = new PerCpuLong();
  static final PerCpuLong sockets_allocated = new PerCpuLong();
  static final Timer rcu_timer = new Timer();

  static void udp_init() {
    Softirq.tasklet_schedule(Udp::udp_rcv);
    Softirq.timer_setup(rcu_timer, Udp::udp_destruct_sock_rcu);
  }

  static void udp_rcv() {
    __this_cpu_inc(mib_indatagrams); // __UDP_INC_STATS(net, UDP_MIB_INDATAGRAMS)
  }

  static void udp_destruct_sock_rcu() {
    sk_free();
  }

  static void sk_free() {
    __this_cpu_dec(sockets_allocated);
  }
}

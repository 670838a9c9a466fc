package tcp_wrappers;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * include/net/snmp.h and include/net/ip.h, tcp.h: the "__" statistics macros are for callers
 * that are not preemptible and not interruptible by another writer (softirq context, or BH
 * disabled; b45386efa2ec renamed the _BH variants to "__"). Each has a plain twin with the same
 * parameters that is safe anywhere. __NET_INC_STATS and __TCP_INC_STATS are wrappers of the
 * wrapper __SNMP_INC_STATS.
 */
final class Snmp {
  static final int LINUX_MIB_MAX = 128;
  static final int TCP_MIB_MAX = 16;

  static final int TCP_MIB_INSEGS = 9;
  static final int TCP_MIB_RETRANSSEGS = 12;
  static final int TCP_MIB_ATTEMPTFAILS = 5;
  static final int LINUX_MIB_TCPSYNRETRANS = 97;
  static final int LINUX_MIB_EMBRYONICRSTS = 1;

  static final class Mib {
    final PerCpuLong[] tcp_statistics = new PerCpuLong[TCP_MIB_MAX];
    final PerCpuLong[] net_statistics = new PerCpuLong[LINUX_MIB_MAX];
  }

  static final class Net {
    final Mib mib = new Mib();
  }

  static void __SNMP_INC_STATS(PerCpuLong[] mib, int field) {
    __this_cpu_inc(mib[field]);
  }

  static void SNMP_INC_STATS(PerCpuLong[] mib, int field) {
    this_cpu_inc(mib[field]);
  }

  static void __NET_INC_STATS(Net net, int field) {
    __SNMP_INC_STATS(net.mib.net_statistics, field);
  }

  static void NET_INC_STATS(Net net, int field) {
    SNMP_INC_STATS(net.mib.net_statistics, field);
  }

  static void __TCP_INC_STATS(Net net, int field) {
    __SNMP_INC_STATS(net.mib.tcp_statistics, field);
  }

  static void TCP_INC_STATS(Net net, int field) {
    SNMP_INC_STATS(net.mib.tcp_statistics, field);
  }
}

package nf_ct_stat;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_bh;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_bh;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Timer;

/**
 * net/netfilter/nf_conntrack_core.c (kernel-cases N3, 4ea7334b6de8): the conntrack statistics
 * are softirq data. NF_CT_STAT_INC is __this_cpu_inc, used from the packet path (softirq);
 * process-context users disable BH first, either by calling NF_CT_STAT_INC_ATOMIC (which brackets
 * it with local_bh_disable) or by disabling BH around the helper that counts, or around the
 * __this_cpu_inc itself, or with rcu_read_lock_bh. No hardirq or NMI writes these counters.
 */
final class NfConntrack {
  static final class IpConntrackStat {
    final PerCpuLong found = new PerCpuLong();
    final PerCpuLong insert = new PerCpuLong();
    final PerCpuLong insert_failed = new PerCpuLong();
    final PerCpuLong early_drop = new PerCpuLong();
    final PerCpuLong delete = new PerCpuLong();
    final PerCpuLong searched = new PerCpuLong();
  }

  static final class Net {
    final IpConntrackStat ct_stat = new IpConntrackStat();
  }

  static final class NfConn {
    Net net;
    boolean confirmed;
  }

  static final Timer gc_timer = new Timer();

  static void NF_CT_STAT_INC(PerCpuLong count) {
    __this_cpu_inc(count);
  }

  static void NF_CT_STAT_INC_ATOMIC(PerCpuLong count) {
    local_bh_disable();
    NF_CT_STAT_INC(count);
    local_bh_enable();
  }

  static void nf_conntrack_init() {
    Softirq.napi_schedule(NfConntrack::ipv4_conntrack_in_poll);
    Softirq.timer_setup(gc_timer, NfConntrack::gc_worker_timer);
  }

  /** The netfilter PRE_ROUTING hook, in the receive softirq. */
  static int ipv4_conntrack_in_poll(int budget) {
    NfConn ct = new NfConn();
    ct.net = new Net();
    nf_conntrack_in(ct);
    return 1;
  }

  static void nf_conntrack_in(NfConn ct) {
    NF_CT_STAT_INC(ct.net.ct_stat.searched);
    if (ct.confirmed) {
      NF_CT_STAT_INC(ct.net.ct_stat.found);
      return;
    }
    if (!__nf_conntrack_hash_check_insert(ct)) {
      NF_CT_STAT_INC(ct.net.ct_stat.early_drop);
    }
  }

  static boolean __nf_conntrack_hash_check_insert(NfConn ct) {
    if (ct.confirmed) {
      NF_CT_STAT_INC(ct.net.ct_stat.insert_failed);
      return false;
    }
    NF_CT_STAT_INC(ct.net.ct_stat.insert);
    return true;
  }

  /** Garbage collection timer: softirq. */
  static void gc_worker_timer() {
    Net net = new Net();
    __this_cpu_inc(net.ct_stat.delete);
  }

  /** ctnetlink_create_conntrack(): BH disabled around the helper that counts. */
  @ProcessContext
  static int ctnetlink_create_conntrack(NfConn ct) {
    local_bh_disable();
    boolean ok = __nf_conntrack_hash_check_insert(ct);
    local_bh_enable();
    return ok ? 0 : -17;
  }

  /** nf_conntrack_alloc() from the output path: the _ATOMIC variant. */
  @ProcessContext
  static NfConn nf_conntrack_alloc(Net net, int count, int max) {
    if (count > max) {
      NF_CT_STAT_INC_ATOMIC(net.ct_stat.early_drop);
      return null;
    }
    NfConn ct = new NfConn();
    ct.net = net;
    return ct;
  }

  /** ctnetlink_del_conntrack(): BH disabled around the increment itself. */
  @ProcessContext
  static void ctnetlink_del_conntrack(NfConn ct) {
    local_bh_disable();
    __this_cpu_inc(ct.net.ct_stat.delete);
    local_bh_enable();
  }

  /** ctnetlink_get_conntrack(): a lookup under rcu_read_lock_bh. */
  @ProcessContext
  static boolean ctnetlink_get_conntrack(NfConn ct) {
    rcu_read_lock_bh();
    NF_CT_STAT_INC(ct.net.ct_stat.searched);
    boolean found = ct.confirmed;
    rcu_read_unlock_bh();
    return found;
  }
}

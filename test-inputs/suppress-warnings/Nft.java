package suppress;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;

/**
 * net/netfilter/nf_tables_core.c: the chain and expression statistics are updated from the
 * netfilter hooks, which run in the NET_RX softirq for received packets and in process context
 * for locally generated ones (ad9d9e85072b fixed nft_update_chain_stats for that). Every helper
 * below is reached from both; @SuppressWarnings on a method or on a class silences the named
 * check for the sites there, and only there.
 */
final class Nft {
  static final PerCpuLong chain_pkts = new PerCpuLong();
  static final PerCpuLong counter_pkts = new PerCpuLong();
  static final PerCpuLong quota_consumed = new PerCpuLong();
  static final PerCpuLong limit_tokens = new PerCpuLong();
  static final PerCpuLong legacy_hits = new PerCpuLong();
  static final PerCpuLong connlimit_count = new PerCpuLong();
  static final PerCpuLong hook_output_calls = new PerCpuLong();

  static void nf_register_net_hooks() {
    Softirq.tasklet_schedule(Nft::nf_hook_input);
  }

  /** NF_INET_LOCAL_IN, from the receive softirq. */
  static void nf_hook_input() {
    nft_do_chain_all(1500);
  }

  /**
   * NF_INET_LOCAL_OUT, from sendmsg(2): process context, preemptible. The suppression here covers
   * only this method's own site, not the sites of the helpers it calls.
   */
  @ProcessContext
  @SuppressWarnings({"NonAtomicPerCpuUpdate", "PerCpuUpdateInPreemptibleCode"})
  static void nf_hook_output() {
    __this_cpu_inc(hook_output_calls);
    nft_do_chain_all(1500);
  }

  static void nft_do_chain_all(long len) {
    nft_update_chain_stats();
    nft_counter_eval(len);
    nft_quota_eval(len);
    nft_limit_eval();
    NftLegacy.ipt_do_table();
    NftConnlimit.nft_connlimit_eval();
  }

  static void nft_update_chain_stats() {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(chain_pkts) can lose updates: reached in PROCESS (nf_hook_output -> nft_do_chain_all -> nft_update_chain_stats) and in SOFTIRQ (nf_hook_input -> nft_do_chain_all -> nft_update_chain_stats), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(chain_pkts) runs in preemptible PROCESS context (nf_hook_output -> nft_do_chain_all -> nft_update_chain_stats), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    __this_cpu_inc(chain_pkts);
  }

  @SuppressWarnings("NonAtomicPerCpuUpdate")
  static void nft_counter_eval(long len) {
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_add(counter_pkts, len) runs in preemptible PROCESS context (nf_hook_output -> nft_do_chain_all -> nft_counter_eval)
    __this_cpu_add(counter_pkts, len);
  }

  @SuppressWarnings("PerCpuUpdateInPreemptibleCode")
  static void nft_quota_eval(long len) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_add(quota_consumed, len) can lose updates: reached in PROCESS (nf_hook_output -> nft_do_chain_all -> nft_quota_eval) and in SOFTIRQ
    __this_cpu_add(quota_consumed, len);
  }

  @SuppressWarnings({"NonAtomicPerCpuUpdate", "PerCpuUpdateInPreemptibleCode"})
  static void nft_limit_eval() {
    __this_cpu_inc(limit_tokens);
  }

  /** Both checks silenced for the whole (legacy) class. */
  @SuppressWarnings({"NonAtomicPerCpuUpdate", "PerCpuUpdateInPreemptibleCode"})
  static final class NftLegacy {
    static void ipt_do_table() {
      xt_counters_add();
    }

    static void xt_counters_add() {
      __this_cpu_inc(legacy_hits);
    }
  }

  /** Only the interruption check silenced for this class: the preemption one still speaks. */
  @SuppressWarnings("NonAtomicPerCpuUpdate")
  static final class NftConnlimit {
    static void nft_connlimit_eval() {
      // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(connlimit_count) runs in preemptible PROCESS context (nf_hook_output -> nft_do_chain_all -> nft_connlimit_eval)
      __this_cpu_inc(connlimit_count);
    }
  }

  /** Returns with BH disabled on purpose; the imbalance check is silenced for it. */
  @SuppressWarnings("ContextMaskImbalance")
  static void nf_conntrack_lock_bh_held() {
    local_bh_disable();
  }
}

package recursion;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.SoftirqContext;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * net/netfilter: chains jump to other chains (nft_do_chain -> nft_eval_rule ->
 * nft_immediate_eval -> nft_do_chain), and a queued packet with no listener is reinjected at once
 * (nf_hook_input -> nf_queue -> nf_reinject -> nf_hook_input): the two entry points call each
 * other. The analysis must terminate on these cycles and still find each context's path.
 */
final class NfTables {
  static final PerCpuLong chain_stats = new PerCpuLong();
  static final PerCpuLong queue_reinjected = new PerCpuLong();
  static final PerCpuLong validate_calls = new PerCpuLong();

  static final class Chain {
    Chain jump_target;
    int verdict;
    int depth;
  }

  static final Chain input = new Chain();
  static final Chain output = new Chain();

  /** NF_INET_LOCAL_IN: called from ip_local_deliver in the receive softirq. */
  @SoftirqContext
  static int nf_hook_input(Chain chain) {
    int verdict = nft_do_chain(chain);
    if (verdict == 3) { // NF_QUEUE
      return nf_queue(chain);
    }
    return verdict;
  }

  /** NF_INET_LOCAL_OUT: from sendmsg(2), preemptible process context. */
  @ProcessContext
  static int nf_hook_output(Chain chain) {
    return nft_do_chain(chain);
  }

  static int nft_do_chain(Chain chain) {
    if (chain == null || chain.depth > 16) {
      return 0;
    }
    return nft_eval_rule(chain);
  }

  static int nft_eval_rule(Chain chain) {
    nft_update_chain_stats();
    if (chain.jump_target != null) {
      return nft_immediate_eval(chain.jump_target);
    }
    return chain.verdict;
  }

  static int nft_immediate_eval(Chain target) {
    return nft_do_chain(target); // NFT_JUMP: recursion into another chain
  }

  static void nft_update_chain_stats() {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(chain_stats) can lose updates: reached in PROCESS (nf_hook_output -> nft_do_chain -> nft_eval_rule -> nft_update_chain_stats) and in SOFTIRQ (nf_hook_input -> nft_do_chain -> nft_eval_rule -> nft_update_chain_stats), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(chain_stats) runs in preemptible PROCESS context (nf_hook_output -> nft_do_chain -> nft_eval_rule -> nft_update_chain_stats), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    this_cpu_inc(chain_stats);
  }

  static int nf_queue(Chain chain) {
    boolean listener = false;
    if (!listener) {
      return nf_reinject(chain); // queue bypass: continue at once
    }
    return 0;
  }

  /**
   * nfnetlink_queue verdict from user space (process), and the bypass above (softirq). It runs the
   * input hook again, so nf_hook_input is reached in process context as well.
   */
  @ProcessContext
  static int nf_reinject(Chain chain) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(queue_reinjected) can lose updates: reached in PROCESS (nf_reinject) and in SOFTIRQ (nf_hook_input -> nf_queue -> nf_reinject), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(queue_reinjected) runs in preemptible PROCESS context (nf_reinject), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    this_cpu_inc(queue_reinjected);
    chain.depth++;
    return nf_hook_input(chain);
  }

  /** nf_tables_newrule(): validates the jump graph, self-recursively, with preemption disabled. */
  @ProcessContext
  static int nf_tables_newrule(Chain chain) {
    preempt_disable();
    int err = nft_chain_validate(chain, 0);
    preempt_enable();
    return err;
  }

  /** Process-only data under preempt_disable: nothing to report, but the recursion must end. */
  static int nft_chain_validate(Chain chain, int depth) {
    __this_cpu_inc(validate_calls);
    if (chain == null) {
      return 0;
    }
    if (depth > 16) {
      return -1; // -EMLINK
    }
    return nft_chain_validate(chain.jump_target, depth + 1);
  }
}

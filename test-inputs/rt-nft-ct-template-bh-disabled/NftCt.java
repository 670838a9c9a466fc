package nft_ct;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_read;

import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Timer;

/**
 * net/netfilter/nft_ct.c before 5cfe5612ca95 ("netfilter: nft_ct: Use __refcount_inc() for per-CPU
 * nft_ct_pcpu_template"): the zone template is one per CPU, and nft_ct_set_zone_eval reads its
 * reference count and increments it with BH disabled, relying on that for exclusivity on the CPU.
 * It runs from the packet path (NET_RX softirq) and here also from a garbage-collection timer.
 *
 * <p>Mainline: softirqs do not nest and BH is off, so nothing else runs on the CPU in between:
 * silent. PREEMPT_RT: softirqs run in preemptible threads and local_bh_disable serializes only
 * against softirq processing, so the two softirq entry points can preempt each other in the middle
 * of the read-then-increment: reported there, at the increment.
 */
final class NftCt {
  static final PerCpuLong nft_ct_pcpu_template_use = new PerCpuLong();
  static final Timer gc_timer = new Timer();

  static void nft_ct_init() {
    Softirq.napi_schedule(budget -> nf_hook_ingress());
    Softirq.timer_setup(gc_timer, NftCt::nf_ct_gc_expired);
  }

  /** NET_RX: nf_hook_slow -> nft_do_chain -> nft_ct_set_zone_eval */
  static int nf_hook_ingress() {
    nft_ct_set_zone_eval();
    return 0;
  }

  /** A timer that re-evaluates the zone of expired entries. */
  static void nf_ct_gc_expired() {
    nft_ct_set_zone_eval();
  }

  static void nft_ct_set_zone_eval() {
    local_bh_disable();
    if (__this_cpu_read(nft_ct_pcpu_template_use) == 1) {
      // BUG[rt]: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(nft_ct_pcpu_template_use) can lose updates under PREEMPT_RT: reached in SOFTIRQ (nf_ct_gc_expired -> nft_ct_set_zone_eval [local_bh_disable]; also from lambda@NftCt.java:28), which can preempt or interrupt it; only under PREEMPT_RT, where local_bh_disable leaves preemption on (it serializes against softirq processing only) and softirqs run in preemptible threads; use this_cpu_inc
      __this_cpu_inc(nft_ct_pcpu_template_use);
    }
    local_bh_enable();
  }
}

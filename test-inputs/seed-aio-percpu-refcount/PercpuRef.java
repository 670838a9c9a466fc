package seed;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_sched;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * include/linux/percpu-refcount.h before Linux 0c36b390a546 (2014): the per-CPU count is
 * updated with the non-atomic __this_cpu ops inside rcu_read_lock_sched(), which disables
 * preemption but not softirqs, so CONFIG_DEBUG_PREEMPT stayed silent.
 */
final class PercpuRef {
  final PerCpuLong pcpu_count = new PerCpuLong();

  static void percpu_ref_get(PercpuRef ref) {
    rcu_read_lock_sched();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(ref.pcpu_count) can lose updates: reached in PROCESS with preemption disabled (io_submit -> io_submit_one -> aio_get_req -> percpu_ref_get [rcu_read_lock_sched]) and updated in SOFTIRQ by __this_cpu_dec(ref.pcpu_count) at PercpuRef.java:28 (blk_done_softirq -> aio_complete -> kiocb_free -> percpu_ref_put [rcu_read_lock_sched]), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(ref.pcpu_count);
    rcu_read_unlock_sched();
  }

  static void percpu_ref_put(PercpuRef ref) {
    rcu_read_lock_sched();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_dec(ref.pcpu_count) can lose updates: reached in PROCESS with preemption disabled (io_submit -> io_submit_one -> kiocb_free -> percpu_ref_put [rcu_read_lock_sched]) and in SOFTIRQ (blk_done_softirq -> aio_complete -> kiocb_free -> percpu_ref_put [rcu_read_lock_sched]), which can interrupt it; use this_cpu_dec
    __this_cpu_dec(ref.pcpu_count);
    rcu_read_unlock_sched();
  }
}

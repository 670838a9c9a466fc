package example.aio;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_sched;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * A per-CPU reference count, as lib/percpu-refcount.c had it in 2014: get and put touch only this
 * CPU's slot, inside rcu_read_lock_sched() (preemption disabled), with the cheap non-atomic
 * __this_cpu ops. The sum over all CPUs is the count; it is read when the owner is torn down.
 */
final class PercpuRef {
  private final PerCpuLong pcpu_count = new PerCpuLong();

  PercpuRef() {
    pcpu_count_init();
  }

  private void pcpu_count_init() {
    // The initial reference, held by the owner until io_destroy() drops it.
    this_cpu_inc(pcpu_count);
  }

  void get() {
    rcu_read_lock_sched();
    __this_cpu_inc(pcpu_count);
    rcu_read_unlock_sched();
  }

  void put() {
    rcu_read_lock_sched();
    __this_cpu_dec(pcpu_count);
    rcu_read_unlock_sched();
  }

  long sum() {
    return per_cpu_sum(pcpu_count);
  }
}

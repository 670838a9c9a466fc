package vmstat;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_write;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Workqueue;

/**
 * mm/vmstat.c after 7a025e91abd2 ("mm/vmstat: Protect per cpu variables with preempt disable on
 * RT"): __mod_node_page_state is for counters that are never updated from interrupts, and its
 * callers relied on spinlocks or irqs-off sections disabling preemption, which PREEMPT_RT's
 * sleeping spinlocks do not. preempt_disable_nested() (a raw preempt_disable on RT) makes the
 * read-modify-write safe against another task on the CPU in both models: silent on mainline and
 * under PREEMPT_RT.
 */
final class Vmstat {
  static final PerCpuLong vm_node_stat_diff = new PerCpuLong();
  static final PerCpuLong vm_node_stat = new PerCpuLong();
  static final long STAT_THRESHOLD = 32;

  static void vmstat_init() {
    Workqueue.queue_work(Vmstat::vmstat_update);
  }

  /** preempt_disable_nested(): preempt_disable() only on PREEMPT_RT; it is modelled as the raw one. */
  static void __mod_node_page_state(long delta) {
    preempt_disable();
    long x = delta + __this_cpu_read(vm_node_stat_diff);
    if (x > STAT_THRESHOLD || x < -STAT_THRESHOLD) {
      __this_cpu_add(vm_node_stat, x);
      x = 0;
    }
    __this_cpu_write(vm_node_stat_diff, x);
    preempt_enable();
  }

  /** Page cache accounting from a write(2). */
  @ProcessContext
  static void filemap_add_folio() {
    __mod_node_page_state(STAT_THRESHOLD + 1);
  }

  /** The periodic vmstat work folds the differentials. */
  static void vmstat_update() {
    __mod_node_page_state(0);
  }
}

package memcg_writeback;

import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * include/linux/memcontrol.h before c3cc39118c36 ("mm: memcontrol: fix NR_WRITEBACK leak in memcg
 * and system stats", 2018): mod_memcg_page_state() protected the per-CPU read-modify-write with
 * preempt_disable() only. Writeback starts in process context (+1) and ends from the I/O
 * completion interrupt (-1); the interrupt's decrement was lost when it hit the middle of a
 * process-context increment, and NR_WRITEBACK crept up for days. DEBUG_PREEMPT saw nothing.
 */
final class Memcontrol {
  static final int NR_WRITEBACK = 0;
  static final int NR_STATS = 4;

  static final class MemCgroup {
    final PerCpuLong[] vmstats_percpu = new PerCpuLong[NR_STATS];
  }

  static final class Page {
    MemCgroup mem_cgroup;
  }

  static void __mod_memcg_state(MemCgroup memcg, int idx, long val) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_add(memcg.vmstats_percpu[idx], val) can lose updates: reached in PROCESS with preemption disabled (write_cache_pages -> __test_set_page_writeback -> inc_memcg_page_state -> mod_memcg_page_state [preempt_disable] -> __mod_memcg_state) and in HARDIRQ (nvme_irq -> end_page_writeback -> test_clear_page_writeback -> dec_memcg_page_state -> mod_memcg_page_state [preempt_disable] -> __mod_memcg_state), which can interrupt it; use this_cpu_add
    this_cpu_add(memcg.vmstats_percpu[idx], val);
  }

  static void mod_memcg_page_state(Page page, int idx, long val) {
    preempt_disable();
    if (page.mem_cgroup != null) {
      __mod_memcg_state(page.mem_cgroup, idx, val);
    }
    preempt_enable();
  }

  static void inc_memcg_page_state(Page page, int idx) {
    mod_memcg_page_state(page, idx, 1);
  }

  static void dec_memcg_page_state(Page page, int idx) {
    mod_memcg_page_state(page, idx, -1);
  }
}

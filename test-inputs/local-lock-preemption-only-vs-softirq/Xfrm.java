package xfrm;

import static dev.ctxcheck.percpu.LocalLock.local_lock;
import static dev.ctxcheck.percpu.LocalLock.local_unlock;
import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

import dev.ctxcheck.percpu.Guard;
import dev.ctxcheck.percpu.LocalLock;
import dev.ctxcheck.percpu.PerCpuPtr;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Workqueue;

/**
 * local_lock (and Guard.locallock) disables preemption only: the process-context updates are safe
 * from another task but not from the NET_RX softirq, which updates the same field on irq exit. The
 * fix masks softirqs as well; local_lock_bh would be the kernel's spelling.
 */
final class Xfrm {
  static final class StateCache {
    long lookups;
    long misses;
  }

  static final LocalLock cache_lock = new LocalLock();
  static final PerCpuPtr<StateCache> cache = alloc_percpu(StateCache::new);

  static void xfrm_init() {
    Workqueue.queue_work(Xfrm::xfrm_state_lookup);
    Workqueue.queue_work(Xfrm::xfrm_state_flush);
    Softirq.napi_schedule(Xfrm::xfrm_input);
  }

  static void xfrm_state_lookup() {
    local_lock(cache_lock);
    StateCache c = this_cpu_ptr(cache);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] c.lookups++ on StateCache.lookups of Xfrm.cache can lose updates: reached in PROCESS with preemption disabled (xfrm_state_lookup [local_lock]) and updated in SOFTIRQ by this_cpu_ptr(cache).lookups++ at Xfrm.java:51 (xfrm_input), which can interrupt it; mask softirqs around it with Guard.bh()
    c.lookups++;
    local_unlock(cache_lock);
  }

  static void xfrm_state_flush() {
    try (Guard g = Guard.locallock(cache_lock)) {
      StateCache c = this_cpu_ptr(cache);
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] c.misses = 0 on StateCache.misses of Xfrm.cache can lose updates: reached in PROCESS with preemption disabled (xfrm_state_flush [locallock]) and updated in SOFTIRQ by this_cpu_ptr(cache).misses += 1 at Xfrm.java:52 (xfrm_input), which can interrupt it; mask softirqs around it with Guard.bh()
      c.misses = 0;
    }
  }

  static int xfrm_input(int budget) {
    this_cpu_ptr(cache).lookups++;
    this_cpu_ptr(cache).misses += 1;
    return 1;
  }
}

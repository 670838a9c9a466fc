package lock_imbalance;

import static dev.ctxcheck.percpu.LocalLock.local_lock;
import static dev.ctxcheck.percpu.LocalLock.local_unlock;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.SpinLock.spin_lock;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock;

import dev.ctxcheck.annotations.AcquiresLock;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.ReleasesLock;
import dev.ctxcheck.percpu.LocalLock;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * Locks are taken and released in the same method, like masks, unless the method says it takes or
 * releases one (@AcquiresLock, @ReleasesLock: the kernel's __acquires/__releases annotations). An
 * early return that leaves the runqueue lock held, and a helper that drops its caller's lock, are
 * reported in both models, with the masks the lock primitives take (balance is a property of the
 * code, not of the model: the same message in both).
 */
final class Sched {
  static final PerCpuLong nr_switches = new PerCpuLong();
  static final SpinLock rq_lock = new SpinLock();
  static final LocalLock stats_lock = new LocalLock();

  /** Declared to return holding the lock, as rq_lock() does: not reported. */
  @AcquiresLock(0)
  static void rq_lock(SpinLock lock) {
    spin_lock(lock);
  }

  @ReleasesLock(0)
  static void rq_unlock(SpinLock lock) {
    spin_unlock(lock);
  }

  @ProcessContext
  static void schedule() {
    rq_lock(rq_lock);
    this_cpu_inc(nr_switches);
    rq_unlock(rq_lock);
  }

  /** Returns with the lock held when there is nothing to pull. */
  // BUG: Diagnostic contains: [ContextMaskImbalance] pull_task returns with preemption still masked on some paths (taken by spin_lock at line 50); and it returns holding lock Sched.rq_lock on some paths (taken by spin_lock at line 50); take and release masks in the same method, or declare it @Masks/@Unmasks
  @ProcessContext
  static int pull_task(int nr) {
    spin_lock(rq_lock);
    if (nr == 0) {
      return 0;
    }
    this_cpu_inc(nr_switches);
    spin_unlock(rq_lock);
    return 1;
  }

  /** Drops the stats lock its caller took. */
  // BUG: Diagnostic contains: [ContextMaskImbalance] flush_stats releases preemption it did not mask (local_unlock at line 63); and it releases lock Sched.stats_lock it did not take (local_unlock at line 63); take and release masks in the same method, or declare it @Masks/@Unmasks
  static void flush_stats() {
    this_cpu_inc(nr_switches);
    local_unlock(stats_lock);
  }

  /** Takes the lock and leaves it to its callee. */
  // BUG: Diagnostic contains: [ContextMaskImbalance] account_stats returns with preemption still masked (taken by local_lock at line 70); and it returns holding lock Sched.stats_lock (taken by local_lock at line 70); take and release masks in the same method, or declare it @Masks/@Unmasks
  @ProcessContext
  static void account_stats() {
    local_lock(stats_lock);
    flush_stats();
  }
}

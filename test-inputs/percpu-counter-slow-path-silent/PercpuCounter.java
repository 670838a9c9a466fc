package percpu_counter;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_sub;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_irqsave;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_irqrestore;

import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * lib/percpu_counter.c after 74e72f894d56 (kernel-cases 2 and N1): the fast path adds with the
 * atomic this_cpu_add under preempt_disable; the slow path folds the per-CPU delta into the
 * global count with __this_cpu_sub inside raw_spin_lock_irqsave, where no interrupt can run. The
 * counter is used from process context and from interrupt completion, and nothing is reported.
 */
final class PercpuCounter {
  final SpinLock lock = new SpinLock();
  long count;
  final PerCpuLong counters = new PerCpuLong();

  static final long PERCPU_COUNTER_BATCH = 32;

  static void percpu_counter_add_batch(PercpuCounter fbc, long amount, long batch) {
    preempt_disable();
    long count = __this_cpu_read(fbc.counters) + amount;
    if (Math.abs(count) >= batch) {
      IrqFlags flags = spin_lock_irqsave(fbc.lock);
      fbc.count += count;
      __this_cpu_sub(fbc.counters, count - amount);
      spin_unlock_irqrestore(fbc.lock, flags);
    } else {
      this_cpu_add(fbc.counters, amount);
    }
    preempt_enable();
  }

  static void percpu_counter_inc(PercpuCounter fbc) {
    percpu_counter_add_batch(fbc, 1, PERCPU_COUNTER_BATCH);
  }

  static void percpu_counter_dec(PercpuCounter fbc) {
    percpu_counter_add_batch(fbc, -1, PERCPU_COUNTER_BATCH);
  }
}

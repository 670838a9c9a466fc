package preempt_only;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_write;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_read;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_sched;
import static dev.ctxcheck.percpu.SpinLock.spin_lock;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.Kthread;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * kernel/trace/trace.c trace_buffered_event_enable() (b427e765bdff; kernel-cases N4): per-CPU
 * state written only from process context, always with preemption disabled (preempt_disable,
 * a spinlock, or rcu_read_lock_sched), and by no interrupt context. Another task cannot run in the
 * middle and no interrupt writes the variable, so the "__" ops are safe. The tracing interrupt
 * path only reads it.
 */
final class Trace {
  static final PerCpuLong trace_buffered_event = new PerCpuLong();
  static final PerCpuLong trace_buffered_event_ref = new PerCpuLong();
  static final SpinLock trace_lock = new SpinLock();

  /** echo 1 > events/enable: a system call. */
  @ProcessContext
  static void trace_buffered_event_enable(long page) {
    preempt_disable();
    __this_cpu_write(trace_buffered_event, page);
    __this_cpu_inc(trace_buffered_event_ref);
    preempt_enable();
  }

  /** The same from a kernel thread, under the tracing spinlock. */
  static void trace_event_kthread_start() {
    Kthread.kthread_run(() -> {
      spin_lock(trace_lock);
      __this_cpu_inc(trace_buffered_event_ref);
      spin_unlock(trace_lock);
    });
  }

  @ProcessContext
  static void trace_buffered_event_disable() {
    rcu_read_lock_sched();
    __this_cpu_dec(trace_buffered_event_ref);
    if (this_cpu_read(trace_buffered_event_ref) == 0) {
      __this_cpu_write(trace_buffered_event, 0);
    }
    rcu_read_unlock_sched();
  }

  /** trace_event_buffer_lock_reserve() from an interrupt: reads only. */
  static void trace_irq_init() {
    Irq.request_irq(42, irq -> this_cpu_read(trace_buffered_event) != 0 ? Irq.IRQ_HANDLED : Irq.IRQ_NONE);
  }
}

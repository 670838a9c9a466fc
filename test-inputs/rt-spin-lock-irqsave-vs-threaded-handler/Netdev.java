package threaded_irq;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_irqsave;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_irqrestore;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * A driver counts tx timeouts per CPU with the non-atomic operation under its queue lock taken with
 * spin_lock_irqsave, and its interrupt handler (request_threaded_irq) counts them too, without the
 * lock. On mainline irqs are off under the lock and the handler is hard interrupt code: silent. Under
 * PREEMPT_RT spin_lock_irqsave is a sleeping lock that leaves interrupts and preemption on, and the
 * handler is a thread that preempts the update (locktypes.rst: "_irq/_irqsave do not affect the
 * CPU's interrupt disabled state").
 */
final class Netdev {
  static final PerCpuLong tx_timeouts = new PerCpuLong();
  static final SpinLock queue_lock = new SpinLock();

  static void probe() {
    Irq.request_threaded_irq(24, Netdev::netdev_irq);
  }

  /** ndo_tx_timeout, from the watchdog work item. */
  @ProcessContext
  static void netdev_tx_timeout() {
    IrqFlags flags = spin_lock_irqsave(queue_lock);
    // Not reported as preemptible under PREEMPT_RT: a task that preempts it must take the same lock first.
    // BUG[rt]: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(tx_timeouts) can lose updates under PREEMPT_RT: reached in PROCESS (netdev_tx_timeout) and updated in HARDIRQ thread by __this_cpu_inc(tx_timeouts) at Netdev.java:41 (netdev_irq), which can preempt or interrupt it; only under PREEMPT_RT, where spin_lock_irqsave leaves interrupts and preemption on and interrupt handlers run in preemptible threads; use this_cpu_inc
    __this_cpu_inc(tx_timeouts);
    spin_unlock_irqrestore(queue_lock, flags);
  }

  static int netdev_irq(int irq) {
    // BUG[rt]: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(tx_timeouts) can lose updates under PREEMPT_RT: reached in HARDIRQ thread (netdev_irq) and updated in PROCESS by __this_cpu_inc(tx_timeouts) at Netdev.java:35 (netdev_tx_timeout), which can preempt or interrupt it; only under PREEMPT_RT, where interrupt handlers run in preemptible threads; use this_cpu_inc
    __this_cpu_inc(tx_timeouts);
    return 1;
  }
}

package nothread_irq;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.SpinLock.spin_lock;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_irqsave;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_irqrestore;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * A clock event device (IRQF_NO_THREAD, as timer interrupts are: request_irq_nothread) counts
 * expiries under the device lock; process code reprogramming the device counts them under the same
 * lock with spin_lock_irqsave. On mainline irqs are off in process code: silent. Under PREEMPT_RT
 * irqs stay on under spin_lock_irqsave, but both updates hold clockevents_lock, which serializes
 * them: silent too. (In the kernel a lock taken in a hard interrupt handler under PREEMPT_RT must be
 * a raw_spinlock_t, which this runtime does not model; the lock's identity is what is checked.)
 */
final class Timer {
  static final PerCpuLong expiries = new PerCpuLong();
  static final SpinLock clockevents_lock = new SpinLock();

  static void clockevents_register_device() {
    Irq.request_irq_nothread(0, Timer::timer_interrupt);
  }

  @ProcessContext
  static void clockevents_program_event() {
    IrqFlags flags = spin_lock_irqsave(clockevents_lock);
    count_expiry();
    spin_unlock_irqrestore(clockevents_lock, flags);
  }

  static int timer_interrupt(int irq) {
    spin_lock(clockevents_lock);
    count_expiry();
    spin_unlock(clockevents_lock);
    return 1;
  }

  static void count_expiry() {
    // Not reported as preemptible under PREEMPT_RT: a task that preempts it must take the same lock first.
    __this_cpu_inc(expiries);
  }
}

package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.AcquiresLock;
import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.PreemptRt;
import dev.ctxcheck.annotations.ReleasesLock;
import dev.ctxcheck.annotations.Unmasks;

/**
 * A spin lock, the kernel's {@code spinlock_t} (linux/spinlock.h), with its lock and unlock
 * operations as statics. The lock really excludes: a Java thread that wants a lock another CPU
 * holds waits until it is released. Like the kernel's it is not reentrant, and taking it on a CPU
 * that already holds it (the interrupted code, or a missing unlock) would deadlock; here that
 * throws {@link IllegalStateException}, as lockdep would report it.
 *
 * <p>Each variant also masks, as in the kernel: {@code spin_lock} preemption, {@code spin_lock_bh}
 * softirqs (and preemption), {@code spin_lock_irq} and {@code spin_lock_irqsave} hardirqs (and all
 * below). The unlocks undo exactly that, so {@code spin_lock_irqsave} may also be undone by {@code
 * spin_unlock} followed by {@code local_irq_restore}.
 *
 * <p>For ctxcheck each lock operation also acquires or releases the lock ({@link AcquiresLock},
 * {@link ReleasesLock}): two updates made under the same lock never race. Under PREEMPT_RT a
 * {@code spinlock_t} is a sleeping lock that masks nothing ({@link PreemptRt#NOTHING}), and the
 * {@code _bh} variants only serialize against softirq processing ({@link
 * PreemptRt#SOFTIRQ_PROCESSING}). The runtime itself simulates mainline.
 */
public final class SpinLock extends CpuLock {

  /** The CPU holding the lock, or -1. */
  private int holder = -1;

  private final String lockdepClass = Lockdep.lockClass("SpinLock");

  /** An unlocked spin lock, the kernel's {@code DEFINE_SPINLOCK} / {@code spin_lock_init}. */
  public SpinLock() {}

  /** Disables preemption, then takes {@code l}. */
  @Masks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static void spin_lock(SpinLock l) {
    Cpu.run(
        cpu -> {
          cpu.hold(CpuState.Hold.PREEMPT);
          l.lock(cpu, "spin_lock()", () -> cpu.release(CpuState.Hold.PREEMPT, "spin_lock()"));
        });
  }

  /**
   * Releases {@code l}, then undoes the preemption hold of its {@link #spin_lock}.
   *
   * @throws IllegalStateException if this CPU does not hold {@code l} in this context
   */
  @Unmasks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING)
  @ReleasesLock
  public static void spin_unlock(SpinLock l) {
    Cpu.run(
        cpu -> {
          l.unlock(cpu, "spin_unlock()");
          cpu.release(CpuState.Hold.PREEMPT, "spin_unlock()");
        });
  }

  /** Disables BH (and preemption), then takes {@code l}. */
  @Masks(value = Masked.SOFTIRQ, preemptRt = PreemptRt.SOFTIRQ_PROCESSING)
  @AcquiresLock
  public static void spin_lock_bh(SpinLock l) {
    Cpu.run(
        cpu -> {
          cpu.hold(CpuState.Hold.BH);
          cpu.hold(CpuState.Hold.PREEMPT);
          l.lock(
              cpu,
              "spin_lock_bh()",
              () -> cpu.release(CpuState.Hold.BH, CpuState.Hold.PREEMPT, "spin_lock_bh()"));
        });
  }

  /**
   * Releases {@code l}, then undoes the holds of its {@link #spin_lock_bh}; pending softirqs run
   * if BH is no longer disabled.
   *
   * @throws IllegalStateException if this CPU does not hold {@code l} in this context
   */
  @Unmasks(value = Masked.SOFTIRQ, preemptRt = PreemptRt.SOFTIRQ_PROCESSING)
  @ReleasesLock
  public static void spin_unlock_bh(SpinLock l) {
    Cpu.run(
        cpu -> {
          l.unlock(cpu, "spin_unlock_bh()");
          cpu.release(CpuState.Hold.BH, CpuState.Hold.PREEMPT, "spin_unlock_bh()");
        });
  }

  /**
   * Disables hardirqs (and all below), then takes {@code l}.
   *
   * @throws IllegalStateException if irqs are already disabled: {@link #spin_unlock_irq} would
   *     enable them too early; use {@link #spin_lock_irqsave}
   */
  @Masks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static void spin_lock_irq(SpinLock l) {
    Cpu.run(
        cpu -> {
          cpu.disableIrqs("spin_lock_irq()");
          cpu.hold(CpuState.Hold.PREEMPT);
          l.lock(
              cpu,
              "spin_lock_irq()",
              () -> {
                cpu.release(CpuState.Hold.PREEMPT, "spin_lock_irq()");
                cpu.enableIrqs("spin_lock_irq()");
              });
        });
  }

  /**
   * Releases {@code l}, enables hardirqs and undoes the preemption hold; pending hardirqs and
   * softirqs run.
   *
   * @throws IllegalStateException if this CPU does not hold {@code l} in this context, or irqs are
   *     enabled
   */
  @Unmasks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @ReleasesLock
  public static void spin_unlock_irq(SpinLock l) {
    Cpu.run(
        cpu -> {
          l.unlock(cpu, "spin_unlock_irq()");
          cpu.enableIrqs("spin_unlock_irq()");
          cpu.release(CpuState.Hold.PREEMPT, "spin_unlock_irq()");
        });
  }

  /**
   * Saves and disables hardirqs (and all below), then takes {@code l}.
   *
   * @return the saved state, for {@link #spin_unlock_irqrestore}
   */
  @Masks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static IrqFlags spin_lock_irqsave(SpinLock l) {
    return Cpu.call(
        cpu -> {
          IrqFlags flags = cpu.saveIrqs();
          cpu.hold(CpuState.Hold.PREEMPT);
          l.lock(
              cpu,
              "spin_lock_irqsave()",
              () -> {
                cpu.release(CpuState.Hold.PREEMPT, "spin_lock_irqsave()");
                cpu.restoreIrqs(flags, "spin_lock_irqsave()");
              });
          return flags;
        });
  }

  /**
   * Releases {@code l}, puts back the hardirq state {@code flags} and undoes the preemption hold;
   * if irqs are enabled again, pending hardirqs and softirqs run.
   *
   * @throws IllegalStateException if this CPU does not hold {@code l} in this context, or {@code
   *     flags} cannot be restored here (see {@link Irq#local_irq_restore})
   */
  @Unmasks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @ReleasesLock
  public static void spin_unlock_irqrestore(SpinLock l, IrqFlags flags) {
    Cpu.run(
        cpu -> {
          l.unlock(cpu, "spin_unlock_irqrestore()");
          cpu.restoreIrqs(flags, "spin_unlock_irqrestore()");
          cpu.release(CpuState.Hold.PREEMPT, "spin_unlock_irqrestore()");
        });
  }

  /**
   * Takes the lock for {@code cpu}, waiting while another CPU holds it.
   *
   * @param undoMasks run if the lock cannot be taken, so that the caller's state is as before
   */
  private void lock(CpuState cpu, String who, Runnable undoMasks) {
    synchronized (this) {
      if (holder == cpu.id) {
        undoMasks.run();
        throw new IllegalStateException(
            who + " on CPU " + cpu.id + ": deadlock, " + this + " is already held on this CPU");
      }
      boolean interrupted = false;
      while (holder != -1) {
        try {
          wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      holder = cpu.id;
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    cpu.lockAcquired(this);
  }

  private void unlock(CpuState cpu, String who) {
    cpu.lockReleased(this, who);
    synchronized (this) {
      holder = -1;
      notifyAll();
    }
  }

  /** Releases the lock whoever holds it: for a CPU put back to its boot state. */
  @Override
  synchronized void forceUnlock(int cpu) {
    holder = -1;
    notifyAll();
  }

  @Override
  public synchronized String toString() {
    return name() + (holder == -1 ? "[unlocked]" : "[held on CPU " + holder + "]");
  }

  @Override
  String lockClass() {
    return lockdepClass;
  }

  @Override
  String name() {
    return "SpinLock@" + Integer.toHexString(System.identityHashCode(this));
  }
}

package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.AcquiresLock;
import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.PreemptRt;
import dev.ctxcheck.annotations.ReleasesLock;
import dev.ctxcheck.annotations.Unmasks;
import java.util.Objects;

/**
 * A per-CPU local lock, the kernel's {@code local_lock_t} (linux/local_lock.h), with its operations
 * as statics. One {@code LocalLock} stands for {@code DEFINE_PER_CPU(local_lock_t, ...)}: each CPU
 * has its own instance, and an operation takes or releases the caller's CPU's.
 *
 * <p>On mainline, the model this runtime simulates, a local lock is its masking plus a lockdep map:
 * {@link #local_lock} disables preemption, {@link #local_lock_irq} and {@link #local_lock_irqsave}
 * disable hardirqs (and so softirqs and preemption), and {@link #local_lock_nested_bh} masks nothing
 * but asserts that BH is already disabled, like the kernel's {@code lockdep_assert_in_softirq()}.
 * Taking a local lock this CPU already holds throws {@link IllegalStateException}, as lockdep
 * reports recursive locking; so does a release in a context that did not take it.
 *
 * <p>The lock protects this CPU's share of some per-CPU data, so it is declared beside that data
 * rather than inside the per-CPU structure:
 *
 * <pre>{@code
 * static final LocalLock stats_lock = new LocalLock();
 * static final PerCpuPtr<Stats> stats = PerCpu.alloc_percpu(Stats::new);
 *
 * IrqFlags flags = local_lock_irqsave(stats_lock);
 * this_cpu_ptr(stats).packets++;
 * local_unlock_irqrestore(stats_lock, flags);
 * }</pre>
 *
 * <p>Under PREEMPT_RT a {@code local_lock_t} is a per-CPU sleeping lock that masks nothing and
 * serializes its holders ({@link PreemptRt#NOTHING}); the annotations say so for ctxcheck.
 */
public final class LocalLock {

  /** Whether each CPU holds its instance; touched only by the thread that owns that CPU. */
  private final boolean[] held = new boolean[Cpu.NR_CPUS];

  private final CpuLock[] instances = new CpuLock[Cpu.NR_CPUS];

  private final String lockdepClass = Lockdep.lockClass("LocalLock");

  /** An unlocked local lock on every CPU, the kernel's {@code INIT_LOCAL_LOCK}. */
  public LocalLock() {
    for (int cpu = 0; cpu < instances.length; cpu++) {
      instances[cpu] = new Instance(cpu);
    }
  }

  /** Disables preemption, then takes this CPU's instance of {@code l}. */
  @Masks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static void local_lock(LocalLock l) {
    Objects.requireNonNull(l, "l");
    Cpu.run(
        cpu -> {
          cpu.hold(CpuState.Hold.PREEMPT);
          l.lock(cpu, "local_lock()", () -> cpu.release(CpuState.Hold.PREEMPT, "local_lock()"));
        });
  }

  /**
   * Releases this CPU's instance of {@code l}, then undoes the preemption hold of its {@link
   * #local_lock}.
   *
   * @throws IllegalStateException if this CPU does not hold {@code l} in this context
   */
  @Unmasks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING)
  @ReleasesLock
  public static void local_unlock(LocalLock l) {
    Objects.requireNonNull(l, "l");
    Cpu.run(
        cpu -> {
          l.unlock(cpu, "local_unlock()");
          cpu.release(CpuState.Hold.PREEMPT, "local_unlock()");
        });
  }

  /**
   * Disables hardirqs (and all below), then takes this CPU's instance of {@code l}.
   *
   * @throws IllegalStateException if irqs are already disabled: {@link #local_unlock_irq} would
   *     enable them too early; use {@link #local_lock_irqsave}
   */
  @Masks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static void local_lock_irq(LocalLock l) {
    Objects.requireNonNull(l, "l");
    Cpu.run(
        cpu -> {
          cpu.disableIrqs("local_lock_irq()");
          l.lock(cpu, "local_lock_irq()", () -> cpu.enableIrqs("local_lock_irq()"));
        });
  }

  /**
   * Releases this CPU's instance of {@code l} and enables hardirqs; pending hardirqs and softirqs
   * run.
   *
   * @throws IllegalStateException if this CPU does not hold {@code l} in this context, or irqs are
   *     enabled
   */
  @Unmasks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @ReleasesLock
  public static void local_unlock_irq(LocalLock l) {
    Objects.requireNonNull(l, "l");
    Cpu.run(
        cpu -> {
          l.unlock(cpu, "local_unlock_irq()");
          cpu.enableIrqs("local_unlock_irq()");
        });
  }

  /**
   * Saves and disables hardirqs (and all below), then takes this CPU's instance of {@code l}.
   *
   * @return the saved state, for {@link #local_unlock_irqrestore}
   */
  @Masks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static IrqFlags local_lock_irqsave(LocalLock l) {
    Objects.requireNonNull(l, "l");
    return Cpu.call(
        cpu -> {
          IrqFlags flags = cpu.saveIrqs();
          l.lock(cpu, "local_lock_irqsave()", () -> cpu.restoreIrqs(flags, "local_lock_irqsave()"));
          return flags;
        });
  }

  /**
   * Releases this CPU's instance of {@code l} and puts back the hardirq state {@code flags}; if
   * irqs are enabled again, pending hardirqs and softirqs run.
   *
   * @throws IllegalStateException if this CPU does not hold {@code l} in this context, or {@code
   *     flags} cannot be restored here (see {@link Irq#local_irq_restore})
   */
  @Unmasks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @ReleasesLock
  public static void local_unlock_irqrestore(LocalLock l, IrqFlags flags) {
    Objects.requireNonNull(l, "l");
    Cpu.run(
        cpu -> {
          l.unlock(cpu, "local_unlock_irqrestore()");
          cpu.restoreIrqs(flags, "local_unlock_irqrestore()");
        });
  }

  /**
   * Takes this CPU's instance of {@code l} where BH is already disabled (softirq context, or process
   * code under {@code local_bh_disable}): it masks nothing, and on mainline it only documents that
   * the data is serialized by BH being off. Under PREEMPT_RT it is what serializes the softirq
   * users of the data.
   *
   * @throws IllegalStateException if BH is not disabled here, or the caller is in hardirq or NMI
   *     context (the kernel's {@code lockdep_assert_in_softirq()})
   */
  @AcquiresLock
  public static void local_lock_nested_bh(LocalLock l) {
    Objects.requireNonNull(l, "l");
    Cpu.run(
        cpu -> {
          cpu.assertInSoftirq("local_lock_nested_bh()");
          l.lock(cpu, "local_lock_nested_bh()", () -> {});
        });
  }

  /**
   * Releases this CPU's instance of {@code l}, taken by {@link #local_lock_nested_bh}.
   *
   * @throws IllegalStateException if this CPU does not hold {@code l} in this context
   */
  @ReleasesLock
  public static void local_unlock_nested_bh(LocalLock l) {
    Objects.requireNonNull(l, "l");
    Cpu.run(cpu -> l.unlock(cpu, "local_unlock_nested_bh()"));
  }

  /**
   * Takes the caller's CPU's instance.
   *
   * @param undoMasks run if the lock cannot be taken, so that the caller's state is as before
   */
  private void lock(CpuState cpu, String who, Runnable undoMasks) {
    if (held[cpu.id]) {
      undoMasks.run();
      throw new IllegalStateException(
          who + " on CPU " + cpu.id + ": recursive locking, " + instances[cpu.id].name()
              + " is already held on this CPU");
    }
    held[cpu.id] = true;
    cpu.lockAcquired(instances[cpu.id]);
  }

  private void unlock(CpuState cpu, String who) {
    cpu.lockReleased(instances[cpu.id], who);
    held[cpu.id] = false;
  }

  @Override
  public String toString() {
    return "LocalLock@" + Integer.toHexString(System.identityHashCode(this));
  }

  /** One CPU's {@code local_lock_t}: what the CPU holds. */
  private final class Instance extends CpuLock {
    private final int cpu;

    Instance(int cpu) {
      this.cpu = cpu;
    }

    @Override
    void forceUnlock(int holder) {
      held[cpu] = false;
    }

    @Override
    String lockClass() {
      return lockdepClass;
    }

    @Override
    String name() {
      return LocalLock.this + "[CPU " + cpu + "]";
    }
  }
}

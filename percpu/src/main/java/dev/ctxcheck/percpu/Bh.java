package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.Unmasks;

/**
 * Bottom halves: the kernel's {@code local_bh_disable}/{@code local_bh_enable}
 * (linux/bottom_half.h). While BH is disabled on a CPU, softirqs raised there stay pending; they
 * run when the outermost {@link #local_bh_enable} drops the count to zero. Disabling BH also holds
 * off preemption.
 */
public final class Bh {

  private Bh() {}

  /** Disables softirq processing (and preemption) on this CPU. Nests; counted. */
  @Masks(Masked.SOFTIRQ)
  public static void local_bh_disable() {
    Cpu.run(cpu -> cpu.hold(CpuState.Hold.BH));
  }

  /**
   * Undoes one {@link #local_bh_disable}; when none is left, pending softirqs run (if irqs are
   * enabled and the CPU is in process context).
   *
   * @throws IllegalStateException if no {@code local_bh_disable} of this context is held
   */
  @Unmasks(Masked.SOFTIRQ)
  public static void local_bh_enable() {
    Cpu.run(cpu -> cpu.release(CpuState.Hold.BH, "local_bh_enable()"));
  }
}

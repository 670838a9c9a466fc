package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.Unmasks;

/**
 * RCU read-side critical sections, the kernel's {@code rcu_read_lock*} (linux/rcupdate.h). Only
 * their effect on the CPU is simulated, not grace periods: {@link #rcu_read_lock} (preemptible
 * RCU) masks nothing, {@link #rcu_read_lock_sched} disables preemption, {@link #rcu_read_lock_bh}
 * disables BH. Each unlock must match a lock of its own kind taken in the same context.
 */
public final class Rcu {

  private Rcu() {}

  /** Enters a read-side critical section that masks nothing (preemptible RCU). Nests. */
  public static void rcu_read_lock() {
    Cpu.run(cpu -> Task.current().rcuReadDepth++);
  }

  /**
   * Leaves a section entered with {@link #rcu_read_lock}.
   *
   * @throws IllegalStateException if none is held in this context
   */
  public static void rcu_read_unlock() {
    Cpu.run(cpu -> cpu.rcuReadUnlock("rcu_read_unlock()"));
  }

  /** Enters a read-side critical section with preemption disabled, as {@code preempt_disable}. */
  @Masks(Masked.PREEMPTION)
  public static void rcu_read_lock_sched() {
    Cpu.run(
        cpu -> {
          cpu.hold(CpuState.Hold.RCU_SCHED);
          cpu.hold(CpuState.Hold.PREEMPT);
        });
  }

  /**
   * Leaves a section entered with {@link #rcu_read_lock_sched}.
   *
   * @throws IllegalStateException if none is held in this context
   */
  @Unmasks(Masked.PREEMPTION)
  public static void rcu_read_unlock_sched() {
    Cpu.run(
        cpu ->
            cpu.release(
                CpuState.Hold.RCU_SCHED, CpuState.Hold.PREEMPT, "rcu_read_unlock_sched()"));
  }

  /** Enters a read-side critical section with BH disabled, as {@code local_bh_disable}. */
  @Masks(Masked.SOFTIRQ)
  public static void rcu_read_lock_bh() {
    Cpu.run(
        cpu -> {
          cpu.hold(CpuState.Hold.RCU_BH);
          cpu.hold(CpuState.Hold.BH);
        });
  }

  /**
   * Leaves a section entered with {@link #rcu_read_lock_bh}; pending softirqs run if BH is no
   * longer disabled.
   *
   * @throws IllegalStateException if none is held in this context
   */
  @Unmasks(Masked.SOFTIRQ)
  public static void rcu_read_unlock_bh() {
    Cpu.run(cpu -> cpu.release(CpuState.Hold.RCU_BH, CpuState.Hold.BH, "rcu_read_unlock_bh()"));
  }
}

package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.Unmasks;

/**
 * Preemption and migration: the kernel's {@code preempt_disable}/{@code preempt_enable}
 * (linux/preempt.h) and {@code migrate_disable}/{@code migrate_enable}. Disabling preemption keeps
 * other tasks off this CPU, but interrupts still arrive and softirqs still run on their exit;
 * disabling migration only keeps the task on this CPU, and masks nothing.
 */
public final class Preempt {

  private Preempt() {}

  /** Disables preemption on this CPU. Nests; counted. */
  @Masks(Masked.PREEMPTION)
  public static void preempt_disable() {
    Cpu.run(cpu -> cpu.hold(CpuState.Hold.PREEMPT));
  }

  /**
   * Undoes one {@link #preempt_disable}; if the task becomes preemptible, queued work runs (a
   * schedule point).
   *
   * @throws IllegalStateException if no {@code preempt_disable} of this context is held
   */
  @Unmasks(Masked.PREEMPTION)
  public static void preempt_enable() {
    Cpu.run(cpu -> cpu.release(CpuState.Hold.PREEMPT, "preempt_enable()"));
  }

  /**
   * Keeps the calling task on its CPU ({@link Cpu#runOn} refuses to move it) while leaving it
   * preemptible. Nests; counted per task. It also satisfies the preemption check of {@code
   * __this_cpu_*}, as in the kernel, though another task may still run between their read and
   * write.
   */
  public static void migrate_disable() {
    Task.current().migrateDisabled++;
  }

  /**
   * Undoes one {@link #migrate_disable}.
   *
   * @throws IllegalStateException if the task has none in force
   */
  public static void migrate_enable() {
    Task task = Task.current();
    if (task.migrateDisabled == 0) {
      throw new IllegalStateException("migrate_enable() without migrate_disable()");
    }
    task.migrateDisabled--;
  }
}

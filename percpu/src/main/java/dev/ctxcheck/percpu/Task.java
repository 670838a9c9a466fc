package dev.ctxcheck.percpu;

/**
 * A simulated task: the state the kernel keeps per task rather than per CPU. Each Java thread is a
 * task; a work item or kthread body runs as a task of its own for as long as it runs.
 */
final class Task {

  private static final ThreadLocal<Task> CURRENT = ThreadLocal.withInitial(() -> new Task(0));

  /** The CPU the task runs on. */
  int cpu;

  /** {@code migrate_disable()} nesting; while positive the task cannot move to another CPU. */
  int migrateDisabled;

  /** {@code rcu_read_lock()} nesting (preemptible RCU keeps it per task). */
  int rcuReadDepth;

  Task(int cpu) {
    this.cpu = cpu;
  }

  static Task current() {
    return CURRENT.get();
  }

  static void setCurrent(Task task) {
    CURRENT.set(task);
  }
}

package dev.ctxcheck.percpu;

/**
 * A lock a CPU holds in one of its contexts: a {@link SpinLock}, or this CPU's instance of a
 * {@link LocalLock}. The CPU keeps the locks each context took, so that a release in the wrong
 * context, or a context that returns holding one, is caught, and Lockdep sees which locks an
 * update is made under.
 */
abstract class CpuLock {

  /** Releases the lock as held by {@code cpu}, whoever took it: for a CPU put back to boot state. */
  abstract void forceUnlock(int cpu);

  /**
   * The lock as the program names it: the {@link SpinLock}, or the {@link LocalLock} whose
   * per-CPU instance this is. Two updates under the same lock hold the same one.
   */
  abstract Object lock();

  /** The lock without its state, for messages and Lockdep reports: {@code SpinLock@1b6d3586}. */
  abstract String name();
}

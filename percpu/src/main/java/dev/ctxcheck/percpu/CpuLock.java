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

  /** The lock's class for Lockdep: where it was allocated (see {@link Lockdep#lockClass}). */
  abstract String lockClass();

  /** The lock without its state, for messages and Lockdep reports: {@code SpinLock@1b6d3586}. */
  abstract String name();
}

package dev.ctxcheck.percpu;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A per-CPU {@code long}, the kernel's {@code DEFINE_PER_CPU(long, x)} or {@code
 * alloc_percpu(long)}: one slot per simulated CPU ({@link Cpu#NR_CPUS}), all zero at first. It is
 * read and updated through the static operations of {@link PerCpu}; the slot used is the caller's
 * CPU's. {@link Lockdep} names it in its reports by the name given here, or by where it was
 * allocated.
 */
public final class PerCpuLong {

  private final AtomicLongArray slots = new AtomicLongArray(Cpu.NR_CPUS);

  final Lockdep.Variable lockdep;

  /** A variable whose slots are all zero. */
  public PerCpuLong() {
    lockdep = Lockdep.variable("PerCpuLong", null);
  }

  /** A variable whose slots are all zero, called {@code name} in {@link Lockdep}'s reports. */
  public PerCpuLong(String name) {
    lockdep = Lockdep.variable("PerCpuLong", Objects.requireNonNull(name, "name"));
  }

  long get(int cpu) {
    return slots.get(cpu);
  }

  void set(int cpu, long value) {
    slots.set(cpu, value);
  }

  long addAndGet(int cpu, long delta) {
    return slots.addAndGet(cpu, delta);
  }

  long getAndSet(int cpu, long value) {
    return slots.getAndSet(cpu, value);
  }

  long compareAndExchange(int cpu, long expected, long value) {
    return slots.compareAndExchange(cpu, expected, value);
  }

  /** The slots, CPU 0 first, e.g. {@code PerCpuLong[1, 0, 0, 0]}. */
  @Override
  public String toString() {
    return "PerCpuLong" + slots;
  }
}

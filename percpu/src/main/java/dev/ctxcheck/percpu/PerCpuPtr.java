package dev.ctxcheck.percpu;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A per-CPU structure, the kernel's {@code alloc_percpu(struct foo)}: one object of type {@code T}
 * per simulated CPU, made by {@link PerCpu#alloc_percpu}. The running CPU's object is reached with
 * {@link PerCpu#this_cpu_ptr} or {@link PerCpu#get_cpu_ptr} and its fields are updated with plain
 * Java ({@code this_cpu_ptr(stats).packets++}): like the kernel's, such an update is a
 * read-modify-write that an interrupt can split, so the caller must mask every context that also
 * updates the structure. {@link PerCpu#per_cpu_ptr} reaches another CPU's object, to sum them.
 */
public final class PerCpuPtr<T> {

  private final Object[] objects = new Object[Cpu.NR_CPUS];

  final Lockdep.Variable lockdep;

  PerCpuPtr(Supplier<T> init) {
    Objects.requireNonNull(init, "init");
    lockdep = Lockdep.variable("PerCpuPtr", null);
    for (int cpu = 0; cpu < objects.length; cpu++) {
      Object object = init.get();
      if (object == null) {
        throw new NullPointerException("alloc_percpu: init returned null for CPU " + cpu);
      }
      for (int other = 0; other < cpu; other++) {
        if (objects[other] == object) {
          throw new IllegalArgumentException(
              "alloc_percpu: init returned the same object for CPU " + other + " and CPU " + cpu
                  + "; each CPU needs one of its own (a Supplier like Stats::new)");
        }
      }
      objects[cpu] = object;
    }
  }

  @SuppressWarnings("unchecked") // every element came from the Supplier<T>
  T get(int cpu) {
    return (T) objects[cpu];
  }

  /** {@code PerCpuPtr[Stats x4, allocated at example.Tunnel.<clinit>(Tunnel.java:12)]}. */
  @Override
  public String toString() {
    return "PerCpuPtr[" + objects[0].getClass().getSimpleName() + " x" + objects.length
        + ", allocated at " + lockdep.allocatedAt() + "]";
  }
}

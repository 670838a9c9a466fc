package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.PerCpuOperation;
import dev.ctxcheck.annotations.PerCpuOperation.Kind;
import java.util.Objects;
import java.util.function.IntToLongFunction;
import java.util.function.LongUnaryOperator;

/**
 * The kernel's this_cpu operations on a {@link PerCpuLong}, meant to be statically imported. Each
 * acts on the slot of the CPU the caller runs on ({@link Cpu}). For every {@code OP}:
 *
 * <ul>
 *   <li>{@code this_cpu_OP}: one step that no interrupt and no other task can split (in the
 *       kernel a single instruction, or the operation with interrupts disabled); safe anywhere.
 *   <li>{@code __this_cpu_OP}: a plain read-modify-write. Between its read and its write it
 *       passes an interrupt window ({@link Cpu#atNextWindow}): an interrupt arriving there whose
 *       handler updates the same variable loses its update, so the caller must mask every context
 *       that also updates the variable. Like the kernel with CONFIG_DEBUG_PREEMPT, it throws
 *       {@link IllegalStateException} in preemptible code not under {@code migrate_disable()}
 *       (see {@link Cpu#DEBUG_PREEMPT}).
 *   <li>{@code raw_cpu_OP}: the same read-modify-write without that check, for races accepted on
 *       purpose (lossy statistics).
 * </ul>
 *
 * <p>A {@code write} has its window before its store; an atomic update has it after its step;
 * reads have none. Each method carries the {@link PerCpuOperation} annotation through which
 * ctxcheck knows it; the argument that is the variable is the first.
 */
public final class PerCpu {

  private PerCpu() {}

  /**
   * Adds {@code x} to this CPU's slot of {@code v}, atomically against interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static void this_cpu_add(PerCpuLong v, long x) {
    atomicUpdate(v, cpu -> v.addAndGet(cpu, x));
  }

  /**
   * Adds {@code x} to this CPU's slot of {@code v}, not atomically: the caller must mask every
   * context that also updates {@code v}. Throws {@link IllegalStateException} in preemptible code
   * (see {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_add")
  public static void __this_cpu_add(PerCpuLong v, long x) {
    readModifyWrite("__this_cpu_add", true, v, old -> old + x);
  }

  /**
   * Adds {@code x} to this CPU's slot of {@code v}, not atomically and without the preemption check
   * of {@code __this_cpu_add}: a race accepted on purpose.
   */
  @PerCpuOperation(value = Kind.ACCEPTED_RACE_UPDATE, atomicVariant = "this_cpu_add")
  public static void raw_cpu_add(PerCpuLong v, long x) {
    readModifyWrite("raw_cpu_add", false, v, old -> old + x);
  }

  /**
   * Subtracts {@code x} from this CPU's slot of {@code v}, atomically against interrupts and
   * preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static void this_cpu_sub(PerCpuLong v, long x) {
    atomicUpdate(v, cpu -> v.addAndGet(cpu, -x));
  }

  /**
   * Subtracts {@code x} from this CPU's slot of {@code v}, not atomically: the caller must mask
   * every context that also updates {@code v}. Throws {@link IllegalStateException} in preemptible
   * code (see {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_sub")
  public static void __this_cpu_sub(PerCpuLong v, long x) {
    readModifyWrite("__this_cpu_sub", true, v, old -> old - x);
  }

  /**
   * Subtracts {@code x} from this CPU's slot of {@code v}, not atomically and without the
   * preemption check of {@code __this_cpu_sub}: a race accepted on purpose.
   */
  @PerCpuOperation(value = Kind.ACCEPTED_RACE_UPDATE, atomicVariant = "this_cpu_sub")
  public static void raw_cpu_sub(PerCpuLong v, long x) {
    readModifyWrite("raw_cpu_sub", false, v, old -> old - x);
  }

  /** Adds one to this CPU's slot of {@code v}, atomically against interrupts and preemption. */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static void this_cpu_inc(PerCpuLong v) {
    atomicUpdate(v, cpu -> v.addAndGet(cpu, 1));
  }

  /**
   * Adds one to this CPU's slot of {@code v}, not atomically: the caller must mask every context
   * that also updates {@code v}. Throws {@link IllegalStateException} in preemptible code (see
   * {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_inc")
  public static void __this_cpu_inc(PerCpuLong v) {
    readModifyWrite("__this_cpu_inc", true, v, old -> old + 1);
  }

  /**
   * Adds one to this CPU's slot of {@code v}, not atomically and without the preemption check of
   * {@code __this_cpu_inc}: a race accepted on purpose.
   */
  @PerCpuOperation(value = Kind.ACCEPTED_RACE_UPDATE, atomicVariant = "this_cpu_inc")
  public static void raw_cpu_inc(PerCpuLong v) {
    readModifyWrite("raw_cpu_inc", false, v, old -> old + 1);
  }

  /**
   * Subtracts one from this CPU's slot of {@code v}, atomically against interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static void this_cpu_dec(PerCpuLong v) {
    atomicUpdate(v, cpu -> v.addAndGet(cpu, -1));
  }

  /**
   * Subtracts one from this CPU's slot of {@code v}, not atomically: the caller must mask every
   * context that also updates {@code v}. Throws {@link IllegalStateException} in preemptible code
   * (see {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_dec")
  public static void __this_cpu_dec(PerCpuLong v) {
    readModifyWrite("__this_cpu_dec", true, v, old -> old - 1);
  }

  /**
   * Subtracts one from this CPU's slot of {@code v}, not atomically and without the preemption
   * check of {@code __this_cpu_dec}: a race accepted on purpose.
   */
  @PerCpuOperation(value = Kind.ACCEPTED_RACE_UPDATE, atomicVariant = "this_cpu_dec")
  public static void raw_cpu_dec(PerCpuLong v) {
    readModifyWrite("raw_cpu_dec", false, v, old -> old - 1);
  }

  /**
   * Stores {@code x} in this CPU's slot of {@code v}, atomically against interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static void this_cpu_write(PerCpuLong v, long x) {
    atomicUpdate(
        v,
        cpu -> {
          v.set(cpu, x);
          return x;
        });
  }

  /**
   * Stores {@code x} in this CPU's slot of {@code v}, not atomically: the caller must mask every
   * context that also updates {@code v}. Throws {@link IllegalStateException} in preemptible code
   * (see {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_write")
  public static void __this_cpu_write(PerCpuLong v, long x) {
    nonAtomicWrite("__this_cpu_write", true, v, x);
  }

  /**
   * Stores {@code x} in this CPU's slot of {@code v}, not atomically and without the preemption
   * check of {@code __this_cpu_write}: a race accepted on purpose.
   */
  @PerCpuOperation(value = Kind.ACCEPTED_RACE_UPDATE, atomicVariant = "this_cpu_write")
  public static void raw_cpu_write(PerCpuLong v, long x) {
    nonAtomicWrite("raw_cpu_write", false, v, x);
  }

  /** Returns this CPU's slot of {@code v}. */
  @PerCpuOperation(Kind.READ)
  public static long this_cpu_read(PerCpuLong v) {
    return Cpu.call(cpu -> v.get(cpu.id));
  }

  /**
   * Returns this CPU's slot of {@code v}. Throws {@link IllegalStateException} in preemptible code
   * (see {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(Kind.READ)
  public static long __this_cpu_read(PerCpuLong v) {
    return Cpu.call(
        cpu -> {
          cpu.checkPreemptionDisabled("__this_cpu_read");
          return v.get(cpu.id);
        });
  }

  /**
   * Returns this CPU's slot of {@code v}. Without the preemption check of {@code __this_cpu_read}.
   */
  @PerCpuOperation(Kind.READ)
  public static long raw_cpu_read(PerCpuLong v) {
    return Cpu.call(cpu -> v.get(cpu.id));
  }

  /**
   * Adds {@code x} to this CPU's slot of {@code v} and returns the new value, atomically against
   * interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static long this_cpu_add_return(PerCpuLong v, long x) {
    return atomicUpdate(v, cpu -> v.addAndGet(cpu, x));
  }

  /**
   * Adds {@code x} to this CPU's slot of {@code v} and returns the new value, not atomically: the
   * caller must mask every context that also updates {@code v}. Throws {@link
   * IllegalStateException} in preemptible code (see {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_add_return")
  public static long __this_cpu_add_return(PerCpuLong v, long x) {
    return readModifyWrite("__this_cpu_add_return", true, v, old -> old + x);
  }

  /**
   * Adds {@code x} to this CPU's slot of {@code v} and returns the new value, not atomically and
   * without the preemption check of {@code __this_cpu_add_return}: a race accepted on purpose.
   */
  @PerCpuOperation(value = Kind.ACCEPTED_RACE_UPDATE, atomicVariant = "this_cpu_add_return")
  public static long raw_cpu_add_return(PerCpuLong v, long x) {
    return readModifyWrite("raw_cpu_add_return", false, v, old -> old + x);
  }

  /**
   * Adds one to this CPU's slot of {@code v} and returns the new value, atomically against
   * interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static long this_cpu_inc_return(PerCpuLong v) {
    return atomicUpdate(v, cpu -> v.addAndGet(cpu, 1));
  }

  /**
   * Adds one to this CPU's slot of {@code v} and returns the new value, not atomically: the caller
   * must mask every context that also updates {@code v}. Throws {@link IllegalStateException} in
   * preemptible code (see {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_inc_return")
  public static long __this_cpu_inc_return(PerCpuLong v) {
    return readModifyWrite("__this_cpu_inc_return", true, v, old -> old + 1);
  }

  /**
   * Adds one to this CPU's slot of {@code v} and returns the new value, not atomically and without
   * the preemption check of {@code __this_cpu_inc_return}: a race accepted on purpose.
   */
  @PerCpuOperation(value = Kind.ACCEPTED_RACE_UPDATE, atomicVariant = "this_cpu_inc_return")
  public static long raw_cpu_inc_return(PerCpuLong v) {
    return readModifyWrite("raw_cpu_inc_return", false, v, old -> old + 1);
  }

  /**
   * Subtracts one from this CPU's slot of {@code v} and returns the new value, atomically against
   * interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static long this_cpu_dec_return(PerCpuLong v) {
    return atomicUpdate(v, cpu -> v.addAndGet(cpu, -1));
  }

  /**
   * Subtracts one from this CPU's slot of {@code v} and returns the new value, not atomically: the
   * caller must mask every context that also updates {@code v}. Throws {@link
   * IllegalStateException} in preemptible code (see {@link Cpu#DEBUG_PREEMPT}).
   */
  @PerCpuOperation(value = Kind.NON_ATOMIC_UPDATE, atomicVariant = "this_cpu_dec_return")
  public static long __this_cpu_dec_return(PerCpuLong v) {
    return readModifyWrite("__this_cpu_dec_return", true, v, old -> old - 1);
  }

  /**
   * Subtracts one from this CPU's slot of {@code v} and returns the new value, not atomically and
   * without the preemption check of {@code __this_cpu_dec_return}: a race accepted on purpose.
   */
  @PerCpuOperation(value = Kind.ACCEPTED_RACE_UPDATE, atomicVariant = "this_cpu_dec_return")
  public static long raw_cpu_dec_return(PerCpuLong v) {
    return readModifyWrite("raw_cpu_dec_return", false, v, old -> old - 1);
  }

  /**
   * Stores {@code x} in the caller's CPU's slot of {@code v} and returns the value it replaced.
   * Atomic against interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static long this_cpu_xchg(PerCpuLong v, long x) {
    return atomicUpdate(v, cpu -> v.getAndSet(cpu, x));
  }

  /**
   * Stores {@code nw} in the caller's CPU's slot of {@code v} if it holds {@code old}, and returns
   * the value it held (equal to {@code old} exactly when the store happened). Atomic against
   * interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static long this_cpu_cmpxchg(PerCpuLong v, long old, long nw) {
    return atomicUpdate(v, cpu -> v.compareAndExchange(cpu, old, nw));
  }

  /**
   * The sum of every CPU's slot of {@code v}, as a per-CPU counter is read (the kernel sums {@code
   * per_cpu(v, cpu)} over the possible CPUs). Not a snapshot: slots that other threads update
   * meanwhile may be read before or after their update.
   */
  @PerCpuOperation(Kind.READ)
  public static long per_cpu_sum(PerCpuLong v) {
    long sum = 0;
    for (int cpu = 0; cpu < Cpu.NR_CPUS; cpu++) {
      sum += v.get(cpu);
    }
    return sum;
  }

  /** An atomic step on the caller's CPU's slot, then the interrupt window. */
  private static long atomicUpdate(PerCpuLong v, IntToLongFunction step) {
    Objects.requireNonNull(v, "v");
    return Cpu.call(
        cpu -> {
          long result = step.applyAsLong(cpu.id);
          cpu.window();
          return result;
        });
  }

  /** Read, interrupt window, write: the update an interrupt in the window makes is lost. */
  private static long readModifyWrite(
      String operation, boolean checkPreemption, PerCpuLong v, LongUnaryOperator update) {
    Objects.requireNonNull(v, "v");
    return Cpu.call(
        cpu -> {
          if (checkPreemption) {
            cpu.checkPreemptionDisabled(operation);
          }
          long old = v.get(cpu.id);
          cpu.window();
          long nw = update.applyAsLong(old);
          v.set(cpu.id, nw);
          return nw;
        });
  }

  /** Interrupt window, then the store that usually completes a read-compute-write. */
  private static void nonAtomicWrite(
      String operation, boolean checkPreemption, PerCpuLong v, long x) {
    Objects.requireNonNull(v, "v");
    Cpu.run(
        cpu -> {
          if (checkPreemption) {
            cpu.checkPreemptionDisabled(operation);
          }
          cpu.window();
          v.set(cpu.id, x);
        });
  }
}

package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.PerCpuOperation;
import dev.ctxcheck.annotations.PerCpuOperation.Kind;
import dev.ctxcheck.annotations.PerCpuPointer;
import dev.ctxcheck.annotations.PerCpuPointer.Access;
import dev.ctxcheck.annotations.Unmasks;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntToLongFunction;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

/**
 * The kernel's this_cpu operations on a {@link PerCpuLong}, and the pointer operations on a
 * per-CPU structure ({@link PerCpuPtr}), meant to be statically imported. Each acts on the slot or
 * object of the CPU the caller runs on ({@link Cpu}). For every {@code OP}:
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
 *
 * <p>Per-CPU structures: {@link #alloc_percpu} makes one, {@link #this_cpu_ptr} and {@link
 * #get_cpu_ptr} (which disables preemption until {@link #put_cpu_ptr}) return the running CPU's
 * object, {@link #raw_cpu_ptr} the same for accepted races, {@link #per_cpu_ptr} another CPU's.
 * They carry {@link PerCpuPointer}, which tells ctxcheck that field updates through the object are
 * per-CPU updates. A field update has no interrupt window of its own: a test splits one by raising
 * the interrupt between its own read and write of the field.
 *
 * <p>With {@link Lockdep} enabled every update (and every {@code this_cpu_ptr}/{@code get_cpu_ptr}
 * /{@code raw_cpu_ptr} access) is recorded as a usage.
 */
public final class PerCpu {

  private PerCpu() {}

  /**
   * Adds {@code x} to this CPU's slot of {@code v}, atomically against interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static void this_cpu_add(PerCpuLong v, long x) {
    atomicUpdate("this_cpu_add", v, cpu -> v.addAndGet(cpu, x));
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
    atomicUpdate("this_cpu_sub", v, cpu -> v.addAndGet(cpu, -x));
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
    atomicUpdate("this_cpu_inc", v, cpu -> v.addAndGet(cpu, 1));
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
    atomicUpdate("this_cpu_dec", v, cpu -> v.addAndGet(cpu, -1));
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
        "this_cpu_write",
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
    return atomicUpdate("this_cpu_add_return", v, cpu -> v.addAndGet(cpu, x));
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
    return atomicUpdate("this_cpu_inc_return", v, cpu -> v.addAndGet(cpu, 1));
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
    return atomicUpdate("this_cpu_dec_return", v, cpu -> v.addAndGet(cpu, -1));
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
    return atomicUpdate("this_cpu_xchg", v, cpu -> v.getAndSet(cpu, x));
  }

  /**
   * Stores {@code nw} in the caller's CPU's slot of {@code v} if it holds {@code old}, and returns
   * the value it held (equal to {@code old} exactly when the store happened). Atomic against
   * interrupts and preemption.
   */
  @PerCpuOperation(Kind.ATOMIC_UPDATE)
  public static long this_cpu_cmpxchg(PerCpuLong v, long old, long nw) {
    return atomicUpdate("this_cpu_cmpxchg", v, cpu -> v.compareAndExchange(cpu, old, nw));
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

  // ------------------------------------------------------------------ per-CPU structures

  /**
   * Allocates a per-CPU structure: {@code init} is called once per CPU ({@link Cpu#NR_CPUS} times)
   * and must return a new object each time, e.g. {@code Stats::new} (the kernel's {@code
   * alloc_percpu(struct stats)} zeroes one instance per CPU).
   *
   * @throws NullPointerException if {@code init} returns null
   * @throws IllegalArgumentException if it returns the same object for two CPUs
   */
  public static <T> PerCpuPtr<T> alloc_percpu(Supplier<T> init) {
    return new PerCpuPtr<>(init);
  }

  /**
   * The caller's CPU's object of {@code p}. Its field updates ({@code this_cpu_ptr(p).packets++})
   * are read-modify-writes an interrupt can split: the caller must mask every context that also
   * updates the structure. Like the kernel with CONFIG_DEBUG_PREEMPT, it throws {@link
   * IllegalStateException} in preemptible code not under {@code migrate_disable()}: the task could
   * move to another CPU and update that CPU's object from here.
   */
  @PerCpuPointer(Access.THIS_CPU)
  public static <T> T this_cpu_ptr(PerCpuPtr<T> p) {
    return thisCpusObject(
        p, "this_cpu_ptr", Kind.NON_ATOMIC_UPDATE, cpu -> cpu.checkPreemptionDisabled("this_cpu_ptr"));
  }

  /**
   * The caller's CPU's object of {@code p}, without the preemption check of {@link #this_cpu_ptr}:
   * for updates whose races are accepted on purpose (lossy statistics).
   */
  @PerCpuPointer(Access.ACCEPTED_RACE)
  public static <T> T raw_cpu_ptr(PerCpuPtr<T> p) {
    return thisCpusObject(p, "raw_cpu_ptr", Kind.ACCEPTED_RACE_UPDATE, cpu -> {});
  }

  /**
   * Disables preemption, then returns the caller's CPU's object of {@code p}, the kernel's {@code
   * get_cpu_ptr}; {@link #put_cpu_ptr} enables preemption again. Interrupts still arrive in between.
   */
  @PerCpuPointer(Access.THIS_CPU)
  @Masks(Masked.PREEMPTION)
  public static <T> T get_cpu_ptr(PerCpuPtr<T> p) {
    return thisCpusObject(p, "get_cpu_ptr", Kind.NON_ATOMIC_UPDATE, cpu -> cpu.hold(CpuState.Hold.PREEMPT));
  }

  /**
   * Ends a {@link #get_cpu_ptr}: enables preemption again (a schedule point, where queued work may
   * run).
   *
   * @throws IllegalStateException if no {@code preempt_disable} of this context is held
   */
  @Unmasks(Masked.PREEMPTION)
  public static <T> void put_cpu_ptr(PerCpuPtr<T> p) {
    Objects.requireNonNull(p, "p");
    Cpu.run(cpu -> cpu.release(CpuState.Hold.PREEMPT, "put_cpu_ptr()"));
  }

  /**
   * CPU {@code cpu}'s object of {@code p}, the kernel's {@code per_cpu_ptr}: another CPU's data,
   * typically read to sum a statistic over the CPUs. Neither masks nor checks anything.
   *
   * @throws IllegalArgumentException if {@code cpu} is not in {@code [0, NR_CPUS)}
   */
  @PerCpuPointer(Access.OTHER_CPU)
  public static <T> T per_cpu_ptr(PerCpuPtr<T> p, int cpu) {
    Objects.requireNonNull(p, "p");
    Cpu.checkCpu(cpu);
    return p.get(cpu);
  }

  /**
   * The caller's CPU's object of {@code p}, after {@code first} (a check, or a mask), recorded by
   * Lockdep as a usage of {@code p}: the field updates that follow are invisible to it.
   */
  private static <T> T thisCpusObject(PerCpuPtr<T> p, String operation, Kind kind, Consumer<CpuState> first) {
    Objects.requireNonNull(p, "p");
    if (Lockdep.enabled) {
      return Cpu.call(
          cpu -> {
            first.accept(cpu);
            Lockdep.record(cpu, p.lockdep, operation, kind);
            return p.get(cpu.id);
          });
    }
    return Cpu.call(
        cpu -> {
          first.accept(cpu);
          return p.get(cpu.id);
        });
  }

  // Each helper tests Lockdep.enabled before it makes the lambda that runs on the CPU, so that
  // with Lockdep disabled an operation runs the very code it ran before Lockdep existed (a lambda
  // capturing one more value can cost an allocation per call): one volatile read is all it adds.

  /** An atomic step on the caller's CPU's slot, then the interrupt window. */
  private static long atomicUpdate(String operation, PerCpuLong v, IntToLongFunction step) {
    Objects.requireNonNull(v, "v");
    if (Lockdep.enabled) {
      return Cpu.call(
          cpu -> {
            Lockdep.record(cpu, v.lockdep, operation, Kind.ATOMIC_UPDATE);
            return stepThenWindow(cpu, step);
          });
    }
    return Cpu.call(cpu -> stepThenWindow(cpu, step));
  }

  private static long stepThenWindow(CpuState cpu, IntToLongFunction step) {
    long result = step.applyAsLong(cpu.id);
    cpu.window();
    return result;
  }

  /** Read, interrupt window, write: the update an interrupt in the window makes is lost. */
  private static long readModifyWrite(
      String operation, boolean checkPreemption, PerCpuLong v, LongUnaryOperator update) {
    Objects.requireNonNull(v, "v");
    if (Lockdep.enabled) {
      return Cpu.call(
          cpu -> {
            checkPreemption(cpu, checkPreemption, operation);
            Lockdep.record(cpu, v.lockdep, operation, kind(checkPreemption));
            return readWindowWrite(cpu, v, update);
          });
    }
    return Cpu.call(
        cpu -> {
          checkPreemption(cpu, checkPreemption, operation);
          return readWindowWrite(cpu, v, update);
        });
  }

  private static long readWindowWrite(CpuState cpu, PerCpuLong v, LongUnaryOperator update) {
    long old = v.get(cpu.id);
    cpu.window();
    long nw = update.applyAsLong(old);
    v.set(cpu.id, nw);
    return nw;
  }

  /** Interrupt window, then the store that usually completes a read-compute-write. */
  private static void nonAtomicWrite(
      String operation, boolean checkPreemption, PerCpuLong v, long x) {
    Objects.requireNonNull(v, "v");
    if (Lockdep.enabled) {
      Cpu.run(
          cpu -> {
            checkPreemption(cpu, checkPreemption, operation);
            Lockdep.record(cpu, v.lockdep, operation, kind(checkPreemption));
            windowThenStore(cpu, v, x);
          });
      return;
    }
    Cpu.run(
        cpu -> {
          checkPreemption(cpu, checkPreemption, operation);
          windowThenStore(cpu, v, x);
        });
  }

  private static void windowThenStore(CpuState cpu, PerCpuLong v, long x) {
    cpu.window();
    v.set(cpu.id, x);
  }

  private static void checkPreemption(CpuState cpu, boolean check, String operation) {
    if (check) {
      cpu.checkPreemptionDisabled(operation);
    }
  }

  /** {@code __this_cpu_*} (checked) are non-atomic updates; {@code raw_cpu_*} accepted races. */
  private static Kind kind(boolean checkedPreemption) {
    return checkedPreemption ? Kind.NON_ATOMIC_UPDATE : Kind.ACCEPTED_RACE_UPDATE;
  }
}

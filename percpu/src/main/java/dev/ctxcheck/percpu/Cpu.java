package dev.ctxcheck.percpu;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The simulated machine: {@link #NR_CPUS} CPUs, which one the caller is on, and the knobs a test
 * uses to script interrupts. This is where the model of "the current CPU" lives; the operations in
 * {@link PerCpu}, {@link Irq}, {@link Bh}, {@link Preempt}, {@link Rcu}, {@link SpinLock}, {@link
 * Guard}, {@link Softirq}, {@link Workqueue}, {@link Kthread} and {@link Nmi} act on it.
 *
 * <h2>The model</h2>
 *
 * <ul>
 *   <li><b>Tasks and CPUs.</b> Every Java thread is a task and runs on a CPU, CPU 0 unless it is
 *       inside {@link #runOn}. A task never moves by itself, only through {@code runOn}, and only
 *       while it could migrate in the kernel (preemptible, not under {@code migrate_disable()}).
 *   <li><b>Execution state, per CPU.</b> A stack of contexts (process at the bottom; softirq,
 *       hardirq and NMI pushed while they interrupt), the preempt and BH-disable counts, whether
 *       irqs are disabled, the spin locks held, and what is pending: hardirqs, a latched NMI,
 *       softirqs and work. {@code preempt_disable}, {@code spin_lock}, {@code
 *       rcu_read_lock_sched} count preemption; {@code local_bh_disable}, {@code spin_lock_bh},
 *       {@code rcu_read_lock_bh} count BH (which also masks preemption); irqs are one flag, as in
 *       the kernel: {@code local_irq_save} returns it in {@link IrqFlags} and {@code
 *       local_irq_restore} puts it back. A release that finds nothing of its own held in the
 *       current context throws {@link IllegalStateException} (the kernel WARNs), and so does a
 *       context that returns with something still held (it is put back first).
 *   <li><b>Interrupts are simulated, never real.</b> An interrupt arrives only when code asks for
 *       it: {@link Irq#raise}, {@link Nmi#raise}, raising a softirq ({@link
 *       Softirq#tasklet_schedule}, {@link Timer#expire}, {@link Softirq#napi_schedule}) or queueing
 *       work. What arrives runs at once if it may run at that point, else it stays pending and runs
 *       at the first later point at which it may: hardirqs when irqs are enabled and the CPU is
 *       not in hardirq or NMI; softirqs in process context with BH and irqs enabled (so on hardirq
 *       exit, at {@code local_bh_enable}, and after {@code local_irq_restore}); work items at a
 *       schedule point (preemptible process code); NMIs always, except that NMIs do not nest.
 *       Everything runs in the calling Java thread, so a run is deterministic.
 *   <li><b>Interrupt windows.</b> A non-atomic per-CPU update ({@code __this_cpu_*}, {@code
 *       raw_cpu_*}) reads its slot, passes an interrupt window, then writes; a {@code write}
 *       passes the window before its store; an atomic update ({@code this_cpu_*}) passes it after
 *       its single step, so nothing can split it. {@link #atNextWindow} arms what arrives in the
 *       next window on the caller's CPU, typically {@code () -> Irq.raise(IRQ)}. The arrival
 *       stands for the hardware, so it should only raise things; what it raises obeys the masks in
 *       force at the window.
 *   <li><b>Java threads.</b> Several threads may share a CPU, as tasks do. A thread that leaves a
 *       CPU non-preemptible keeps it: other threads wanting that CPU wait until it is preemptible
 *       again, so they interleave only where the kernel could preempt, never inside a runtime call.
 *       Scripted arrivals are the deterministic way to interleave; use threads for {@link SpinLock}
 *       exclusion across CPUs.
 * </ul>
 *
 * <p>The per-CPU check of CONFIG_DEBUG_PREEMPT is on unless the system property {@code
 * ctxcheck.percpu.debugPreempt} is {@code false}: a {@code __this_cpu_*} operation in preemptible
 * code without {@code migrate_disable()} throws. The full account is docs/percpu-runtime.md.
 */
public final class Cpu {

  /**
   * Number of simulated CPUs: 4, or the system property {@code ctxcheck.percpu.nrCpus} read once
   * when the class is loaded.
   */
  public static final int NR_CPUS = Integer.getInteger("ctxcheck.percpu.nrCpus", 4);

  /**
   * Whether {@code __this_cpu_*} operations check that preemption is disabled, like the kernel's
   * CONFIG_DEBUG_PREEMPT: true unless the system property {@code ctxcheck.percpu.debugPreempt} is
   * {@code false}.
   */
  public static final boolean DEBUG_PREEMPT =
      !"false".equalsIgnoreCase(System.getProperty("ctxcheck.percpu.debugPreempt"));

  private static final CpuState[] CPUS = boot();

  private static CpuState[] boot() {
    if (NR_CPUS < 1) {
      throw new ExceptionInInitializerError("ctxcheck.percpu.nrCpus must be positive: " + NR_CPUS);
    }
    CpuState[] cpus = new CpuState[NR_CPUS];
    for (int i = 0; i < NR_CPUS; i++) {
      cpus[i] = new CpuState(i);
    }
    return cpus;
  }

  private Cpu() {}

  /**
   * The CPU the caller runs on. The kernel warns when this is called in preemptible code; here a
   * task moves only through {@link #runOn}, like a task pinned to its CPU, so it never does.
   */
  public static int smp_processor_id() {
    return Task.current().cpu;
  }

  /**
   * Runs {@code body} on CPU {@code cpu}, then comes back: the task migrates there and back. The
   * caller must be able to migrate: preemptible on its current CPU and not under {@code
   * migrate_disable()}. The body must leave {@code cpu} as it found it (plain preemptible process
   * code); if it does not, the CPU is put back to that state and {@link IllegalStateException}
   * is thrown, unless the body threw first.
   *
   * @throws IllegalArgumentException if {@code cpu} is not in {@code [0, NR_CPUS)}
   * @throws IllegalStateException if the caller cannot migrate, or the body left {@code cpu}
   *     non-preemptible or returned under {@code migrate_disable()}
   */
  public static void runOn(int cpu, Runnable body) {
    checkCpu(cpu);
    Objects.requireNonNull(body, "body");
    Task task = Task.current();
    Thread me = Thread.currentThread();
    if (CPUS[task.cpu].ownedBy(me)) {
      throw new IllegalStateException(
          "runOn(" + cpu + ") from CPU " + task.cpu + " in non-preemptible code ("
              + CPUS[task.cpu].describe() + "): the task cannot migrate");
    }
    if (task.migrateDisabled > 0) {
      throw new IllegalStateException(
          "runOn(" + cpu + ") from CPU " + task.cpu + " under migrate_disable()");
    }
    int home = task.cpu;
    task.cpu = cpu;
    boolean returned = false;
    try {
      body.run();
      returned = true;
    } finally {
      String left = CPUS[cpu].abandon(me);
      int migrateDisabled = task.migrateDisabled;
      task.migrateDisabled = 0;
      task.cpu = home;
      if (returned && (left != null || migrateDisabled != 0)) {
        throw new IllegalStateException(
            "runOn(" + cpu + ") body returned "
                + (left != null ? "non-preemptible (" + left + ")" : "")
                + (left != null && migrateDisabled != 0 ? " and " : "")
                + (migrateDisabled != 0 ? "under migrate_disable() x" + migrateDisabled : "")
                + "; CPU " + cpu + " was put back to process context");
      }
    }
  }

  /**
   * Arms {@code arrival} to run in the next interrupt window on the caller's CPU (see the class
   * comment): between the read and the write of the next non-atomic per-CPU update, before the
   * store of the next {@code write}, or after the next atomic update. Each window runs at most one
   * armed arrival, in the order they were armed. The arrival stands for the hardware: it should
   * raise an interrupt ({@code () -> Irq.raise(IRQ)}, {@link Nmi#raise}), a softirq ({@code () ->
   * Softirq.tasklet_schedule(fn)}, {@code timer::expire}) or work (which models preemption by
   * another task), and what it raises obeys the masks in force there.
   */
  public static void atNextWindow(Runnable arrival) {
    CPUS[Task.current().cpu].arrivals.add(Objects.requireNonNull(arrival, "arrival"));
  }

  /**
   * Puts the machine back to its boot state: every CPU in process context with nothing masked,
   * held or pending and no arrival armed, no irq or NMI handler registered, and the calling task
   * on CPU 0 with no {@code migrate_disable()} or {@code rcu_read_lock()} in force. Spin locks that
   * a CPU held are released. Meant for tests, between runs, while no other thread uses the
   * runtime.
   */
  public static void reset() {
    for (CpuState cpu : CPUS) {
      cpu.reset();
    }
    Irq.clearHandlers();
    Nmi.clearHandlers();
    Timer.clearPending();
    Task.setCurrent(new Task(0));
  }

  /** The kernel's in_task(): the caller runs in process context. */
  public static boolean in_task() {
    return call(s -> s.context() == CpuState.Context.PROCESS);
  }

  /** The kernel's in_serving_softirq(): the caller runs in softirq context. */
  public static boolean in_serving_softirq() {
    return call(s -> s.context() == CpuState.Context.SOFTIRQ);
  }

  /** The kernel's in_hardirq(): the caller runs in hardirq context. */
  public static boolean in_hardirq() {
    return call(s -> s.context() == CpuState.Context.HARDIRQ);
  }

  /** The kernel's in_nmi(): the caller runs in NMI context. */
  public static boolean in_nmi() {
    return call(s -> s.context() == CpuState.Context.NMI);
  }

  /** The kernel's irqs_disabled(): hardirqs are disabled on the caller's CPU. */
  public static boolean irqs_disabled() {
    return call(CpuState::irqsDisabled);
  }

  /**
   * The kernel's preemptible(): process context with nothing masked (neither preemption, BH nor
   * irqs).
   */
  public static boolean preemptible() {
    return call(CpuState::preemptible);
  }

  // ------------------------------------------------------------------ for the runtime's classes

  /** Runs {@code op} on the caller's CPU, which the caller owns meanwhile (see CpuState). */
  static <T> T call(Function<CpuState, T> op) {
    CpuState cpu = CPUS[Task.current().cpu];
    cpu.acquire();
    boolean returned = false;
    try {
      T result = op.apply(cpu);
      returned = true;
      return result;
    } finally {
      cpu.leave(returned);
    }
  }

  static void run(Consumer<CpuState> op) {
    call(
        cpu -> {
          op.accept(cpu);
          return null;
        });
  }

  static void checkCpu(int cpu) {
    if (cpu < 0 || cpu >= NR_CPUS) {
      throw new IllegalArgumentException("no CPU " + cpu + " (NR_CPUS = " + NR_CPUS + ")");
    }
  }
}

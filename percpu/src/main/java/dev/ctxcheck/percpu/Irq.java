package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.HardirqContext;
import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.Unmasks;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hardirqs: the kernel's {@code local_irq_*} (linux/irqflags.h) and {@code request_irq}, {@code
 * request_threaded_irq} and {@code request_irq} with {@code IRQF_NO_THREAD} (linux/interrupt.h),
 * plus {@link #raise}, the simulated device that raises an irq.
 *
 * <p>Irqs disabled on a CPU is one flag, as in the kernel, not a count: {@link #local_irq_disable}
 * with irqs already disabled throws, because its matching {@link #local_irq_enable} would enable
 * them under the code that had disabled them (use {@link #local_irq_save} where irqs may already
 * be disabled, e.g. in hardirq context, where they always are). Disabling irqs also holds off
 * softirqs and preemption.
 */
public final class Irq {

  /** An {@link IrqHandler}'s answer: the irq was not its device's. */
  public static final int IRQ_NONE = 0;

  /** An {@link IrqHandler}'s answer: the irq was its device's and is handled. */
  public static final int IRQ_HANDLED = 1;

  private static final Map<Integer, IrqHandler> HANDLERS = new ConcurrentHashMap<>();

  private Irq() {}

  /**
   * Disables hardirqs on this CPU and returns the previous state, for {@link #local_irq_restore}.
   * Nests: each save is undone by restoring its own flags, innermost first.
   */
  @Masks(Masked.HARDIRQ)
  public static IrqFlags local_irq_save() {
    return Cpu.call(CpuState::saveIrqs);
  }

  /**
   * Puts back the hardirq state {@code f} saved by {@link #local_irq_save} on this CPU in this
   * context; if that enables irqs, pending hardirqs and softirqs run.
   *
   * @throws IllegalStateException if irqs are enabled (flags restored twice), or {@code f} was
   *     saved on another CPU or in another context
   */
  @Unmasks(Masked.HARDIRQ)
  public static void local_irq_restore(IrqFlags f) {
    Cpu.run(cpu -> cpu.restoreIrqs(f, "local_irq_restore()"));
  }

  /**
   * Disables hardirqs on this CPU.
   *
   * @throws IllegalStateException if they are already disabled (see the class comment)
   */
  @Masks(Masked.HARDIRQ)
  public static void local_irq_disable() {
    Cpu.run(cpu -> cpu.disableIrqs("local_irq_disable()"));
  }

  /**
   * Enables hardirqs on this CPU; pending hardirqs and softirqs run.
   *
   * @throws IllegalStateException if they are enabled, or were disabled by the context (hardirq or
   *     NMI) rather than by the caller
   */
  @Unmasks(Masked.HARDIRQ)
  public static void local_irq_enable() {
    Cpu.run(cpu -> cpu.enableIrqs("local_irq_enable()"));
  }

  /**
   * Registers {@code h} as the handler of {@code irq}, on every CPU. Unlike the kernel's, it does
   * not return an error code: it throws.
   *
   * @throws IllegalStateException if {@code irq} already has a handler
   */
  public static void request_irq(int irq, @HardirqContext IrqHandler h) {
    register(irq, h);
  }

  /**
   * Registers {@code h} as the handler of {@code irq}, the kernel's {@code request_threaded_irq}
   * with the handler as the thread function. Under PREEMPT_RT the handler runs in a thread of its
   * own, preemptibly; on mainline, which this runtime simulates, it is the same as {@link
   * #request_irq}: {@code h} runs in hardirq context with irqs disabled.
   *
   * @throws IllegalStateException if {@code irq} already has a handler
   */
  public static void request_threaded_irq(int irq, @HardirqContext IrqHandler h) {
    register(irq, h);
  }

  /**
   * Registers {@code h} as the handler of {@code irq} with the kernel's {@code IRQF_NO_THREAD}: it
   * runs in hard interrupt context under PREEMPT_RT too, where other handlers are threads. On
   * mainline the same as {@link #request_irq}.
   *
   * @throws IllegalStateException if {@code irq} already has a handler
   */
  public static void request_irq_nothread(int irq, @HardirqContext(noThread = true) IrqHandler h) {
    register(irq, h);
  }

  private static void register(int irq, IrqHandler h) {
    Objects.requireNonNull(h, "h");
    if (HANDLERS.putIfAbsent(irq, h) != null) {
      throw new IllegalStateException("irq " + irq + " is already requested");
    }
  }

  /**
   * A device raises {@code irq} on the caller's CPU. Its handler runs at once in hardirq context
   * if this CPU has irqs enabled and is not in hardirq or NMI context; otherwise the irq stays
   * pending and is delivered as soon as that holds (a line raised again while pending is delivered
   * once, as an interrupt controller latches it). On the handler's return, pending softirqs run
   * unless BH or irqs are disabled in the interrupted code or it was a softirq.
   *
   * @throws IllegalArgumentException if no handler was requested for {@code irq}
   */
  public static void raise(int irq) {
    if (!HANDLERS.containsKey(irq)) {
      throw new IllegalArgumentException("irq " + irq + " raised, but no handler was requested");
    }
    Cpu.run(cpu -> cpu.raiseIrq(irq));
  }

  /**
   * The irq lines that have a handler, in ascending order, as /proc/interrupts lists them: what a
   * test raises to run every registered handler.
   */
  public static SortedSet<Integer> requested() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(HANDLERS.keySet()));
  }

  static IrqHandler handler(int irq) {
    return HANDLERS.get(irq);
  }

  static void clearHandlers() {
    HANDLERS.clear();
  }
}

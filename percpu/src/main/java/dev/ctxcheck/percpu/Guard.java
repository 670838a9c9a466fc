package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.AcquiresLock;
import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.PreemptRt;
import dev.ctxcheck.annotations.UnmasksScope;
import java.util.Locale;

/**
 * A scope that holds a mask until it is closed, the kernel's {@code guard()} and {@code
 * scoped_guard()} (linux/cleanup.h), for try-with-resources:
 *
 * <pre>{@code
 * try (Guard g = Guard.bh()) {
 *   __this_cpu_inc(stat);   // softirqs held off here
 * }                         // and run, if pending, here
 * }</pre>
 *
 * <p>Each factory takes what the primitive of the same name takes, and {@link #close()} releases
 * exactly that: the mask, and the lock of the lock guards (which carry {@link AcquiresLock} for
 * ctxcheck, released by the {@link UnmasksScope} {@code close()}). A guard is closed once: a
 * second {@code close()} throws {@link IllegalStateException}, because it would release a mask
 * the guard no longer holds, like a double unlock.
 *
 * <p>javac's {@code -Xlint:try} warns that the resource variable is never referenced in the body;
 * for a guard that is the point, and {@code @SuppressWarnings("try")} silences it.
 */
public final class Guard implements AutoCloseable {

  private enum Kind {
    IRQSAVE,
    IRQ,
    BH,
    PREEMPT,
    SPINLOCK,
    SPINLOCK_BH,
    SPINLOCK_IRQSAVE,
    LOCALLOCK,
    LOCALLOCK_IRQSAVE,
    LOCALLOCK_NESTED_BH
  }

  private final Kind kind;
  private final SpinLock lock;
  private final LocalLock localLock;
  private final IrqFlags flags;
  private boolean closed;

  private Guard(Kind kind, SpinLock lock, IrqFlags flags) {
    this(kind, lock, null, flags);
  }

  private Guard(Kind kind, SpinLock lock, LocalLock localLock, IrqFlags flags) {
    this.kind = kind;
    this.lock = lock;
    this.localLock = localLock;
    this.flags = flags;
  }

  /** {@code guard(irqsave)()}: {@link Irq#local_irq_save} now, its restore on close. */
  @Masks(Masked.HARDIRQ)
  public static Guard irqsave() {
    return new Guard(Kind.IRQSAVE, null, Irq.local_irq_save());
  }

  /** {@code guard(irq)()}: {@link Irq#local_irq_disable} now, {@code local_irq_enable} on close. */
  @Masks(Masked.HARDIRQ)
  public static Guard irq() {
    Irq.local_irq_disable();
    return new Guard(Kind.IRQ, null, null);
  }

  /** {@code guard(bh)()}: {@link Bh#local_bh_disable} now, {@code local_bh_enable} on close. */
  @Masks(Masked.SOFTIRQ)
  public static Guard bh() {
    Bh.local_bh_disable();
    return new Guard(Kind.BH, null, null);
  }

  /**
   * {@code guard(preempt)()}: {@link Preempt#preempt_disable} now, {@code preempt_enable} on close.
   */
  @Masks(Masked.PREEMPTION)
  public static Guard preempt() {
    Preempt.preempt_disable();
    return new Guard(Kind.PREEMPT, null, null);
  }

  /** {@code guard(spinlock)(&l)}: {@link SpinLock#spin_lock} now, {@code spin_unlock} on close. */
  @Masks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static Guard spinlock(SpinLock l) {
    SpinLock.spin_lock(l);
    return new Guard(Kind.SPINLOCK, l, null);
  }

  /**
   * {@code guard(spinlock_bh)(&l)}: {@link SpinLock#spin_lock_bh} now, {@code spin_unlock_bh} on
   * close.
   */
  @Masks(value = Masked.SOFTIRQ, preemptRt = PreemptRt.SOFTIRQ_PROCESSING)
  @AcquiresLock
  public static Guard spinlock_bh(SpinLock l) {
    SpinLock.spin_lock_bh(l);
    return new Guard(Kind.SPINLOCK_BH, l, null);
  }

  /**
   * {@code guard(spinlock_irqsave)(&l)}: {@link SpinLock#spin_lock_irqsave} now, {@code
   * spin_unlock_irqrestore} with the saved flags on close.
   */
  @Masks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static Guard spinlock_irqsave(SpinLock l) {
    return new Guard(Kind.SPINLOCK_IRQSAVE, l, SpinLock.spin_lock_irqsave(l));
  }

  /**
   * {@code guard(local_lock)(&l)}: {@link LocalLock#local_lock} now, {@code local_unlock} on close.
   */
  @Masks(value = Masked.PREEMPTION, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static Guard locallock(LocalLock l) {
    LocalLock.local_lock(l);
    return new Guard(Kind.LOCALLOCK, null, l, null);
  }

  /**
   * {@code guard(local_lock_irqsave)(&l)}: {@link LocalLock#local_lock_irqsave} now, {@code
   * local_unlock_irqrestore} with the saved flags on close.
   */
  @Masks(value = Masked.HARDIRQ, preemptRt = PreemptRt.NOTHING)
  @AcquiresLock
  public static Guard locallock_irqsave(LocalLock l) {
    return new Guard(Kind.LOCALLOCK_IRQSAVE, null, l, LocalLock.local_lock_irqsave(l));
  }

  /**
   * {@code guard(local_lock_nested_bh)(&l)}: {@link LocalLock#local_lock_nested_bh} now (which
   * masks nothing and asserts that BH is already disabled), {@code local_unlock_nested_bh} on
   * close.
   */
  @AcquiresLock
  public static Guard locallock_nested_bh(LocalLock l) {
    LocalLock.local_lock_nested_bh(l);
    return new Guard(Kind.LOCALLOCK_NESTED_BH, null, l, null);
  }

  /**
   * Releases what the factory took; what it held off and is pending then runs.
   *
   * @throws IllegalStateException if the guard is already closed, or what it took cannot be
   *     released here (another CPU or context)
   */
  @UnmasksScope
  @Override
  public void close() {
    if (closed) {
      throw new IllegalStateException("Guard." + name() + "() closed twice");
    }
    closed = true;
    switch (kind) {
      case IRQSAVE:
        Irq.local_irq_restore(flags);
        break;
      case IRQ:
        Irq.local_irq_enable();
        break;
      case BH:
        Bh.local_bh_enable();
        break;
      case PREEMPT:
        Preempt.preempt_enable();
        break;
      case SPINLOCK:
        SpinLock.spin_unlock(lock);
        break;
      case SPINLOCK_BH:
        SpinLock.spin_unlock_bh(lock);
        break;
      case SPINLOCK_IRQSAVE:
        SpinLock.spin_unlock_irqrestore(lock, flags);
        break;
      case LOCALLOCK:
        LocalLock.local_unlock(localLock);
        break;
      case LOCALLOCK_IRQSAVE:
        LocalLock.local_unlock_irqrestore(localLock, flags);
        break;
      case LOCALLOCK_NESTED_BH:
        LocalLock.local_unlock_nested_bh(localLock);
        break;
    }
  }

  private String name() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "Guard." + name() + "()" + (closed ? " (closed)" : "");
  }
}

package dev.ctxcheck.percpu;

/**
 * Saved interrupt state, the kernel's {@code unsigned long flags} of {@code local_irq_save(flags)}
 * and {@code spin_lock_irqsave(lock, flags)}: opaque, handed back to {@link
 * Irq#local_irq_restore} or {@link SpinLock#spin_unlock_irqrestore} on the same CPU, in the same
 * context.
 */
public final class IrqFlags {

  final int cpu;
  final CpuState.Frame frame;
  final boolean irqsDisabled;

  IrqFlags(int cpu, CpuState.Frame frame, boolean irqsDisabled) {
    this.cpu = cpu;
    this.frame = frame;
    this.irqsDisabled = irqsDisabled;
  }

  @Override
  public String toString() {
    return "IrqFlags[CPU " + cpu + ", irqs " + (irqsDisabled ? "disabled" : "enabled") + "]";
  }
}

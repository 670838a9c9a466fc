package two_hardirq;

import dev.ctxcheck.percpu.PerCpuLong;

/** include/linux/irqdesc.h: one descriptor per interrupt line, with its per-CPU count. */
final class IrqDesc {
  final int irq;
  final PerCpuLong kstat_irqs = new PerCpuLong();

  IrqDesc(int irq) {
    this.irq = irq;
  }
}

package two_hardirq;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;

/** Two interrupt handlers: a NIC's and the local timer's, each accounting its interrupt. */
final class Drivers {
  static final IrqDesc e1000_desc = new IrqDesc(19);
  static final IrqDesc timer_desc = new IrqDesc(0);
  /** arch/x86 irq_stat.apic_timer_irqs-style counter, bumped by both handlers below. */
  static final PerCpuLong irq_spurious_count = new PerCpuLong();

  static void e1000_request_irq() {
    Irq.request_irq(e1000_desc.irq, irq -> e1000_intr(irq));
  }

  static void timer_init() {
    Irq.request_irq(timer_desc.irq, Drivers::timer_interrupt);
  }

  static int e1000_intr(int irq) {
    Kstat.kstat_incr_irqs_this_cpu(e1000_desc);
    if (irq != e1000_desc.irq) {
      __this_cpu_inc(irq_spurious_count);
      return Irq.IRQ_NONE;
    }
    return Irq.IRQ_HANDLED;
  }

  static int timer_interrupt(int irq) {
    Kstat.kstat_incr_irqs_this_cpu(timer_desc);
    if (irq != timer_desc.irq) {
      __this_cpu_inc(irq_spurious_count);
      return Irq.IRQ_NONE;
    }
    return Irq.IRQ_HANDLED;
  }
}

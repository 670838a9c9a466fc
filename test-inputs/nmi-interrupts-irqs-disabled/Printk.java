package nmi_irqsave;

import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_sub;

import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.Unmasks;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.Nmi;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * kernel/printk/printk_safe.c: printk_context is a per-CPU nesting count raised with interrupts
 * disabled (printk_safe_enter_irqsave) and also by printk_nmi_enter() from NMI context. The
 * kernel uses this_cpu_inc there: disabling interrupts does not hold off an NMI, so with the
 * non-atomic op the NMI's update can be lost, in process and in hardirq context alike. The
 * enter/exit helpers return with interrupts masked/unmasked on purpose and are declared so; the
 * mask they leave carries into their callers (printk_pending, hardirq data, is safe there).
 */
final class Printk {
  static final long PRINTK_NMI_CONTEXT_OFFSET = 0x100;
  static final PerCpuLong printk_context = new PerCpuLong();
  static final PerCpuLong printk_pending = new PerCpuLong();

  static void printk_init() {
    Nmi.register_nmi_handler(() -> nmi_handle());
    Irq.request_irq(19, Printk::e1000_intr);
  }

  static int nmi_handle() {
    printk_nmi_enter();
    printk_nmi_exit();
    return Nmi.NMI_HANDLED;
  }

  static void printk_nmi_enter() {
    this_cpu_add(printk_context, PRINTK_NMI_CONTEXT_OFFSET);
  }

  static void printk_nmi_exit() {
    this_cpu_sub(printk_context, PRINTK_NMI_CONTEXT_OFFSET);
  }

  @Masks(Masked.HARDIRQ)
  static IrqFlags printk_safe_enter_irqsave() {
    IrqFlags flags = local_irq_save();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(printk_context) can lose updates: reached in PROCESS with hardirqs masked (devkmsg_write -> vprintk_emit -> printk_safe_enter_irqsave [local_irq_save]) and in HARDIRQ (e1000_intr -> vprintk_emit -> printk_safe_enter_irqsave [local_irq_save]) and updated in NMI by this_cpu_add(printk_context, PRINTK_NMI_CONTEXT_OFFSET) at Printk.java:46 (lambda@Printk.java:35 -> nmi_handle -> printk_nmi_enter), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(printk_context);
    return flags;
  }

  @Unmasks(Masked.HARDIRQ)
  static void printk_safe_exit_irqrestore(IrqFlags flags) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_dec(printk_context) can lose updates: reached in PROCESS with hardirqs masked (devkmsg_write -> vprintk_emit [printk_safe_enter_irqsave] -> printk_safe_exit_irqrestore) and in HARDIRQ (e1000_intr -> vprintk_emit [printk_safe_enter_irqsave] -> printk_safe_exit_irqrestore) and updated in NMI
    __this_cpu_dec(printk_context);
    local_irq_restore(flags);
  }

  static int vprintk_emit(String fmt) {
    IrqFlags flags = printk_safe_enter_irqsave();
    __this_cpu_inc(printk_pending); // hardirqs masked by the declared helper
    printk_safe_exit_irqrestore(flags);
    return fmt.length();
  }

  /** write(2) on /dev/kmsg. */
  @ProcessContext
  static long devkmsg_write(String msg) {
    return vprintk_emit(msg);
  }

  /** A driver that logs from its interrupt handler; wake_up_klogd's irq_work clears the flag. */
  static int e1000_intr(int irq) {
    vprintk_emit("e1000: link up");
    __this_cpu_dec(printk_pending);
    return Irq.IRQ_HANDLED;
  }
}

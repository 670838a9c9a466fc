package hardirq_only;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc_return;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_read;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;

/**
 * arch/x86/kernel/irq.c and smp.c: the IPI statistics (irq_stat.irq_call_count,
 * irq_resched_count) and the hardirq stack nesting count are written only by interrupt handlers.
 * Handlers run with interrupts disabled and do not nest (kernel-cases N2), so the "__" ops are
 * correct. Other contexts only read: a softirq with this_cpu_read, /proc/interrupts with a sum,
 * and a preemptible debug path with __this_cpu_read, which is a read and never reported.
 */
final class IrqStat {
  static final int CALL_FUNCTION_VECTOR = 251;
  static final int RESCHEDULE_VECTOR = 253;

  static final PerCpuLong irq_call_count = new PerCpuLong();
  static final PerCpuLong irq_resched_count = new PerCpuLong();
  static final PerCpuLong hardirq_stack_inuse = new PerCpuLong();

  static void smp_intr_init() {
    Irq.request_irq(CALL_FUNCTION_VECTOR, IrqStat::sysvec_call_function);
    Irq.request_irq(RESCHEDULE_VECTOR, IrqStat::sysvec_reschedule_ipi);
    Softirq.tasklet_schedule(IrqStat::rcu_core_report);
  }

  static int sysvec_call_function(int irq) {
    irq_enter_stack();
    __this_cpu_inc(irq_call_count);
    irq_exit_stack();
    return Irq.IRQ_HANDLED;
  }

  static int sysvec_reschedule_ipi(int irq) {
    irq_enter_stack();
    __this_cpu_add(irq_resched_count, 1);
    irq_exit_stack();
    return Irq.IRQ_HANDLED;
  }

  /** Shared by both handlers: a balanced nesting count, hardirq-only. */
  static void irq_enter_stack() {
    if (__this_cpu_inc_return(hardirq_stack_inuse) > 1) {
      throw new IllegalStateException("hardirqs do not nest");
    }
  }

  static void irq_exit_stack() {
    __this_cpu_dec(hardirq_stack_inuse);
  }

  /** A softirq that only reads the counts. */
  static void rcu_core_report() {
    if (this_cpu_read(irq_call_count) > this_cpu_read(irq_resched_count)) {
      return;
    }
  }

  /** /proc/interrupts. */
  @ProcessContext
  static long arch_show_interrupts() {
    return per_cpu_sum(irq_call_count) + per_cpu_sum(irq_resched_count);
  }

  /** A preemptible debug read: __this_cpu_read is not an update. */
  @ProcessContext
  static long debug_irq_stack_show() {
    return __this_cpu_read(hardirq_stack_inuse);
  }
}

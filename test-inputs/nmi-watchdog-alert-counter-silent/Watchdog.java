package nmi_watchdog;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc_return;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_write;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_write;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.Nmi;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * The NMI watchdog (arch/x86 nmi_watchdog_tick, c1955b5f3a95; later kernel/watchdog_hld.c):
 * alert_counter and last_irq_sum are written only in the NMI handler, which nothing interrupts
 * (NMIs do not nest), so __this_cpu_inc_return(alert_counter) is correct (kernel-cases N2).
 * hrtimer_interrupts is written only by the watchdog hrtimer, in hardirq context, and only read by
 * the NMI. touch_nmi_watchdog() writes the touch flag from any context with raw_cpu_write, an
 * accepted race, not reported by default; the NMI clears it, and nothing interrupts an NMI.
 */
final class Watchdog {
  static final long NMI_HZ = 1;
  static final int WATCHDOG_TIMER_IRQ = 236;

  static final PerCpuLong alert_counter = new PerCpuLong();
  static final PerCpuLong last_irq_sum = new PerCpuLong();
  static final PerCpuLong hrtimer_interrupts = new PerCpuLong();
  static final PerCpuLong watchdog_nmi_touch = new PerCpuLong();

  static void lockup_detector_init() {
    Nmi.register_nmi_handler(() -> nmi_watchdog_tick());
    Irq.request_irq(WATCHDOG_TIMER_IRQ, Watchdog::watchdog_timer_fn);
  }

  static int nmi_watchdog_tick() {
    if (__this_cpu_read(watchdog_nmi_touch) != 0) {
      __this_cpu_write(watchdog_nmi_touch, 0);
      __this_cpu_write(alert_counter, 0);
      return Nmi.NMI_HANDLED;
    }
    long sum = __this_cpu_read(hrtimer_interrupts);
    if (__this_cpu_read(last_irq_sum) == sum) {
      if (__this_cpu_inc_return(alert_counter) == 5 * NMI_HZ) {
        die_nmi("NMI Watchdog detected LOCKUP");
      }
    } else {
      __this_cpu_write(last_irq_sum, sum);
      __this_cpu_write(alert_counter, 0);
    }
    return Nmi.NMI_HANDLED;
  }

  static int watchdog_timer_fn(int irq) {
    __this_cpu_inc(hrtimer_interrupts);
    return Irq.IRQ_HANDLED;
  }

  /** Called from long-running loops in process context (and elsewhere). */
  @ProcessContext
  static void touch_nmi_watchdog() {
    raw_cpu_write(watchdog_nmi_touch, 1);
  }

  static void die_nmi(String msg) {}
}

package cb_class;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_write;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_write;

import dev.ctxcheck.percpu.Nmi;
import dev.ctxcheck.percpu.NmiHandler;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * kernel/events/core.c: perf_throttled_count is bumped from the PMU overflow NMI when an event
 * is throttled, and read-and-cleared by the scheduler tick in hardirq context. Here the tick does
 * it as a separate read and write (an NMI arriving in between is lost): the NMI interrupts the
 * hardirq. The NMI handler is a named class registered with new; the tick handler, in Tick.java,
 * is an anonymous class.
 */
final class Perf {
  static final PerCpuLong perf_throttled_count = new PerCpuLong();
  static final PerCpuLong perf_nmi_count = new PerCpuLong();

  /** arch/x86/events/core.c perf_event_nmi_handler. */
  static final class PerfEventNmiHandler implements NmiHandler {
    @Override
    public int handle() {
      __this_cpu_inc(perf_nmi_count); // NMI-only data: NMIs do not nest
      return perf_event_overflow(1) ? Nmi.NMI_HANDLED : Nmi.NMI_DONE;
    }
  }

  static void init_hw_perf_events() {
    Nmi.register_nmi_handler(new PerfEventNmiHandler());
  }

  static boolean perf_event_overflow(int throttle) {
    return __perf_event_account_interrupt(throttle);
  }

  static boolean __perf_event_account_interrupt(int throttle) {
    if (throttle != 0) {
      __this_cpu_inc(perf_throttled_count);
      return true;
    }
    return false;
  }

  /** Called from the tick, in hardirq context. */
  static void perf_event_task_tick() {
    long throttled = __this_cpu_read(perf_throttled_count);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_write(perf_throttled_count, 0) can lose updates: reached in HARDIRQ (handle -> tick_handle_periodic -> update_process_times -> perf_event_task_tick) and updated in NMI by __this_cpu_inc(perf_throttled_count) at Perf.java:43 (handle -> perf_event_overflow -> __perf_event_account_interrupt), which can interrupt it; use this_cpu_write
    __this_cpu_write(perf_throttled_count, 0);
    if (throttled != 0) {
      perf_adjust_freq_unthr_context();
    }
  }

  static void perf_adjust_freq_unthr_context() {}
}

package inherited;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * kernel/time/tick-common.c tick_handle_periodic, and kernel/time/hrtimer.c hrtimer_interrupt
 * (through an abstract base, so the annotation is inherited over two levels). Both count their
 * interrupts with __this_cpu_inc, which is fine in hardirq context: only an NMI could interrupt it.
 */
final class Tick {
  static final PerCpuLong apic_timer_irqs = new PerCpuLong();
  static final PerCpuLong hrtimer_nr_events = new PerCpuLong();

  static final class TickHandlePeriodic implements ClockEventHandler {
    @Override
    public void event_handler(int cpu) {
      tick_periodic(cpu);
    }
  }

  abstract static class HrtimerBase implements ClockEventHandler {
    abstract void hrtimer_run_queues();
  }

  static final class HrtimerInterrupt extends HrtimerBase {
    @Override
    public void event_handler(int cpu) {
      __this_cpu_inc(hrtimer_nr_events);
      hrtimer_run_queues();
    }

    @Override
    void hrtimer_run_queues() {}
  }

  static void tick_periodic(int cpu) {
    __this_cpu_inc(apic_timer_irqs);
  }
}

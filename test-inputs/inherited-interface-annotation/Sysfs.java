package inherited;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_write;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_write;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;

/**
 * A debugfs "reset" file that clears this CPU's timer statistics from process context with only
 * preemption disabled: the timer interrupt, which updates them, can split the write from the
 * increment it overwrites (the shape of c3cc39118c36).
 */
final class Sysfs {
  @ProcessContext
  static long reset_stats_store(long count) {
    preempt_disable();
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_write(Tick.apic_timer_irqs, 0) can lose updates: reached in PROCESS with preemption disabled (reset_stats_store [preempt_disable]) and updated in HARDIRQ by __this_cpu_inc(apic_timer_irqs) at Tick.java:39 (event_handler -> tick_periodic), which can interrupt it; use this_cpu_write
    __this_cpu_write(Tick.apic_timer_irqs, 0);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_write(Tick.hrtimer_nr_events, 0) can lose updates: reached in PROCESS with preemption disabled (reset_stats_store [preempt_disable]) and updated in HARDIRQ by __this_cpu_inc(hrtimer_nr_events) at Tick.java:30 (event_handler), which can interrupt it; use this_cpu_write
    __this_cpu_write(Tick.hrtimer_nr_events, 0);
    preempt_enable();
    return count;
  }
}

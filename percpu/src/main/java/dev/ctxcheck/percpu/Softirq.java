package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.SoftirqContext;
import java.util.Objects;

/**
 * Softirq work: the kernel's {@code tasklet_schedule} (linux/interrupt.h), {@code timer_setup}
 * (linux/timer.h) and {@code napi_schedule} (linux/netdevice.h), on the caller's CPU. What they
 * raise runs in softirq context at once if softirqs may run at that point (process context with
 * BH and irqs enabled), else at the first point they may: on hardirq exit, at the {@code
 * local_bh_enable} (or {@code local_irq_restore}) that unmasks them, or, raised in softirq
 * context, after the running softirq. Pending softirqs run in the order raised; see {@link Cpu}.
 */
public final class Softirq {

  /** The budget a {@link NapiPoll} is polled with, the kernel's NAPI_POLL_WEIGHT. */
  public static final int NAPI_POLL_WEIGHT = 64;

  private Softirq() {}

  /**
   * Schedules {@code fn} to run once in softirq context (TASKLET_SOFTIRQ). Unlike a kernel
   * tasklet, which runs once however often it is scheduled before it runs, every call schedules
   * one run.
   */
  public static void tasklet_schedule(@SoftirqContext Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    Cpu.run(cpu -> cpu.raiseSoftirq(fn));
  }

  /**
   * Gives {@code t} its callback, which runs in softirq context (TIMER_SOFTIRQ) each time the timer
   * expires ({@link Timer#expire}). Does not start the timer.
   */
  public static void timer_setup(Timer t, @SoftirqContext Runnable fn) {
    Objects.requireNonNull(t, "t").setup(Objects.requireNonNull(fn, "fn"));
  }

  /**
   * Schedules {@code poll} to be polled once in softirq context (NET_RX_SOFTIRQ) with budget
   * {@link #NAPI_POLL_WEIGHT}; a driver with more to do schedules it again.
   */
  public static void napi_schedule(@SoftirqContext NapiPoll poll) {
    Objects.requireNonNull(poll, "poll");
    Cpu.run(cpu -> cpu.raiseSoftirq(() -> poll.poll(NAPI_POLL_WEIGHT)));
  }
}

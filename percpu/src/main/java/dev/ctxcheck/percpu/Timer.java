package dev.ctxcheck.percpu;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A timer, the kernel's {@code struct timer_list}: {@link Softirq#timer_setup} gives it its
 * callback, and the callback runs in softirq context (TIMER_SOFTIRQ) when the timer expires. Time
 * is not simulated: a test says when the timer expires by calling {@link #expire()}.
 */
public final class Timer {

  /** Timers that have expired and whose callback has not run yet; emptied by Cpu.reset(). */
  private static final Set<Timer> PENDING = ConcurrentHashMap.newKeySet();

  private volatile Runnable callback;

  /** A timer without a callback yet. */
  public Timer() {}

  void setup(Runnable fn) {
    callback = fn;
  }

  /**
   * The timer's expiry time has come on the caller's CPU: its callback is raised as a softirq and
   * runs at once if softirqs may run here, else at the first point they may (see {@link Cpu}). A
   * timer that has expired and not yet run is not queued again, as a kernel timer is pending once.
   *
   * @throws IllegalStateException if {@link Softirq#timer_setup} was not called for this timer
   */
  public void expire() {
    Runnable fn = callback;
    if (fn == null) {
      throw new IllegalStateException("timer expired before timer_setup()");
    }
    Cpu.run(
        cpu -> {
          if (PENDING.add(this)) {
            cpu.raiseSoftirq(
                () -> {
                  PENDING.remove(this);
                  fn.run();
                });
          }
        });
  }

  static void clearPending() {
    PENDING.clear();
  }
}

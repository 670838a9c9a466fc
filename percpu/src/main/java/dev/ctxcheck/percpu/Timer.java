package dev.ctxcheck.percpu;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
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

  /** Timers given a callback since the last Cpu.reset(), in that order; they may be collected. */
  private static final List<WeakReference<Timer>> SET_UP = new ArrayList<>(); // guarded by itself

  private volatile Runnable callback;

  /** A timer without a callback yet. */
  public Timer() {}

  void setup(Runnable fn) {
    callback = fn;
    synchronized (SET_UP) {
      SET_UP.removeIf(t -> t.get() == null);
      if (SET_UP.stream().noneMatch(t -> t.get() == this)) {
        SET_UP.add(new WeakReference<>(this));
      }
    }
  }

  /**
   * Every timer given a callback by {@link Softirq#timer_setup} since the last {@link Cpu#reset()}
   * expires now on the caller's CPU, in the order they were set up, as if time jumped past all of
   * their expiry times: each callback is raised as a softirq (see {@link #expire()}).
   */
  public static void expireAll() {
    List<Timer> timers = new ArrayList<>();
    synchronized (SET_UP) {
      for (WeakReference<Timer> t : SET_UP) {
        Timer timer = t.get();
        if (timer != null) {
          timers.add(timer);
        }
      }
    }
    for (Timer timer : timers) {
      timer.expire();
    }
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

  /** For Cpu.reset(): nothing pending, and no timer set up as far as {@link #expireAll} knows. */
  static void clearPending() {
    PENDING.clear();
    synchronized (SET_UP) {
      SET_UP.clear();
    }
  }
}

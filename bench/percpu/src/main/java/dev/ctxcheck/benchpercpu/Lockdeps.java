package dev.ctxcheck.benchpercpu;

import dev.ctxcheck.percpu.Cpu;
import dev.ctxcheck.percpu.Lockdep;
import dev.ctxcheck.percpu.Preempt;

/** The two configurations every benchmark runs in, and the state both start from. */
final class Lockdeps {
  static final String DISABLED = "disabled";
  static final String ENABLED = "enabled";

  private Lockdeps() {}

  /**
   * Boot state, Lockdep as asked, and preemption disabled for the benchmark thread, which the
   * {@code __this_cpu_*} operations need (CONFIG_DEBUG_PREEMPT) and which keeps the thread on its
   * simulated CPU. "disabled" does not touch Lockdep at all: it is off unless {@code
   * ctxcheck.lockdep} is set, and a runtime built before Lockdep existed runs these benchmarks
   * too (bench/percpu/run --baseline).
   */
  static void boot(String lockdep) {
    Cpu.reset();
    if (lockdep.equals(ENABLED)) {
      Lockdep.clear();
      Lockdep.enable();
    } else if (!lockdep.equals(DISABLED)) {
      throw new IllegalArgumentException("lockdep: " + lockdep);
    }
    Preempt.preempt_disable();
  }

  static void shutdown(String lockdep) {
    Preempt.preempt_enable();
    if (lockdep.equals(ENABLED)) {
      Lockdep.disable();
      Lockdep.clear();
    }
  }
}

package dev.ctxcheck.lsp;

/** Small programs for the protocol tests: a per-CPU counter written from three files. */
final class Sources {

  private Sources() {}

  /** The counter and its non-atomic update, reached from the entry points in the other files. */
  static final String STATS = """
      package net;

      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

      import dev.ctxcheck.percpu.PerCpuLong;

      final class Stats {
        static final PerCpuLong RX = new PerCpuLong();

        static void bump() {
          __this_cpu_inc(RX);
        }
      }
      """;

  /** A system call that bumps the counter with preemption disabled. */
  static final String SYSCALL = """
      package net;

      import dev.ctxcheck.annotations.ProcessContext;
      import dev.ctxcheck.percpu.Preempt;

      final class Syscall {
        @ProcessContext
        static void recv() {
          Preempt.preempt_disable();
          Stats.bump();
          Preempt.preempt_enable();
        }
      }
      """;

  /** A softirq handler that bumps the counter too. */
  static final String SOFTIRQ = """
      package net;

      import dev.ctxcheck.annotations.SoftirqContext;

      final class Rx {
        @SoftirqContext
        static void net_rx_action() {
          Stats.bump();
        }
      }
      """;

  /** The same handler, no longer an entry point. */
  static final String SOFTIRQ_UNANNOTATED = SOFTIRQ.replace("@SoftirqContext\n  ", "");
}

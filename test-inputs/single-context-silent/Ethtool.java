package single_context;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_write;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * Process-context users: ethtool reads the softirq counters with a sum over CPUs (a read, never
 * reported) and keeps its own per-CPU generation count, written only here, in process context with
 * preemption disabled. No interrupt context writes it, so the non-atomic write is safe.
 */
final class Ethtool {
  static final PerCpuLong stats_generation = new PerCpuLong();

  @ProcessContext
  static long ethtool_get_stats(long gen) {
    preempt_disable();
    __this_cpu_write(stats_generation, gen);
    preempt_enable();
    return per_cpu_sum(Usbnet.rx_packets) + per_cpu_sum(Usbnet.rx_bytes);
  }

  /** Never reached from any entry point: no context, so nothing to report. */
  static void ethtool_reset_unused() {
    __this_cpu_write(Usbnet.rx_packets, 0);
  }
}

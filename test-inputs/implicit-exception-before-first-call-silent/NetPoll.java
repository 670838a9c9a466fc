package net;

import static dev.ctxcheck.percpu.Bh.*;
import static dev.ctxcheck.percpu.PerCpu.*;

import dev.ctxcheck.annotations.*;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * Exceptions the language throws in a try that makes no call: unboxing a null budget, and loading
 * the enum a switch tests. Each catch clause is reached only through them, with softirqs still
 * masked, so its update cannot be interrupted by the softirq that also counts: nothing to report.
 * (An analysis that missed those exceptions would take the catch clauses for unreached code running
 * with nothing masked, and report both updates.)
 */
final class NetPoll {
  static final PerCpuLong bad_budget = new PerCpuLong();
  static final PerCpuLong bad_kind = new PerCpuLong();
  static int quota;

  enum Kind { RX, TX }

  @ProcessContext
  static void netpoll_set_budget(Integer budget) {
    local_bh_disable();
    try {
      quota = budget;
    } catch (NullPointerException e) {
      __this_cpu_inc(bad_budget);
    }
    local_bh_enable();
  }

  @ProcessContext
  static void netpoll_set_kind(Kind kind) {
    local_bh_disable();
    try {
      switch (kind) {
        case RX:
          quota = 1;
          break;
        default:
          quota = 2;
      }
    } catch (Throwable t) {
      __this_cpu_inc(bad_kind);
    }
    local_bh_enable();
  }

  @SoftirqContext
  static void net_rx_action() {
    this_cpu_inc(bad_budget);
    this_cpu_inc(bad_kind);
  }
}

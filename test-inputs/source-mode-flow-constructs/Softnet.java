package sm_flow;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.SoftirqContext;
import dev.ctxcheck.percpu.Guard;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * Source mode builds its own flow graphs; this scenario holds every kind of control flow the mask
 * analysis follows, so that both engines must agree on the masks at each update: finally on
 * return, break and continue (labelled too), exceptions into catch blocks, old and arrow switches,
 * do/while, conditional expressions, and guards closed in reverse order.
 */
final class Softnet {
  static final PerCpuLong processed = new PerCpuLong();
  static final PerCpuLong dropped = new PerCpuLong();
  static final PerCpuLong squeezed = new PerCpuLong();
  static final PerCpuLong retries = new PerCpuLong();
  static final PerCpuLong polls = new PerCpuLong();
  static final PerCpuLong errors = new PerCpuLong();
  static final SpinLock lock = new SpinLock();

  /** The NET_RX softirq updates every counter, so process-context updates race unless BH is masked. */
  @SoftirqContext
  static void net_rx_action() {
    __this_cpu_inc(processed);
    __this_cpu_inc(dropped);
    __this_cpu_inc(squeezed);
    __this_cpu_inc(retries);
    __this_cpu_inc(polls);
    __this_cpu_inc(errors);
  }

  /** finally runs on the early return: the update after the loop is reached with BH enabled. */
  @ProcessContext
  static int process_backlog(int[] queue) {
    local_bh_disable();
    try {
      for (int q : queue) {
        if (q < 0) {
          return -1;
        }
        __this_cpu_inc(processed);
      }
    } finally {
      local_bh_enable();
    }
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(dropped) can lose updates: reached in PROCESS (process_backlog) and updated in SOFTIRQ by __this_cpu_inc(dropped) at Softnet.java:37 (net_rx_action), which can interrupt it; use this_cpu_inc
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(dropped) runs in preemptible PROCESS context (process_backlog), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    __this_cpu_inc(dropped);
    return 0;
  }

  /** A labelled continue leaves through the finally; the next iteration starts unmasked. */
  @ProcessContext
  static void flush_queues(int[][] queues) {
    outer:
    for (int[] q : queues) {
      for (int item : q) {
        local_bh_disable();
        try {
          if (item == 0) {
            continue outer;
          }
          if (item < 0) {
            break outer;
          }
        } finally {
          local_bh_enable();
        }
      }
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(squeezed) can lose updates: reached in PROCESS (flush_queues) and updated in SOFTIRQ by __this_cpu_inc(squeezed) at Softnet.java:38 (net_rx_action), which can interrupt it; use this_cpu_inc
      // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(squeezed) runs in preemptible PROCESS context (flush_queues), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
      __this_cpu_inc(squeezed);
    }
  }

  /** An exception thrown under the mask reaches the catch block with BH still disabled. */
  @ProcessContext
  static void enqueue_to_backlog(Object skb) {
    local_bh_disable();
    try {
      validate(skb);
    } catch (IllegalStateException e) {
      __this_cpu_inc(retries);
    } finally {
      local_bh_enable();
    }
  }

  static void validate(Object skb) {
    if (skb == null) {
      throw new IllegalStateException("no skb");
    }
  }

  /** Old and arrow switches: only the masked cases are safe. */
  // BUG: Diagnostic contains: [ContextMaskImbalance] napi_poll returns with softirqs still masked on some paths (taken by local_bh_disable at line 118); take and release masks in the same method, or declare it @Masks/@Unmasks
  @ProcessContext
  static void napi_poll(int budget, int mode) {
    switch (budget) {
      case 0:
        local_bh_disable();
        __this_cpu_inc(polls);
        local_bh_enable();
        break;
      case 1:
        local_bh_disable();
        // falls through with BH disabled, which stays disabled: an imbalance
      case 2:
        // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(polls) can lose updates: reached in PROCESS (napi_poll) and updated in SOFTIRQ by __this_cpu_inc(polls) at Softnet.java:40 (net_rx_action), which can interrupt it; use this_cpu_inc
        // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(polls) runs in preemptible PROCESS context (napi_poll), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
        __this_cpu_inc(polls);
        break;
      default:
        break;
    }
    switch (mode) {
      case 0 -> {
        try (Guard g = Guard.bh()) {
          __this_cpu_inc(errors);
        }
      }
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(errors) can lose updates: reached in PROCESS (napi_poll) and updated in SOFTIRQ by __this_cpu_inc(errors) at Softnet.java:41 (net_rx_action), which can interrupt it; use this_cpu_inc
      // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(errors) runs in preemptible PROCESS context (napi_poll), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
      case 1 -> __this_cpu_inc(errors);
      default -> { }
    }
  }

  /** Two guards close in reverse order; after the inner one BH is still masked by the outer. */
  @ProcessContext
  static void gro_flush(boolean full) {
    try (Guard outer = Guard.spinlock_bh(lock); Guard inner = Guard.irqsave()) {
      __this_cpu_inc(processed);
    }
    do {
      IrqFlags flags = local_irq_save();
      __this_cpu_inc(dropped);
      local_irq_restore(flags);
    } while (full && next());
    long n = full ? count() : 0;
    preempt_disable();
    if (n > 0 && next()) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(squeezed) can lose updates: reached in PROCESS with preemption disabled (gro_flush [preempt_disable]) and updated in SOFTIRQ by __this_cpu_inc(squeezed) at Softnet.java:38 (net_rx_action), which can interrupt it; use this_cpu_inc
      __this_cpu_inc(squeezed);
    }
    preempt_enable();
  }

  static boolean next() {
    return false;
  }

  static long count() {
    return 1;
  }
}

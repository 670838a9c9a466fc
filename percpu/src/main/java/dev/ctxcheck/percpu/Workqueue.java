package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.ProcessContext;
import java.util.Objects;

/**
 * Deferred work in process context, the kernel's {@code queue_work} (linux/workqueue.h) on a
 * per-CPU workqueue.
 */
public final class Workqueue {

  private Workqueue() {}

  /**
   * Queues {@code fn} on the caller's CPU. It runs in process context, as a task of its own, at the
   * first schedule point: at once if the caller is preemptible process code, else when the CPU
   * next becomes preemptible there (the {@code preempt_enable}, {@code local_bh_enable} or irq
   * restore that makes it so, or the return from the interrupt that queued it). Work queued by
   * work runs after it, in the order queued.
   */
  public static void queue_work(@ProcessContext Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    Cpu.run(cpu -> cpu.queueWork(fn));
  }
}

package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.ProcessContext;
import java.util.Objects;

/** Kernel threads, the kernel's {@code kthread_run} (linux/kthread.h). */
public final class Kthread {

  private Kthread() {}

  /**
   * Starts a kernel thread running {@code fn} in process context on the caller's CPU. It is
   * scheduled like a {@link Workqueue#queue_work} item: at once from preemptible process code,
   * else at the next schedule point, and it runs to completion.
   */
  public static void kthread_run(@ProcessContext Runnable fn) {
    Objects.requireNonNull(fn, "fn");
    Cpu.run(cpu -> cpu.queueWork(fn));
  }
}

package example.aio;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Cpu;
import dev.ctxcheck.percpu.Irq;

/**
 * Runs the aio program on the simulated runtime twice. First as it usually runs: the device's
 * interrupt, and the completion softirq on its exit, arrive between the updates, nothing is lost
 * and the context is freed. Then the 2014 bug: while io_submit's __this_cpu_inc is between its read
 * and its write, the device interrupts; on irq exit the block softirq completes an earlier request
 * and its __this_cpu_dec is overwritten. The count never reaches zero. With the atomic
 * this_cpu_inc/this_cpu_dec (what ctxcheck's fix writes) it does.
 *
 * <p>Run with {@code -Dctxcheck.lockdep=true}, the runtime's Lockdep reports the inconsistent
 * per-CPU usage during the first run already, where no interrupt lands inside an update.
 */
public final class Demo {
  private Demo() {}

  @ProcessContext
  public static void main(String[] args) {
    print("completions between the updates:", completeBetweenTheUpdates());
    Cpu.reset();
    print("a completion inside an update:   ", replay());
  }

  private static void print(String run, long left) {
    System.out.println(run + " references left after io_destroy: " + left
        + (left == 0 ? " (context freed)" : " (context never freed: an update was lost)"));
  }

  /** Two requests, each completed after its submission; the references left. */
  static long completeBetweenTheUpdates() {
    BlockLayer.virtblk_probe();
    Aio.Kioctx ctx = new Aio.Kioctx();
    Aio.io_submit(ctx, new long[] {1});
    Irq.raise(BlockLayer.VIRTBLK_IRQ);
    Aio.io_submit(ctx, new long[] {2});
    Irq.raise(BlockLayer.VIRTBLK_IRQ);
    Aio.io_destroy(ctx);
    return ctx.reqs.sum();
  }

  /** Two requests, the second one's get() split by the completion of the first; the references left. */
  static long replay() {
    BlockLayer.virtblk_probe();
    Aio.Kioctx ctx = new Aio.Kioctx();
    Aio.io_submit(ctx, new long[] {1});
    // The second submission's increment is split by the device's interrupt.
    Cpu.atNextWindow(() -> Irq.raise(BlockLayer.VIRTBLK_IRQ));
    Aio.io_submit(ctx, new long[] {2});
    Irq.raise(BlockLayer.VIRTBLK_IRQ);
    Aio.io_destroy(ctx);
    return ctx.reqs.sum();
  }
}

package example.aio;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import java.util.ArrayDeque;

/**
 * A block device: requests go to the device; it raises an interrupt when they are done; the
 * interrupt handler defers completion to the block softirq (block/blk-softirq.c), which completes
 * the aio requests.
 */
final class BlockLayer {
  static final int VIRTBLK_IRQ = 11;

  private static final ArrayDeque<Aio.Kiocb> inFlight = new ArrayDeque<>();
  private static final ArrayDeque<Aio.Kiocb> done = new ArrayDeque<>();

  /** Requests queued, per CPU: bumped from process context with the atomic op. */
  static final PerCpuLong queued = new PerCpuLong();
  /** Interrupts taken, per CPU: only the hardirq handler touches it, so the cheap op is right. */
  static final PerCpuLong irqs = new PerCpuLong();

  static void virtblk_probe() {
    Irq.request_irq(VIRTBLK_IRQ, BlockLayer::virtblk_irq);
  }

  static int submit_bio(Aio.Kiocb req) {
    this_cpu_inc(queued);
    inFlight.add(req);
    return 0;
  }

  /** The device's interrupt: move finished requests to the done list, raise the softirq. */
  static int virtblk_irq(int irq) {
    __this_cpu_inc(irqs);
    Aio.Kiocb req;
    while ((req = inFlight.poll()) != null) {
      done.add(req);
    }
    Softirq.tasklet_schedule(BlockLayer::blk_done_softirq);
    return Irq.IRQ_HANDLED;
  }

  static void blk_done_softirq() {
    Aio.Kiocb req;
    while ((req = done.poll()) != null) {
      Aio.aio_complete(req, 0);
    }
  }
}

package percpu_counter;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;

/**
 * block/blk-mq.c of 2014: mq_usage_counter was a percpu_counter, taken when a request enters the
 * queue (process context) and dropped when it completes (hardirq, from the driver's handler).
 */
final class BlkMq {
  static final PercpuCounter mq_usage_counter = new PercpuCounter();

  @ProcessContext
  static int blk_mq_queue_enter() {
    PercpuCounter.percpu_counter_inc(mq_usage_counter);
    return 0;
  }

  static void virtblk_probe() {
    Irq.request_irq(24, irq -> virtblk_done());
  }

  static int virtblk_done() {
    blk_mq_end_request();
    return Irq.IRQ_HANDLED;
  }

  static void blk_mq_end_request() {
    PercpuCounter.percpu_counter_dec(mq_usage_counter);
  }
}

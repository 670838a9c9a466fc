package cb_lambda;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * block/blk-mq.c, the in-flight usage counter of a queue (kernel-cases 2, 74e72f894d56): taken
 * at submission with only preemption disabled (get_cpu), dropped at completion, which a driver
 * runs from its interrupt handler. The interrupt can split the submitter's read-modify-write.
 */
final class Blk {
  static final class RequestQueue {
    final PerCpuLong in_flight = new PerCpuLong();
  }

  static final class Request {
    RequestQueue q;
    int tag;
  }

  /** The submit_bio() entry from a file system write, in process context. */
  @ProcessContext
  static int submit_bio(RequestQueue q) {
    return blk_mq_submit_bio(q);
  }

  static int blk_mq_submit_bio(RequestQueue q) {
    Request rq = blk_mq_get_request(q);
    Nvme.nvme_queue_rq(rq);
    return rq.tag;
  }

  static Request blk_mq_get_request(RequestQueue q) {
    Request rq = new Request();
    rq.q = q;
    preempt_disable(); // get_cpu()
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(q.in_flight) can lose updates: reached in PROCESS with preemption disabled (submit_bio -> blk_mq_submit_bio -> blk_mq_get_request [preempt_disable]) and updated in HARDIRQ by __this_cpu_dec(rq.q.in_flight) at Blk.java:52 (lambda@Nvme.java:16 -> nvme_irq -> nvme_process_cq -> blk_mq_complete_request), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(q.in_flight);
    preempt_enable(); // put_cpu()
    return rq;
  }

  /** Called by the driver's interrupt handler: hardirqs do not nest, so this site is not split. */
  static void blk_mq_complete_request(Request rq) {
    __this_cpu_dec(rq.q.in_flight);
  }
}

package cb_lambda;

import dev.ctxcheck.percpu.Irq;

/** drivers/nvme/host/pci.c: the completion-queue interrupt handler is registered as a lambda. */
final class Nvme {
  static final class NvmeQueue {
    int cq_vector;
    Blk.Request[] cqes = new Blk.Request[64];
    int cq_head;
  }

  static final NvmeQueue queue = new NvmeQueue();

  static void nvme_setup_irqs(NvmeQueue nvmeq) {
    Irq.request_irq(nvmeq.cq_vector, irq -> nvme_irq(nvmeq));
  }

  static void nvme_queue_rq(Blk.Request rq) {
    queue.cqes[rq.tag] = rq;
  }

  static int nvme_irq(NvmeQueue nvmeq) {
    return nvme_process_cq(nvmeq) ? Irq.IRQ_HANDLED : Irq.IRQ_NONE;
  }

  static boolean nvme_process_cq(NvmeQueue nvmeq) {
    boolean found = false;
    Blk.Request rq;
    while ((rq = nvmeq.cqes[nvmeq.cq_head]) != null) {
      nvmeq.cqes[nvmeq.cq_head] = null;
      nvmeq.cq_head = (nvmeq.cq_head + 1) % nvmeq.cqes.length;
      Blk.blk_mq_complete_request(rq);
      found = true;
    }
    return found;
  }
}

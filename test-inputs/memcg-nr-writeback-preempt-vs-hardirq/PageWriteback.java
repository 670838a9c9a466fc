package memcg_writeback;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;

/**
 * mm/page-writeback.c and the block completion path: writeback is started by the flusher (process
 * context) and ended by end_page_writeback() from the disk's completion interrupt.
 */
final class PageWriteback {
  static Memcontrol.Page completed;

  /** The flusher thread, via do_writepages(). */
  @ProcessContext
  static int write_cache_pages(Memcontrol.Page page) {
    __test_set_page_writeback(page);
    return 0;
  }

  static void __test_set_page_writeback(Memcontrol.Page page) {
    Memcontrol.inc_memcg_page_state(page, Memcontrol.NR_WRITEBACK);
  }

  static void nvme_init() {
    Irq.request_irq(33, PageWriteback::nvme_irq);
  }

  static int nvme_irq(int irq) {
    if (completed != null) {
      end_page_writeback(completed);
    }
    return Irq.IRQ_HANDLED;
  }

  static void end_page_writeback(Memcontrol.Page page) {
    test_clear_page_writeback(page);
  }

  static void test_clear_page_writeback(Memcontrol.Page page) {
    Memcontrol.dec_memcg_page_state(page, Memcontrol.NR_WRITEBACK);
  }
}

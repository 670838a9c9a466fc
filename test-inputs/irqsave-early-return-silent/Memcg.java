package irqsave;

import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_sub;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_irq;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_irq;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * mm/memcontrol.c after c3cc39118c36: the writeback count is also decremented from the I/O
 * completion interrupt, so every process-context update runs with interrupts disabled
 * (kernel-cases N1: "For use when we know that interrupts are disabled"). The early returns
 * leave through a finally block or restore explicitly on each path, so no site is ever reached
 * with interrupts enabled, and the interrupt handler's own site cannot be interrupted.
 */
final class Memcg {
  static final class MemCgroup {
    final PerCpuLong nr_writeback = new PerCpuLong();
    final PerCpuLong nr_dirtied = new PerCpuLong();
    final PerCpuLong pgactivate = new PerCpuLong();
  }

  static final class Page {
    MemCgroup memcg;
    int nr_pages;
  }

  static final SpinLock lru_lock = new SpinLock();

  static void blk_init() {
    Irq.request_irq(14, Memcg::ata_interrupt);
  }

  /** __folio_start_writeback(): try/finally around an early return. */
  @ProcessContext
  static int folio_start_writeback(Page page) {
    IrqFlags flags = local_irq_save();
    try {
      if (page.memcg == null) {
        return -1;
      }
      __this_cpu_add(page.memcg.nr_writeback, page.nr_pages);
      return 0;
    } finally {
      local_irq_restore(flags);
    }
  }

  /** folio_account_dirtied(): explicit restore on each path out. */
  @ProcessContext
  static void folio_account_dirtied(Page page) {
    IrqFlags flags = local_irq_save();
    MemCgroup memcg = page.memcg;
    if (memcg == null) {
      local_irq_restore(flags);
      return;
    }
    __this_cpu_add(memcg.nr_dirtied, page.nr_pages);
    if (page.nr_pages > 1) {
      __this_cpu_add(memcg.nr_writeback, 0);
      local_irq_restore(flags);
      return;
    }
    __this_cpu_inc(memcg.nr_writeback);
    local_irq_restore(flags);
  }

  /** A batch: irqs saved and restored in every iteration, with a continue in between. */
  @ProcessContext
  static void folio_batch_start_writeback(Page[] pages) {
    for (Page page : pages) {
      IrqFlags flags = local_irq_save();
      if (page.memcg == null) {
        local_irq_restore(flags);
        continue;
      }
      __this_cpu_add(page.memcg.nr_writeback, page.nr_pages);
      local_irq_restore(flags);
    }
  }

  /** 2fa2690ca617: __count_memcg_events under spin_lock_irq(&pgdat->lru_lock). */
  @ProcessContext
  static void activate_page(Page page) {
    spin_lock_irq(lru_lock);
    if (page.memcg != null) {
      __this_cpu_inc(page.memcg.pgactivate);
    }
    spin_unlock_irq(lru_lock);
  }

  /** The completion interrupt: end_page_writeback() -> test_clear_page_writeback(). */
  static int ata_interrupt(int irq) {
    Page page = completed();
    if (page != null && page.memcg != null) {
      __this_cpu_sub(page.memcg.nr_writeback, page.nr_pages);
      __this_cpu_inc(page.memcg.pgactivate);
    }
    return Irq.IRQ_HANDLED;
  }

  static Page completed() {
    return null;
  }
}

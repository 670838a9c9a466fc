package raw_cpu;

import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static raw_cpu.Vmstat.PGFAULT;
import static raw_cpu.Vmstat.PGFREE;
import static raw_cpu.Vmstat.PGMAJFAULT;
import static raw_cpu.Vmstat.__count_vm_event;
import static raw_cpu.Vmstat.__count_vm_events;
import static raw_cpu.Vmstat.count_vm_event;
import static raw_cpu.Vmstat.count_vm_events;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.Softirq;

/**
 * mm/memory.c and mm/page_alloc.c: page faults count in preemptible process context; pages are
 * freed with interrupts disabled from system calls and from RCU callbacks (softirq).
 */
final class Mm {
  static void rcu_init() {
    Softirq.tasklet_schedule(Mm::rcu_do_batch);
  }

  @ProcessContext
  static int handle_mm_fault(long address) {
    count_vm_event(PGFAULT);
    return address == 0 ? do_swap_page(address) : 0;
  }

  static int do_swap_page(long address) {
    __count_vm_event(PGMAJFAULT); // racy on purpose
    return 0;
  }

  @ProcessContext
  static int munmap(long address) {
    free_unref_page(address);
    count_vm_events(PGFREE, 0);
    return 0;
  }

  static void rcu_do_batch() {
    free_unref_page(0);
  }

  static void free_unref_page(long page) {
    IrqFlags flags = local_irq_save();
    __count_vm_events(PGFREE, 1);
    local_irq_restore(flags);
  }
}

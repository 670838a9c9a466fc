package cb_only;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc_return;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc_return;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqHandler;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;

/**
 * drivers/net/ethernet/intel/e1000: the PCI probe runs in process context and registers the
 * interrupt handlers and the watchdog tasklet. A callback handed to a registration function runs
 * in the registered context only, not in the probe's: the handlers' hardirq-only counters and the
 * tasklet's softirq-only counter are safe. What the probe itself runs does run in process
 * context: the handler object's constructor, and the buffer constructor with its field
 * initializer, which the interrupt path runs too.
 */
final class E1000 {
  static final PerCpuLong irq_events = new PerCpuLong();
  static final PerCpuLong watchdog_runs = new PerCpuLong();
  static final PerCpuLong nr_handlers = new PerCpuLong();
  static final PerCpuLong skb_ids = new PerCpuLong();

  static final class E1000Handler implements IrqHandler {
    E1000Handler() {
      // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(nr_handlers) runs in preemptible PROCESS context (e1000_probe -> new E1000Handler), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
      __this_cpu_inc(nr_handlers);
    }

    @Override
    public int handle(int irq) {
      __this_cpu_inc(irq_events);
      e1000_clean_rx_irq();
      return Irq.IRQ_HANDLED;
    }
  }

  static final class SkBuff {
    final long id = skb_alloc_id();
    int len;

    SkBuff(int len) {
      this.len = len;
    }
  }

  static long skb_alloc_id() {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc_return(skb_ids) can lose updates: reached in PROCESS (e1000_probe -> new SkBuff
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc_return(skb_ids) runs in preemptible PROCESS context (e1000_probe -> new SkBuff
    return __this_cpu_inc_return(skb_ids);
  }

  @ProcessContext
  static int e1000_probe() {
    Irq.request_irq(19, new E1000Handler());
    Irq.request_irq(20, irq -> {
      __this_cpu_inc(irq_events);
      return Irq.IRQ_HANDLED;
    });
    Softirq.tasklet_schedule(E1000::e1000_watchdog_task);
    SkBuff test = new SkBuff(64); // the loopback self-test buffer
    return test.len > 0 ? 0 : -1;
  }

  static void e1000_watchdog_task() {
    __this_cpu_inc(watchdog_runs);
  }

  static void e1000_clean_rx_irq() {
    SkBuff skb = new SkBuff(1514);
    skb.len = 0;
  }
}

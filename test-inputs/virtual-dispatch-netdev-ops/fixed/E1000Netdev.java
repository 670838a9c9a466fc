package vdispatch;

import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * drivers/net/ethernet/intel/e1000: besides the watchdog, the driver's own interrupt handler
 * calls its tx-timeout path when it detects a hung queue, through a receiver whose static type is
 * this class. So this implementation is reached in softirq and in hardirq context.
 */
final class E1000Netdev implements NetDeviceOps {
  static final PerCpuLong tx_timeout_count = new PerCpuLong();
  static final E1000Netdev adapter = new E1000Netdev();

  static void e1000_request_irq() {
    Irq.request_irq(19, E1000Netdev::e1000_intr);
  }

  @Override
  public void ndo_tx_timeout(int txqueue) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(tx_timeout_count) can lose updates: reached in SOFTIRQ (dev_watchdog -> ndo_tx_timeout) and in HARDIRQ (e1000_intr -> e1000_clean_tx_irq -> ndo_tx_timeout), which can interrupt it; use this_cpu_inc
    this_cpu_inc(tx_timeout_count);
  }

  static int e1000_intr(int irq) {
    e1000_clean_tx_irq(adapter);
    return Irq.IRQ_HANDLED;
  }

  static void e1000_clean_tx_irq(E1000Netdev adapter) {
    boolean tx_hang = adapter != null;
    if (tx_hang) {
      adapter.ndo_tx_timeout(0);
    }
  }
}

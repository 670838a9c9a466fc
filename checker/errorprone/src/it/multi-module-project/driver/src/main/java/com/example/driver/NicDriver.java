package com.example.driver;

import com.example.lib.RxStats;
import dev.ctxcheck.percpu.Irq;

/** A network card whose interrupt handler counts received packets through the library. */
public final class NicDriver {
  public static void probe() {
    Irq.request_irq(11, NicDriver::nic_irq);
  }

  static int nic_irq(int irq) {
    RxStats.count_rx();
    return Irq.IRQ_HANDLED;
  }
}

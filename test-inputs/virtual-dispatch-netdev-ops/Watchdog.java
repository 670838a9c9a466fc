package vdispatch;

import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Timer;

/**
 * net/sched/sch_generic.c dev_watchdog(): a timer (softirq) that calls the driver's
 * ndo_tx_timeout through the ops interface, so it reaches every implementation.
 */
final class Watchdog {
  static final Timer watchdog_timer = new Timer();
  static NetDeviceOps[] devices = {new E1000Netdev(), new VirtnetNetdev()};

  static void dev_watchdog_init() {
    Softirq.timer_setup(watchdog_timer, Watchdog::dev_watchdog);
  }

  static void dev_watchdog() {
    for (NetDeviceOps ops : devices) {
      ops.ndo_tx_timeout(0);
    }
  }
}

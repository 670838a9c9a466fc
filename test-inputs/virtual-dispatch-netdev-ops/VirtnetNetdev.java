package vdispatch;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * drivers/net/virtio_net.c: the other implementation. Only the watchdog (softirq) reaches it; the
 * e1000 interrupt handler's call, typed E1000Netdev, cannot dispatch here, so nothing is reported.
 */
final class VirtnetNetdev implements NetDeviceOps {
  static final PerCpuLong tx_timeout_count = new PerCpuLong();

  @Override
  public void ndo_tx_timeout(int txqueue) {
    __this_cpu_inc(tx_timeout_count);
  }
}

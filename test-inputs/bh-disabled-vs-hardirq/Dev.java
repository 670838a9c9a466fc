package bh_vs_hardirq;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_bh;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_bh;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.SpinLock;

/**
 * net/core/dev.c: softnet_data.dropped counts packets dropped at the backlog. netif_rx() is called
 * by old drivers from their interrupt handler, so the counter is hardirq data. Process-context
 * code that disables only BH (local_bh_disable, rcu_read_lock_bh, spin_lock_bh) holds off the
 * softirq but not the interrupt, whose increment can land in the middle of its own. Disabling
 * BH is enough for softirq data (81419d862db7), not for this (lockdep's {IN-HARDIRQ-W} ->
 * {HARDIRQ-ON-W}, as in 2695578b896a). enqueue_to_backlog itself runs with irqs saved.
 */
final class Dev {
  static final PerCpuLong sd_dropped = new PerCpuLong();
  static final SpinLock tx_global_lock = new SpinLock();

  static void ne2k_probe() {
    Irq.request_irq(10, Dev::ne2k_interrupt);
  }

  static int ne2k_interrupt(int irq) {
    netif_rx(irq);
    return Irq.IRQ_HANDLED;
  }

  static int netif_rx(int len) {
    return enqueue_to_backlog(len, 1000);
  }

  static int enqueue_to_backlog(int len, int qlen) {
    IrqFlags flags = local_irq_save();
    if (qlen >= 1000) {
      __this_cpu_inc(sd_dropped);
      local_irq_restore(flags);
      return -1;
    }
    local_irq_restore(flags);
    return 0;
  }

  /** drivers/net/tun.c: write(2) on a tun device injects a packet with BH disabled. */
  @ProcessContext
  static long tun_get_user(int len) {
    local_bh_disable();
    if (len > 65535) {
      tun_rx_drop();
    }
    local_bh_enable();
    return len;
  }

  static void tun_rx_drop() {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(sd_dropped) can lose updates: reached in PROCESS with softirqs masked (tun_get_user [local_bh_disable] -> tun_rx_drop) and updated in HARDIRQ by __this_cpu_inc(sd_dropped) at Dev.java:50 (ne2k_interrupt -> netif_rx -> enqueue_to_backlog [local_irq_save]), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(sd_dropped);
  }

  /** net/packet: sendmsg(2) under rcu_read_lock_bh(). */
  @ProcessContext
  static int packet_sendmsg(int len) {
    rcu_read_lock_bh();
    if (len < 14) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(sd_dropped) can lose updates: reached in PROCESS with softirqs masked (packet_sendmsg [rcu_read_lock_bh]) and updated in HARDIRQ
      __this_cpu_inc(sd_dropped);
    }
    rcu_read_unlock_bh();
    return len;
  }

  /** dev_deactivate(): drops what is left in the queues, under spin_lock_bh. */
  @ProcessContext
  static void dev_deactivate(long backlog) {
    spin_lock_bh(tx_global_lock);
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_add(sd_dropped, backlog) can lose updates: reached in PROCESS with softirqs masked (dev_deactivate [spin_lock_bh]) and updated in HARDIRQ
    __this_cpu_add(sd_dropped, backlog);
    spin_unlock_bh(tx_global_lock);
  }

  /** The correct process-context variant: interrupts saved around the update. */
  @ProcessContext
  static void dev_flush_backlog(long n) {
    IrqFlags flags = local_irq_save();
    __this_cpu_add(sd_dropped, n);
    local_irq_restore(flags);
  }
}

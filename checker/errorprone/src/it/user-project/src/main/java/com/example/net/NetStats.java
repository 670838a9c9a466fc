package com.example.net;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Preempt;

/** A driver's per-CPU byte counter, bumped by the send path and by the interrupt handler. */
public final class NetStats {
  static final PerCpuLong tx_bytes = new PerCpuLong();

  public static void probe() {
    Irq.request_irq(7, NetStats::tx_irq);
  }

  @ProcessContext
  public static void ndo_start_xmit(int len) {
    Preempt.preempt_disable();
    account(len);
    Preempt.preempt_enable();
  }

  static void account(int len) {
    __this_cpu_add(tx_bytes, len);
  }

  static int tx_irq(int irq) {
    this_cpu_inc(tx_bytes);
    return Irq.IRQ_HANDLED;
  }
}

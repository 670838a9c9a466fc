package com.example.lib;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

import dev.ctxcheck.annotations.SoftirqContext;
import dev.ctxcheck.percpu.PerCpuLong;

/** The receive counters, and the receive softirq that counts: alone, one context, no race. */
public final class RxStats {
  static final PerCpuLong rx_packets = new PerCpuLong();

  @SoftirqContext
  public static void net_rx_action() {
    count_rx();
  }

  public static void count_rx() {
    __this_cpu_inc(rx_packets);
  }
}

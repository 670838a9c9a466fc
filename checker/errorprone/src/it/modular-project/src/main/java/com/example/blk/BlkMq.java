package com.example.blk;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * blk-mq's queue usage counter on lib/percpu_counter.c before 74e72f894d56: the fast path of
 * __percpu_counter_add updates the CPU's count with preemption disabled only, and the count is
 * taken when a request enters the queue (process) and dropped on completion (hardirq).
 */
public final class BlkMq {
  static final int VIRTBLK_IRQ = 11;
  static final PerCpuLong mq_usage_counter = new PerCpuLong();

  public static void probe() {
    Irq.request_irq(VIRTBLK_IRQ, BlkMq::virtblk_done);
  }

  @ProcessContext
  public static void blk_mq_queue_enter() {
    __percpu_counter_add(1);
  }

  static int virtblk_done(int irq) {
    __percpu_counter_add(-1); // blk_mq_queue_exit
    return Irq.IRQ_HANDLED;
  }

  static void __percpu_counter_add(long amount) {
    preempt_disable();
    __this_cpu_add(mq_usage_counter, amount);
    preempt_enable();
  }
}

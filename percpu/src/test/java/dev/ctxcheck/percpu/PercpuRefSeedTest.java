package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_write;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_sched;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bug ctxcheck exists for, Linux 0c36b390a546 ("percpu-refcount: fix usage of this_cpu_ops",
 * 2014). aio took a reference on its kioctx with percpu_ref_get in process context (io_submit ->
 * aio_get_req) and dropped it with percpu_ref_put in softirq context (aio_complete, from block I/O
 * completion). Both used the underscore operations under rcu_read_lock_sched(), so
 * CONFIG_DEBUG_PREEMPT was silent, but a softirq arriving inside the read-modify-write of {@code
 * __this_cpu_inc} lost its decrement, and the count never reached zero although gets and puts
 * matched. The fix used {@code this_cpu_inc}/{@code this_cpu_dec}.
 */
class PercpuRefSeedTest {

  private static final int BLOCK_IO_COMPLETION_IRQ = 14;

  private PerCpuLong kioctxReqs;
  private int puts;

  @BeforeEach
  void boot() {
    Cpu.reset();
    kioctxReqs = new PerCpuLong();
    this_cpu_write(kioctxReqs, 1); // percpu_ref_init: the initial reference
    puts = 0;
  }

  // lib/percpu-refcount before 0c36b390a546
  static void percpu_ref_get_2014(PerCpuLong ref) {
    rcu_read_lock_sched();
    __this_cpu_inc(ref);
    rcu_read_unlock_sched();
  }

  static void percpu_ref_put_2014(PerCpuLong ref) {
    rcu_read_lock_sched();
    __this_cpu_dec(ref);
    rcu_read_unlock_sched();
  }

  // after 0c36b390a546
  static void percpu_ref_get(PerCpuLong ref) {
    rcu_read_lock_sched();
    this_cpu_inc(ref);
    rcu_read_unlock_sched();
  }

  static void percpu_ref_put(PerCpuLong ref) {
    rcu_read_lock_sched();
    this_cpu_dec(ref);
    rcu_read_unlock_sched();
  }

  /** The block device's interrupt: its handler completes the aio in softirq context. */
  private void requestCompletionIrq(Consumer<PerCpuLong> put) {
    Irq.request_irq(
        BLOCK_IO_COMPLETION_IRQ,
        irq -> {
          Softirq.tasklet_schedule(
              () -> {
                puts++;
                put.accept(kioctxReqs); // aio_complete -> percpu_ref_put
              });
          return Irq.IRQ_HANDLED;
        });
  }

  @Test
  void seedScriptLosesTheDecrement() {
    requestCompletionIrq(PercpuRefSeedTest::percpu_ref_put_2014);
    Cpu.atNextWindow(() -> Irq.raise(BLOCK_IO_COMPLETION_IRQ));

    percpu_ref_get_2014(kioctxReqs);

    assertEquals(1, puts, "the softirq ran inside the increment");
    assertEquals(2, per_cpu_sum(kioctxReqs), "1 is right: the decrement was lost");

    percpu_ref_put_2014(kioctxReqs); // io_destroy drops the initial reference
    assertEquals(1, per_cpu_sum(kioctxReqs), "gets and puts matched, yet the count stays above 0");
  }

  @Test
  void seedScriptWithDirectSoftirqInjectionLosesTheDecrement() {
    Cpu.atNextWindow(
        () ->
            Softirq.tasklet_schedule(
                () -> {
                  puts++;
                  percpu_ref_put_2014(kioctxReqs);
                }));

    percpu_ref_get_2014(kioctxReqs);

    assertEquals(1, puts);
    assertEquals(2, per_cpu_sum(kioctxReqs));
  }

  @Test
  void atomicOperationsLoseNothing() {
    requestCompletionIrq(PercpuRefSeedTest::percpu_ref_put);
    Cpu.atNextWindow(() -> Irq.raise(BLOCK_IO_COMPLETION_IRQ));

    percpu_ref_get(kioctxReqs);

    assertEquals(1, puts, "the softirq ran right after the increment");
    assertEquals(1, per_cpu_sum(kioctxReqs));
    percpu_ref_put(kioctxReqs);
    assertEquals(0, per_cpu_sum(kioctxReqs), "the last put brings the count to zero");
  }
}

package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_cmpxchg;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_xchg;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation's arithmetic, in each of the three families, on every CPU. */
class PerCpuArithmeticTest {

  /** One family of operations: this_cpu_*, __this_cpu_* or raw_cpu_*. */
  record Family(
      String name,
      ObjLongConsumer<PerCpuLong> add,
      ObjLongConsumer<PerCpuLong> sub,
      ToLongFunction<PerCpuLong> incThenRead,
      ToLongFunction<PerCpuLong> decThenRead,
      ObjLongConsumer<PerCpuLong> write,
      ToLongFunction<PerCpuLong> read,
      AddReturn addReturn,
      ToLongFunction<PerCpuLong> incReturn,
      ToLongFunction<PerCpuLong> decReturn) {

    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface AddReturn {
    long apply(PerCpuLong v, long x);
  }

  static Stream<Family> families() {
    return Stream.of(
        new Family(
            "this_cpu",
            PerCpu::this_cpu_add,
            PerCpu::this_cpu_sub,
            v -> {
              PerCpu.this_cpu_inc(v);
              return PerCpu.this_cpu_read(v);
            },
            v -> {
              PerCpu.this_cpu_dec(v);
              return PerCpu.this_cpu_read(v);
            },
            PerCpu::this_cpu_write,
            PerCpu::this_cpu_read,
            PerCpu::this_cpu_add_return,
            PerCpu::this_cpu_inc_return,
            PerCpu::this_cpu_dec_return),
        new Family(
            "__this_cpu",
            PerCpu::__this_cpu_add,
            PerCpu::__this_cpu_sub,
            v -> {
              PerCpu.__this_cpu_inc(v);
              return PerCpu.__this_cpu_read(v);
            },
            v -> {
              PerCpu.__this_cpu_dec(v);
              return PerCpu.__this_cpu_read(v);
            },
            PerCpu::__this_cpu_write,
            PerCpu::__this_cpu_read,
            PerCpu::__this_cpu_add_return,
            PerCpu::__this_cpu_inc_return,
            PerCpu::__this_cpu_dec_return),
        new Family(
            "raw_cpu",
            PerCpu::raw_cpu_add,
            PerCpu::raw_cpu_sub,
            v -> {
              PerCpu.raw_cpu_inc(v);
              return PerCpu.raw_cpu_read(v);
            },
            v -> {
              PerCpu.raw_cpu_dec(v);
              return PerCpu.raw_cpu_read(v);
            },
            PerCpu::raw_cpu_write,
            PerCpu::raw_cpu_read,
            PerCpu::raw_cpu_add_return,
            PerCpu::raw_cpu_inc_return,
            PerCpu::raw_cpu_dec_return));
  }

  @BeforeEach
  void boot() {
    Cpu.reset();
  }

  @ParameterizedTest
  @MethodSource("families")
  void everyOperationOnEveryCpu(Family ops) {
    PerCpuLong v = new PerCpuLong();
    long expectedSum = 0;
    for (int cpu = 0; cpu < Cpu.NR_CPUS; cpu++) {
      long base = 100L * (cpu + 1);
      int thisCpu = cpu;
      Cpu.runOn(
          cpu,
          () -> {
            preempt_disable(); // what __this_cpu_* asks of its callers
            assertEquals(thisCpu, Cpu.smp_processor_id());
            assertEquals(0, ops.read().applyAsLong(v), "a new variable is zero on every CPU");
            ops.write().accept(v, base);
            assertEquals(base, ops.read().applyAsLong(v));
            ops.add().accept(v, 7);
            assertEquals(base + 7, ops.read().applyAsLong(v));
            ops.sub().accept(v, 10);
            assertEquals(base - 3, ops.read().applyAsLong(v));
            assertEquals(base - 2, ops.incThenRead().applyAsLong(v));
            assertEquals(base - 3, ops.decThenRead().applyAsLong(v));
            assertEquals(base + 2, ops.addReturn().apply(v, 5));
            assertEquals(base - 8, ops.addReturn().apply(v, -10));
            assertEquals(base - 7, ops.incReturn().applyAsLong(v));
            assertEquals(base - 8, ops.decReturn().applyAsLong(v));
            ops.sub().accept(v, -8);
            assertEquals(base, ops.read().applyAsLong(v));
            preempt_enable();
          });
      expectedSum += base;
      assertEquals(expectedSum, per_cpu_sum(v), "after CPU " + cpu);
    }
    for (int cpu = 0; cpu < Cpu.NR_CPUS; cpu++) {
      long base = 100L * (cpu + 1);
      Cpu.runOn(cpu, () -> assertEquals(base, this_cpu_read(v), "each CPU kept its own slot"));
    }
  }

  @Test
  void xchgReturnsTheOldValue() {
    PerCpuLong v = new PerCpuLong();
    PerCpu.this_cpu_write(v, 3);
    assertEquals(3, this_cpu_xchg(v, 8));
    assertEquals(8, this_cpu_read(v));
    Cpu.runOn(1, () -> assertEquals(0, this_cpu_xchg(v, -1)));
    assertEquals(7, per_cpu_sum(v));
  }

  @Test
  void cmpxchgStoresOnlyOverTheExpectedValueAndReturnsThePrevious() {
    PerCpuLong v = new PerCpuLong();
    PerCpu.this_cpu_write(v, 5);
    assertEquals(5, this_cpu_cmpxchg(v, 4, 9), "no store: 5 is not 4");
    assertEquals(5, this_cpu_read(v));
    assertEquals(5, this_cpu_cmpxchg(v, 5, 9), "stored");
    assertEquals(9, this_cpu_read(v));
    Cpu.runOn(2, () -> assertEquals(0, this_cpu_cmpxchg(v, 0, 1)));
    assertEquals(10, per_cpu_sum(v));
  }

  @Test
  void perCpuSumCoversEveryCpuAndWrapsLikeLong() {
    PerCpuLong v = new PerCpuLong();
    for (int cpu = 0; cpu < Cpu.NR_CPUS; cpu++) {
      Cpu.runOn(cpu, () -> PerCpu.this_cpu_add(v, Long.MAX_VALUE));
    }
    assertEquals(Long.MAX_VALUE * Cpu.NR_CPUS, per_cpu_sum(v));
    assertTrue(v.toString().startsWith("PerCpuLong[" + Long.MAX_VALUE));
  }

  @Test
  void writeIsInterruptibleBeforeItsStore() {
    PerCpuLong v = new PerCpuLong();
    Cpu.atNextWindow(() -> Softirq.tasklet_schedule(() -> PerCpu.this_cpu_add(v, 100)));
    preempt_disable();
    long read = PerCpu.__this_cpu_read(v);
    PerCpu.__this_cpu_write(v, read + 1); // the read-compute-write the softirq lands inside
    preempt_enable();
    assertEquals(1, this_cpu_read(v), "101 is right");
  }
}

package dev.ctxcheck.benchpercpu;

import dev.ctxcheck.percpu.PerCpu;
import dev.ctxcheck.percpu.PerCpuPtr;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** A field update through this_cpu_ptr, and a remote read through per_cpu_ptr (not recorded). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class StructureOperations {

  /** struct pcpu_sw_netstats, in short. */
  public static final class Stats {
    long packets;
  }

  @Param({Lockdeps.DISABLED, Lockdeps.ENABLED})
  public String lockdep;

  private PerCpuPtr<Stats> stats;

  @Setup
  public void boot() {
    Lockdeps.boot(lockdep);
    stats = PerCpu.alloc_percpu(Stats::new);
  }

  @TearDown
  public void shutdown() {
    Lockdeps.shutdown(lockdep);
  }

  @Benchmark
  public long this_cpu_ptr_update() {
    return PerCpu.this_cpu_ptr(stats).packets++;
  }

  @Benchmark
  public long per_cpu_ptr_read() {
    return PerCpu.per_cpu_ptr(stats, 1).packets;
  }
}

package dev.ctxcheck.benchpercpu;

import dev.ctxcheck.percpu.PerCpu;
import dev.ctxcheck.percpu.PerCpuLong;
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

/**
 * The this_cpu operations on a {@link PerCpuLong}: an atomic update, a non-atomic one, an accepted
 * race, and a read (which Lockdep never records: the control). With Lockdep enabled, every call
 * after the first finds its usage already recorded, as in a long-running program.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ScalarOperations {

  @Param({Lockdeps.DISABLED, Lockdeps.ENABLED})
  public String lockdep;

  private PerCpuLong counter;

  @Setup
  public void boot() {
    Lockdeps.boot(lockdep);
    counter = new PerCpuLong();
  }

  @TearDown
  public void shutdown() {
    Lockdeps.shutdown(lockdep);
  }

  @Benchmark
  public void this_cpu_inc() {
    PerCpu.this_cpu_inc(counter);
  }

  @Benchmark
  public void __this_cpu_inc() {
    PerCpu.__this_cpu_inc(counter);
  }

  @Benchmark
  public void raw_cpu_inc() {
    PerCpu.raw_cpu_inc(counter);
  }

  @Benchmark
  public long this_cpu_read() {
    return PerCpu.this_cpu_read(counter);
  }
}

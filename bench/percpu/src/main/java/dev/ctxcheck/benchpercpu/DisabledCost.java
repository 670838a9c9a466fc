package dev.ctxcheck.benchpercpu;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What Lockdep costs the operations while disabled, measured against the runtime as it was before
 * Lockdep: both runtimes are loaded in one JVM, each by a class loader of its own, and the same
 * operation is timed on each in short batches that alternate, so that the load of a shared machine
 * falls on both alike (JMH runs one configuration after the other, minutes apart, and on a loaded
 * machine their difference drowns in that noise). Prints the median and the 10th percentile of the
 * batch times of each, per operation, and their ratios.
 *
 * <p>{@code java DisabledCost OLD_CLASSPATH NEW_CLASSPATH [batches]}; bench/percpu/run --baseline
 * REV builds the old runtime from git and runs it.
 */
public final class DisabledCost {

  private static final String[] OPERATIONS = {"this_cpu_inc", "__this_cpu_inc", "raw_cpu_inc", "this_cpu_read"};
  private static final int CALLS_PER_BATCH = 2_000;

  private DisabledCost() {}

  /** One runtime in a class loader of its own: a counter, and its operations as method handles. */
  private static final class Runtime {
    final String name;
    final Object counter;
    final MethodHandle[] operations = new MethodHandle[OPERATIONS.length];

    Runtime(String name, String classPath) throws Throwable {
      this.name = name;
      List<URL> urls = new ArrayList<>();
      for (String entry : classPath.split(java.io.File.pathSeparator)) {
        urls.add(Path.of(entry).toUri().toURL());
      }
      ClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Class<?> cpu = loader.loadClass("dev.ctxcheck.percpu.Cpu");
      Class<?> preempt = loader.loadClass("dev.ctxcheck.percpu.Preempt");
      Class<?> perCpu = loader.loadClass("dev.ctxcheck.percpu.PerCpu");
      Class<?> perCpuLong = loader.loadClass("dev.ctxcheck.percpu.PerCpuLong");
      lookup.findStatic(cpu, "reset", MethodType.methodType(void.class)).invoke();
      // The __this_cpu_* operations need preemption disabled (CONFIG_DEBUG_PREEMPT); this also
      // keeps the thread on its simulated CPU.
      lookup.findStatic(preempt, "preempt_disable", MethodType.methodType(void.class)).invoke();
      counter = perCpuLong.getConstructor().newInstance();
      for (int i = 0; i < OPERATIONS.length; i++) {
        Class<?> returns = OPERATIONS[i].endsWith("read") ? long.class : void.class;
        operations[i] = lookup.findStatic(perCpu, OPERATIONS[i], MethodType.methodType(returns, perCpuLong))
            .asType(MethodType.methodType(void.class, Object.class));
      }
    }

    /** Nanoseconds per call of operation {@code op} over one batch. */
    double batch(int op) throws Throwable {
      MethodHandle h = operations[op];
      long start = System.nanoTime();
      for (int i = 0; i < CALLS_PER_BATCH; i++) {
        h.invokeExact(counter);
      }
      return (System.nanoTime() - start) / (double) CALLS_PER_BATCH;
    }
  }

  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println("usage: DisabledCost OLD_CLASSPATH NEW_CLASSPATH [batches]");
      System.exit(2);
    }
    Runtime old = new Runtime("before Lockdep", args[0]);
    Runtime current = new Runtime("this runtime", args[1]);
    int batches = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
    System.out.printf(Locale.ROOT, "Lockdep disabled: ns per call, %d alternating batches of %d calls each%n",
        batches, CALLS_PER_BATCH);
    System.out.printf(Locale.ROOT, "%-16s %14s %10s %7s %14s %10s %7s%n",
        "operation", "median before", "this", "ratio", "p10 before", "this", "ratio");
    for (int op = 0; op < OPERATIONS.length; op++) {
      for (int warm = 0; warm < batches / 4; warm++) {
        old.batch(op);
        current.batch(op);
      }
      double[] before = new double[batches];
      double[] now = new double[batches];
      for (int b = 0; b < batches; b++) {
        // Alternate which one goes first, so neither always follows the other.
        if (b % 2 == 0) {
          before[b] = old.batch(op);
          now[b] = current.batch(op);
        } else {
          now[b] = current.batch(op);
          before[b] = old.batch(op);
        }
      }
      Arrays.sort(before);
      Arrays.sort(now);
      double mb = before[batches / 2];
      double mn = now[batches / 2];
      double pb = before[batches / 10];
      double pn = now[batches / 10];
      System.out.printf(Locale.ROOT, "%-16s %14.1f %10.1f %7.2f %14.1f %10.1f %7.2f%n",
          OPERATIONS[op], mb, mn, mn / mb, pb, pn, pn / pb);
    }
  }
}

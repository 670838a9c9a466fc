package dev.ctxcheck.bench;

import dev.ctxcheck.engine.summary.Summary;
import dev.ctxcheck.engine.summary.SummaryCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Times the summary codec alone on a module's summary, in CPU time of the calling thread (a shared
 * machine's wall time says more about the other processes than about the codec):
 * {@code SummaryTiming SUMMARY_FILE [RUNS]}. The first decode and the first encode of a fresh JVM
 * are what one javac run pays; the later runs show the codec once the JIT has compiled it.
 */
public final class SummaryTiming {

  private SummaryTiming() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: SummaryTiming SUMMARY_FILE [RUNS]");
      System.exit(2);
    }
    byte[] file = Files.readAllBytes(Path.of(args[0]));
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    Summary summary = null;
    for (int run = 1; run <= runs; run++) {
      long start = threads.getCurrentThreadCpuTime();
      summary = SummaryCodec.decode(file);
      long decoded = threads.getCurrentThreadCpuTime();
      byte[] bytes = SummaryCodec.encode(summary);
      long encoded = threads.getCurrentThreadCpuTime();
      if (!SummaryCodec.decode(bytes).equals(summary)) {
        throw new IllegalStateException("the summary does not read back as written");
      }
      System.out.printf("run %d: decode %d ms, encode %d ms (cpu), %d bytes written, %d bytes read%n", run,
          (decoded - start) / 1_000_000, (encoded - decoded) / 1_000_000, bytes.length, file.length);
    }
  }
}

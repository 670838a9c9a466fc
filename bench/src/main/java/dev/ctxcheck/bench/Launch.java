package dev.ctxcheck.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The child process of one benchmark run: compiles with javac (in this JVM, as the {@code javac}
 * launcher does) and records what the process itself can see: CPU time, peak RSS and peak heap.
 *
 * <p>{@code Launch STATS_FILE MODE -- JAVAC_ARGS...}, where MODE is {@code javac} (plain javac;
 * Error Prone, if any, comes in through {@code -Xplugin} and the processor path) or {@code
 * ep-api[+ctxcheck]} (Error Prone's own compiler entry point, with its default checks plus, with
 * {@code +ctxcheck}, the ctxcheck checks, which must then be on this JVM's class path) or {@code
 * source} (ctxcheck's source engine over the same files; the JavaParser front end must then be on
 * this JVM's class path).
 */
public final class Launch {

  private Launch() {}

  public static void main(String[] args) throws Exception {
    Path stats = Path.of(args[0]);
    String mode = args[1];
    if (!args[2].equals("--")) {
      throw new IllegalArgumentException("usage: Launch STATS MODE -- ARGS");
    }
    // javac's API does not expand @argfiles, nor does the java launcher inside its own argfile.
    List<String> expanded = new ArrayList<>();
    for (String a : Arrays.copyOfRange(args, 3, args.length)) {
      if (a.startsWith("@")) {
        for (String line : Files.readAllLines(Path.of(a.substring(1)), StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            expanded.add(line.strip());
          }
        }
      } else {
        expanded.add(a);
      }
    }
    String[] javacArgs = expanded.toArray(String[]::new);
    AtomicLong peakUsed = new AtomicLong();
    AtomicLong peakAfterGc = new AtomicLong();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
          return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
        peakUsed.accumulateAndGet(sum(info.getMemoryUsageBeforeGc()), Math::max);
        peakAfterGc.accumulateAndGet(sum(info.getMemoryUsageAfterGc()), Math::max);
      }, null, null);
    }
    long t0 = System.nanoTime();
    int rc;
    if (mode.equals("javac")) {
      rc = com.sun.tools.javac.Main.compile(javacArgs);
    } else if (mode.startsWith("ep-api")) {
      rc = EpApi.compile(mode.endsWith("+ctxcheck"), javacArgs);
    } else if (mode.equals("source")) {
      rc = SourceEngine.analyze(javacArgs);
    } else {
      throw new IllegalArgumentException("mode " + mode);
    }
    long wallNanos = System.nanoTime() - t0;
    long heapNow = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    peakUsed.accumulateAndGet(heapNow, Math::max);
    List<String> out = new ArrayList<>();
    out.add("rc=" + rc);
    out.add("compileWallMs=" + wallNanos / 1_000_000);
    long[] cpu = procCpuTicks();
    if (cpu != null) {
      out.add("userMs=" + cpu[0] * 10);
      out.add("sysMs=" + cpu[1] * 10);
    }
    out.add("peakHeapMb=" + peakUsed.get() / (1024 * 1024));
    out.add("peakHeapAfterGcMb=" + peakAfterGc.get() / (1024 * 1024));
    out.add("maxHeapMb=" + Runtime.getRuntime().maxMemory() / (1024 * 1024));
    Long hwm = vmHwmKb();
    if (hwm != null) {
      out.add("peakRssMb=" + hwm / 1024);
    }
    Files.write(stats, out, StandardCharsets.UTF_8);
    System.exit(rc);
  }

  private static long sum(Map<String, MemoryUsage> pools) {
    long s = 0;
    for (MemoryUsage u : pools.values()) {
      s += u.getUsed();
    }
    return s;
  }

  /** utime and stime of this process in clock ticks (USER_HZ, 100 on Linux), or null. */
  private static long[] procCpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Long vmHwmKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }
}

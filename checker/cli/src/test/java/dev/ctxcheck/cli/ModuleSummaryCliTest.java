package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.summary.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --summary-out} writes a program's summary; a later run finds it on {@code --classpath}. */
class ModuleSummaryCliTest {

  @TempDir
  Path tmp;

  CliSandbox sandbox;

  @BeforeEach
  void sandbox() throws IOException {
    sandbox = new CliSandbox(tmp);
    sandbox.write("lib/com/example/lib/RxStats.java", """
        package com.example.lib;

        import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

        import dev.ctxcheck.annotations.SoftirqContext;
        import dev.ctxcheck.percpu.PerCpuLong;

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
        """);
    sandbox.write("driver/com/example/driver/NicDriver.java", """
        package com.example.driver;

        import com.example.lib.RxStats;
        import dev.ctxcheck.percpu.Irq;

        public final class NicDriver {
          public static void probe() {
            Irq.request_irq(11, NicDriver::nic_irq);
          }

          static int nic_irq(int irq) {
            RxStats.count_rx();
            return Irq.IRQ_HANDLED;
          }
        }
        """);
    // The library as a build without the plugin leaves it: classes only.
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int status = javac.run(null, null, null, "-d", tmp.resolve("lib-classes").toString(), "-classpath",
        System.getProperty("java.class.path"), tmp.resolve("lib/com/example/lib/RxStats.java").toString());
    assertEquals(0, status);
  }

  @Test
  void summaryWrittenForOneProgramIsReadForTheNext() {
    CliSandbox.Run lib = sandbox.ctxcheck(tmp, "--summary-out", "lib-classes", "lib");
    assertEquals(0, lib.exit(), lib.err());
    assertTrue(Files.isRegularFile(tmp.resolve("lib-classes").resolve(Summary.RESOURCE)));

    CliSandbox.Run driver = sandbox.ctxcheck(tmp, "--classpath", "lib-classes", "driver");
    assertEquals(1, driver.exit(), driver.out() + driver.err());
    assertTrue(driver.out().startsWith("driver/com/example/driver/NicDriver.java:12:5: warning: "
        + "[NonAtomicPerCpuUpdate] __this_cpu_inc(rx_packets) can lose updates: reached in SOFTIRQ "
        + "(net_rx_action -> count_rx) and in HARDIRQ (nic_irq -> count_rx), which can interrupt it; use "
        + "this_cpu_inc [the update is in a dependency, at com/example/lib/RxStats.java:17;"), driver.out());

    CliSandbox.Run without = sandbox.ctxcheck(tmp, "--classpath", "lib-classes", "--engine", "source",
        "--summary-out", "out", "driver");
    assertEquals(2, without.exit());
    assertTrue(without.err().contains("--summary-out needs the javac engine"), without.err());
  }

  @Test
  void damagedSummaryIsNamedAndSkipped() throws IOException {
    Path summary = tmp.resolve("lib-classes").resolve(Summary.RESOURCE);
    Files.createDirectories(summary.getParent());
    Files.writeString(summary, "garbage");
    CliSandbox.Run driver = sandbox.ctxcheck(tmp, "--classpath", "lib-classes", "driver");
    assertEquals(0, driver.exit(), driver.out() + driver.err());
    assertEquals(List.of("ctxcheck: warning: [ctxcheck] skipping the ctxcheck summary of "
        + tmp.resolve("lib-classes") + " (on the class path): it is damaged (ZipException: Not in GZIP format)"),
        driver.err().lines().toList());
  }
}

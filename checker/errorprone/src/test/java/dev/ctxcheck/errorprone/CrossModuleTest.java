package dev.ctxcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One program compiled as one module and as three (library, driver, app), each compile reading the
 * summaries its dependencies left in their class outputs (docs/modules.md).
 */
class CrossModuleTest {

  static final String LIB = """
      package com.example.lib;

      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

      import dev.ctxcheck.annotations.SoftirqContext;
      import dev.ctxcheck.percpu.PerCpuLong;

      /** The receive counters, and the receive softirq that counts. */
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
      """;

  static final String DRIVER = """
      package com.example.driver;

      import com.example.lib.RxStats;
      import dev.ctxcheck.percpu.Irq;

      /** A network card whose interrupt handler counts received packets through the library. */
      public final class NicDriver {
        public static void probe() {
          Irq.request_irq(11, NicDriver::nic_irq);
        }

        static int nic_irq(int irq) {
          RxStats.count_rx();
          return Irq.IRQ_HANDLED;
        }
      }
      """;

  static final String APP = """
      package com.example.app;

      import com.example.lib.RxStats;
      import dev.ctxcheck.annotations.ProcessContext;

      /** A system call that counts too, in process context. */
      public final class Syscalls {
        @ProcessContext
        public static void sys_recv() {
          RxStats.count_rx();
        }
      }
      """;

  @TempDir
  Path dir;

  /** A warning as a build shows it: file name, line, the check's message without its link. */
  record Warning(String file, long line, String message) {
    @Override
    public String toString() {
      return file + ":" + line + ": " + message;
    }
  }

  static List<Warning> warnings(Compiler.Outcome outcome) {
    List<Warning> out = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : outcome.diagnostics()) {
      // The plugin's own warnings (a summary skipped) are not findings.
      if (d.getKind() == Diagnostic.Kind.WARNING && d.getLineNumber() > 0) {
        String name = Path.of(d.getSource().toUri()).getFileName().toString();
        String message = d.getMessage(Locale.ROOT);
        int link = message.indexOf("\n");
        out.add(new Warning(name, d.getLineNumber(), link < 0 ? message : message.substring(0, link)));
      }
    }
    return out;
  }

  Path source(String module, String text) throws IOException {
    String pkg = text.substring(text.indexOf("package ") + 8, text.indexOf(';'));
    String name = text.substring(text.indexOf("public final class ") + 19);
    name = name.substring(0, name.indexOf(' '));
    Path file = dir.resolve(module).resolve(pkg.replace('.', '/')).resolve(name + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  Compiler.Outcome compile(String module, List<Path> files, Path... dependencies) throws IOException {
    Path classes = dir.resolve(module + "-classes");
    Files.createDirectories(classes);
    Compiler.Outcome outcome = Compiler.compile(files, classes, List.of(dependencies), context -> { });
    assertTrue(outcome.success(), module + ": " + outcome.diagnostics());
    return outcome;
  }

  /** The suffix of a finding a module reports for a dependency's site: where that site is. */
  static final java.util.regex.Pattern PLACED =
      java.util.regex.Pattern.compile(" \\[the update is in a dependency, at (\\S+):(\\d+); this module's code here makes the race\\]$");

  /**
   * The findings of the modules, compiled in dependency order, as the whole program's would be: a
   * finding placed in a module for a dependency's site goes back to that site, and of the findings
   * on one site and check the last module's stands (it saw the most of the program).
   */
  static List<Warning> asOneProgram(List<List<Warning>> modules) {
    java.util.Map<String, Warning> bySite = new java.util.TreeMap<>();
    for (List<Warning> module : modules) {
      for (Warning w : module) {
        java.util.regex.Matcher m = PLACED.matcher(w.message());
        Warning site = m.find()
            ? new Warning(m.group(1).substring(m.group(1).lastIndexOf('/') + 1), Long.parseLong(m.group(2)),
                w.message().substring(0, m.start()))
            : w;
        String check = site.message().substring(0, site.message().indexOf(']') + 1);
        bySite.put(site.file() + ":" + String.format("%06d", site.line()) + check, site);
      }
    }
    return new ArrayList<>(bySite.values());
  }

  static List<Warning> sorted(List<Warning> warnings) {
    List<Warning> out = new ArrayList<>(warnings);
    out.sort(java.util.Comparator.comparing(Warning::file).thenComparingLong(Warning::line)
        .thenComparing(Warning::message));
    return out;
  }

  @Test
  void threeModulesReportWhatOneModuleReports() throws IOException {
    Path lib = source("lib", LIB);
    Path driver = source("driver", DRIVER);
    Path app = source("app", APP);
    List<Warning> whole = warnings(compile("whole", List.of(lib, driver, app)));
    assertEquals(2, whole.size(), whole.toString());

    List<Warning> libOnly = warnings(compile("lib", List.of(lib)));
    List<Warning> driverOnly = warnings(compile("driver", List.of(driver), dir.resolve("lib-classes")));
    List<Warning> appOnly = warnings(compile("app", List.of(app), dir.resolve("lib-classes"),
        dir.resolve("driver-classes")));

    // The library alone runs its update in one context: nothing to report.
    assertEquals(List.of(), libOnly);
    // The driver adds HARDIRQ: reported once, at its call into the library, with the library's site.
    assertEquals(1, driverOnly.size(), driverOnly.toString());
    assertEquals(new Warning("NicDriver.java", 13, "[NonAtomicPerCpuUpdate] __this_cpu_inc(rx_packets) can lose "
        + "updates: reached in SOFTIRQ (net_rx_action -> count_rx) and in HARDIRQ (nic_irq -> count_rx), which "
        + "can interrupt it; use this_cpu_inc [the update is in a dependency, at com/example/lib/RxStats.java:18; this module's "
        + "code here makes the race]"), driverOnly.get(0));
    // The app adds PROCESS: both checks, at its call; the driver's race is not reported again on its own.
    assertEquals(List.of("Syscalls.java:10", "Syscalls.java:10"),
        appOnly.stream().map(w -> w.file() + ":" + w.line()).toList());
    assertEquals(sorted(whole), asOneProgram(List.of(libOnly, driverOnly, appOnly)));
  }

  @Test
  void aNewWriterIsReportedAtItsOwnUpdate() throws IOException {
    Path lib = source("lib", """
        package com.example.lib;

        import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

        import dev.ctxcheck.annotations.ProcessContext;
        import dev.ctxcheck.percpu.PerCpuLong;
        import dev.ctxcheck.percpu.Preempt;

        /** Counted in process context with preemption disabled: safe while nothing else writes. */
        public final class Events {
          public static final PerCpuLong events = new PerCpuLong();

          @ProcessContext
          public static void sys_event() {
            Preempt.preempt_disable();
            __this_cpu_inc(events);
            Preempt.preempt_enable();
          }
        }
        """);
    Path timer = source("timer", """
        package com.example.timer;

        import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

        import com.example.lib.Events;
        import dev.ctxcheck.annotations.SoftirqContext;

        /** A timer that counts the same events from softirq context. */
        public final class EventTimer {
          @SoftirqContext
          public static void timer_fn() {
            __this_cpu_inc(Events.events);
          }
        }
        """);
    List<Warning> whole = warnings(compile("whole", List.of(lib, timer)));
    assertEquals(1, whole.size(), whole.toString());
    assertEquals(List.of(), warnings(compile("lib", List.of(lib))));
    List<Warning> timerOnly = warnings(compile("timer", List.of(timer), dir.resolve("lib-classes")));
    assertEquals(List.of("EventTimer.java:12"), timerOnly.stream().map(w -> w.file() + ":" + w.line()).toList());
    assertEquals(sorted(whole), asOneProgram(List.of(timerOnly)));
  }

  /** The library's class output as a jar, as a build's dependency is. */
  Path jar(String name, Path classes) throws IOException {
    Path jar = dir.resolve(name);
    try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar));
        java.util.stream.Stream<Path> files = Files.walk(classes)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new java.util.zip.ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
        out.write(Files.readAllBytes(f));
        out.closeEntry();
      }
    }
    return jar;
  }

  static List<String> ctxcheckWarnings(Compiler.Outcome outcome) {
    return outcome.diagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.WARNING)
        .map(d -> d.getMessage(Locale.ROOT)).filter(m -> m.startsWith("[ctxcheck]")).toList();
  }

  @Test
  void summaryInAJarIsRead() throws IOException {
    Path lib = source("lib", LIB);
    compile("lib", List.of(lib));
    Path libJar = jar("lib.jar", dir.resolve("lib-classes"));
    List<Warning> driverOnly = warnings(compile("driver", List.of(source("driver", DRIVER)), libJar));
    assertEquals(List.of("NicDriver.java:13"), driverOnly.stream().map(w -> w.file() + ":" + w.line()).toList());
  }

  @Test
  void damagedAndMismatchedSummariesAreSkippedWithOneWarningEach() throws IOException {
    Path lib = source("lib", LIB);
    compile("lib", List.of(lib));
    Path summary = dir.resolve("lib-classes").resolve(dev.ctxcheck.engine.summary.Summary.RESOURCE);
    byte[] good = Files.readAllBytes(summary);
    Files.write(summary, java.util.Arrays.copyOf(good, good.length / 2));
    Path damagedJar = jar("damaged.jar", dir.resolve("lib-classes"));
    Compiler.Outcome damaged = compile("driver", List.of(source("driver", DRIVER)), damagedJar);
    assertEquals(List.of(), warnings(damaged));
    List<String> said = ctxcheckWarnings(damaged);
    assertEquals(1, said.size(), said.toString());
    assertTrue(said.get(0).startsWith("[ctxcheck] skipping the ctxcheck summary of " + damagedJar
        + " (on the class path): it is damaged ("), said.get(0));

    // A summary of another format: the stream's first field says which.
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(bytes);
        com.fasterxml.jackson.core.JsonGenerator out =
            com.fasterxml.jackson.dataformat.smile.SmileFactory.builder().build().createGenerator(gzip)) {
      out.writeStartObject();
      out.writeNumberField("format", 99);
      out.writeEndObject();
    }
    Files.write(summary, bytes.toByteArray());
    Compiler.Outcome mismatched = compile("driver2", List.of(dir.resolve("driver/com/example/driver/NicDriver.java")),
        dir.resolve("lib-classes"));
    said = ctxcheckWarnings(mismatched);
    assertEquals(List.of("[ctxcheck] skipping the ctxcheck summary of " + dir.resolve("lib-classes")
        + " (on the class path): its format is 99, this ctxcheck reads format 1 (rebuild the module with this "
        + "ctxcheck)"), said);
  }

  @Test
  void aRaceTwoDependenciesMakeTogetherIsAWarningWithoutAPlace() throws IOException {
    Path lib = source("lib", """
        package com.example.lib;

        import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

        import dev.ctxcheck.percpu.PerCpuLong;

        public final class Counter {
          static final PerCpuLong hits = new PerCpuLong();

          public static void hit() {
            __this_cpu_inc(hits);
          }
        }
        """);
    Path soft = source("soft", """
        package com.example.soft;

        import com.example.lib.Counter;
        import dev.ctxcheck.annotations.SoftirqContext;

        public final class Tasklet {
          @SoftirqContext
          public static void run() {
            Counter.hit();
          }
        }
        """);
    Path hard = source("hard", """
        package com.example.hard;

        import com.example.lib.Counter;
        import dev.ctxcheck.annotations.HardirqContext;

        public final class Handler {
          @HardirqContext
          public static void irq() {
            Counter.hit();
          }
        }
        """);
    Path app = source("app", """
        package com.example.app;

        public final class Main {
          public static void main(String[] args) {}
        }
        """);
    Path libClasses = dir.resolve("lib-classes");
    assertEquals(List.of(), warnings(compile("lib", List.of(lib))));
    assertEquals(List.of(), warnings(compile("soft", List.of(soft), libClasses)));
    assertEquals(List.of(), warnings(compile("hard", List.of(hard), libClasses)));
    Compiler.Outcome both = compile("app", List.of(app), libClasses, dir.resolve("soft-classes"),
        dir.resolve("hard-classes"));
    assertEquals(List.of(), warnings(both));
    List<String> said = both.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.WARNING)
        .map(d -> d.getMessage(Locale.ROOT)).toList();
    assertEquals(List.of("[NonAtomicPerCpuUpdate] __this_cpu_inc(hits) can lose updates: reached in SOFTIRQ (run -> hit)"
        + " and in HARDIRQ (irq -> hit), which can interrupt it;"
        + " use this_cpu_inc [the update is in a dependency, at com/example/lib/Counter.java:11; the dependencies of"
        + " this module make the race together]"), said);
  }

  @Test
  void summariesOffWritesNoneAndReadsNone() throws IOException {
    Path lib = source("lib", LIB);
    compile("lib", List.of(lib));
    Path off = dir.resolve("lib-off-classes");
    Files.createDirectories(off);
    assertTrue(Compiler.compile(List.of(lib), off, context -> { }, "-XepOpt:Ctxcheck:Summaries=false").success());
    assertTrue(Files.isRegularFile(dir.resolve("lib-classes").resolve(dev.ctxcheck.engine.summary.Summary.RESOURCE)));
    assertFalse(Files.exists(off.resolve(dev.ctxcheck.engine.summary.Summary.RESOURCE)));
    Path driverClasses = dir.resolve("driver-classes");
    Files.createDirectories(driverClasses);
    Compiler.Outcome driver = Compiler.compile(List.of(source("driver", DRIVER)), driverClasses,
        List.of(dir.resolve("lib-classes")), context -> { }, "-XepOpt:Ctxcheck:Summaries=false");
    assertEquals(List.of(), warnings(driver));
  }

  @Test
  void aDependencysSuppressionHoldsDownstreamEvenIfItsOwnBuildIgnoredIt() throws IOException {
    Path lib = source("lib", LIB.replace("  public static void count_rx() {",
        "  @SuppressWarnings(\"NonAtomicPerCpuUpdate\")\n  public static void count_rx() {"));
    Path libClasses = dir.resolve("lib-classes");
    Files.createDirectories(libClasses);
    assertTrue(Compiler.compile(List.of(lib), libClasses, context -> { }, "-XepIgnoreSuppressionAnnotations")
        .success());
    assertEquals(List.of(), warnings(compile("driver", List.of(source("driver", DRIVER)), libClasses)));
  }
}

package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpu;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/aio, which the README's first command runs: ctxcheck reports the two sites of the 2014
 * bug, and its fix really repairs the program on the simulated runtime. The runtime's Lockdep
 * reports the same two sites on a run where no interrupt splits an update, and nothing after the
 * fix.
 */
class ExampleTest {

  private static final Path EXAMPLE = Scenario.root().resolveSibling("examples").resolve("aio");

  @TempDir Path tmp;

  @Test
  void reportsTheTwoSitesOfTheBug() {
    StringWriter out = new StringWriter();
    int exit = Main.run(new String[] {EXAMPLE.toString()}, tmp, new PrintWriter(out), new PrintWriter(new StringWriter()));
    assertEquals(Main.FINDINGS, exit);
    List<String> lines = out.toString().lines().toList();
    assertEquals(3, lines.size(), out.toString());
    assertTrue(lines.get(0).contains("PercpuRef.java:31:5: warning: [NonAtomicPerCpuUpdate] __this_cpu_inc(pcpu_count)"
        + " can lose updates: reached in PROCESS with preemption disabled"), lines.get(0));
    assertTrue(lines.get(1).contains("PercpuRef.java:37:5: warning: [NonAtomicPerCpuUpdate] __this_cpu_dec(pcpu_count)"
        + " can lose updates"), lines.get(1));
  }

  @Test
  void theFixRepairsTheLostUpdate() throws Exception {
    Path copy = copyOfTheExample();
    assertEquals(1, replay(copy, "before"), "as written, a softirq's decrement is lost");
    int exit = Main.run(new String[] {"--fix", copy.toString()}, tmp, new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    assertEquals(Main.FINDINGS, exit);
    // Both __this_cpu_* imports are left unused and go; this_cpu_dec comes in where the order puts it.
    String fixed = Files.readString(copy.resolve("PercpuRef.java"));
    assertEquals(List.of(
            "import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;",
            "import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;",
            "import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;",
            "import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;",
            "import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_sched;",
            "",
            "import dev.ctxcheck.percpu.PerCpuLong;"),
        fixed.lines().dropWhile(l -> !l.startsWith("import")).takeWhile(l -> !l.isEmpty() || true)
            .limit(7).toList(), fixed);
    assertEquals(Files.readString(EXAMPLE.resolve("PercpuRef.java"))
        .replace("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;\n", "")
        .replace("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;\n", "")
        .replace("import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;\n",
            "import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;\nimport static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;\n")
        .replace("__this_cpu_inc(", "this_cpu_inc(").replace("__this_cpu_dec(", "this_cpu_dec("), fixed,
        "nothing else changes");
    assertEquals(0, replay(copy, "after"), "after ctxcheck --fix the count reaches zero, and it compiles");
  }

  /**
   * The runtime twin: with Lockdep enabled, a run in which every interrupt arrives between the
   * updates, so that nothing is lost, reports the inconsistent usage at the two sites ctxcheck
   * reports statically.
   */
  @Test
  void lockdepReportsTheTwoSitesWithoutTheInterruptLandingInsideAnUpdate() throws Exception {
    Run run = run(EXAMPLE, "lockdep", "completeBetweenTheUpdates", true);
    assertEquals(0L, run.result(), "nothing was lost in this run");
    assertEquals(List.of("PercpuRef.java:31", "PercpuRef.java:37"), run.nonAtomicSites());
    assertTrue(run.reports().get(0).startsWith("ctxcheck-percpu: inconsistent per-CPU usage of PerCpuLong"
        + " allocated at example.aio.PercpuRef.<init>(PercpuRef.java:"), run.reports().get(0));
    assertTrue(run.reports().get(0).contains("__this_cpu_inc() in PROCESS with preemption disabled is not atomic, and\n"
        + "  __this_cpu_dec() in SOFTIRQ can interrupt it"), run.reports().get(0));
    assertTrue(run.reports().get(1).contains("__this_cpu_dec() in PROCESS with preemption disabled is not atomic"),
        run.reports().get(1));
    assertEquals(List.of(), run(EXAMPLE, "lockdep", "completeBetweenTheUpdates", false).reports(), "off by default");
  }

  @Test
  void afterTheFixLockdepIsSilent() throws Exception {
    Path copy = copyOfTheExample();
    Main.run(new String[] {"--fix", copy.toString()}, tmp, new PrintWriter(new StringWriter()),
        new PrintWriter(new StringWriter()));
    Run run = run(copy, "fixed-lockdep", "completeBetweenTheUpdates", true);
    assertEquals(0L, run.result());
    assertEquals(List.of(), run.reports());
  }

  /** README: {@code java -Dctxcheck.lockdep=true ... example.aio.Demo} prints the report. */
  @Test
  void theSystemPropertyPrintsTheReportFromTheDemo() throws Exception {
    Path classes = compile(EXAMPLE, "main");
    String cp = classes + java.io.File.pathSeparator + runtimeClassPath();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Dctxcheck.lockdep=true", "-cp", cp, "example.aio.Demo")
        .redirectErrorStream(true)
        .start();
    List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), String.join("\n", lines));
    // The reports come during the first run, before its result line: no interrupt had split an update.
    assertTrue(lines.get(0).startsWith("ctxcheck-percpu: inconsistent per-CPU usage of PerCpuLong allocated at"
        + " example.aio.PercpuRef.<init>(PercpuRef.java:"), lines.get(0));
    assertTrue(lines.contains("    at example.aio.PercpuRef.get(PercpuRef.java:31)"), lines.toString());
    assertEquals(2, lines.stream().filter(l -> l.startsWith("ctxcheck-percpu: inconsistent per-CPU usage")).count());
    int first = lines.indexOf("completions between the updates: references left after io_destroy: 0 (context freed)");
    assertTrue(first > 0, lines.toString());
    assertEquals("a completion inside an update:    references left after io_destroy: 1"
        + " (context never freed: an update was lost)", lines.get(lines.size() - 1));
  }

  private Path copyOfTheExample() throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("aio"));
    try (Stream<Path> files = Files.list(EXAMPLE)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  /** Compiles the example and runs Demo.replay() with a runtime of its own (fresh simulated CPUs). */
  private long replay(Path sources, String name) throws Exception {
    return (long) run(sources, name, "replay", false).result();
  }

  /** What a run of one of Demo's methods returned, and the runtime's Lockdep reports, as printed. */
  private record Run(Object result, List<String> reports, List<String> nonAtomicSites) {}

  /**
   * Compiles the example and runs {@code Demo.method()} with a runtime of its own: fresh simulated
   * CPUs, and a Lockdep that is enabled, or not, for this run alone.
   */
  private Run run(Path sources, String name, String method, boolean lockdep) throws Exception {
    Path classes = compile(sources, name);
    List<URL> urls = new ArrayList<>(List.of(classes.toUri().toURL()));
    for (String entry : runtimeClassPath().split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> lockdepClass = loader.loadClass("dev.ctxcheck.percpu.Lockdep");
      if (lockdep) {
        lockdepClass.getMethod("enable").invoke(null);
      }
      Method demo = loader.loadClass("example.aio.Demo").getDeclaredMethod(method);
      demo.setAccessible(true);
      Object result;
      PrintStream err = System.err;
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      try {
        result = demo.invoke(null);
      } finally {
        System.setErr(err);
      }
      List<String> reports = new ArrayList<>();
      List<String> sites = new ArrayList<>();
      for (Object report : (List<?>) lockdepClass.getMethod("reports").invoke(null)) {
        reports.add(report.toString());
        Object nonAtomic = report.getClass().getMethod("nonAtomic").invoke(report);
        StackTraceElement site = (StackTraceElement) nonAtomic.getClass().getMethod("site").invoke(nonAtomic);
        sites.add(site.getFileName() + ":" + site.getLineNumber());
      }
      return new Run(result, reports, sites);
    }
  }

  private Path compile(Path sources, String name) throws Exception {
    Path classes = tmp.resolve("classes-" + name);
    if (Files.isDirectory(classes)) {
      return classes;
    }
    Files.createDirectories(classes);
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", runtimeClassPath()));
    try (Stream<Path> files = Files.list(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)));
    return classes;
  }

  private static String runtimeClassPath() throws Exception {
    return Path.of(ProcessContext.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        + java.io.File.pathSeparator
        + Path.of(PerCpu.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}

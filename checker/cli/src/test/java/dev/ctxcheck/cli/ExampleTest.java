package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpu;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/aio, which the README's first command runs: ctxcheck reports the two sites of the 2014
 * bug, and its fix really repairs the program on the simulated runtime.
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
    Path copy = Files.createDirectories(tmp.resolve("aio"));
    try (Stream<Path> files = Files.list(EXAMPLE)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
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

  /** Compiles the example and runs Demo.replay() with a runtime of its own (fresh simulated CPUs). */
  private long replay(Path sources, String name) throws Exception {
    Path classes = Files.createDirectories(tmp.resolve("classes-" + name));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", runtimeClassPath()));
    try (Stream<Path> files = Files.list(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)));
    List<URL> urls = new ArrayList<>(List.of(classes.toUri().toURL()));
    for (String entry : runtimeClassPath().split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Method replay = loader.loadClass("example.aio.Demo").getDeclaredMethod("replay");
      replay.setAccessible(true);
      return (long) replay.invoke(null);
    }
  }

  private static String runtimeClassPath() throws Exception {
    return Path.of(ProcessContext.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        + java.io.File.pathSeparator
        + Path.of(PerCpu.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}

package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.annotations.ProcessContext;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs that are Java modules: a {@code module-info.java} among the sources makes the javac
 * engine put the annotations, the runtime and {@code --classpath} on the module path; several make
 * one program of several modules. The source engine reads module declarations and goes on. Both
 * engines must give the same findings.
 */
class ModularProgramTest {

  @TempDir Path tmp;

  private CliSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new CliSandbox(tmp);
  }

  private static final String STATS = """
      package net.stats;

      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
      import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

      import dev.ctxcheck.percpu.PerCpuLong;

      public final class NetStats {
        static final PerCpuLong tx_bytes = new PerCpuLong();

        public static void account(int len) {
          __this_cpu_add(tx_bytes, len);
        }

        public static void count_irq() {
          this_cpu_inc(tx_bytes);
        }
      }
      """;

  private static final String DRIVER = """
      package net.driver;

      import dev.ctxcheck.annotations.ProcessContext;
      import dev.ctxcheck.percpu.Irq;
      import dev.ctxcheck.percpu.Preempt;
      import net.stats.NetStats;

      public final class Driver {
        public static void probe() {
          Irq.request_irq(7, Driver::tx_irq);
        }

        @ProcessContext
        public static void ndo_start_xmit(int len) {
          Preempt.preempt_disable();
          NetStats.account(len);
          Preempt.preempt_enable();
        }

        static int tx_irq(int irq) {
          NetStats.count_irq();
          return Irq.IRQ_HANDLED;
        }
      }
      """;

  private static final String RACE = "stats/net/stats/NetStats.java:12:5: warning: [NonAtomicPerCpuUpdate] "
      + "__this_cpu_add(tx_bytes, len) can lose updates: reached in PROCESS with preemption disabled "
      + "(ndo_start_xmit [preempt_disable] -> account) and updated in HARDIRQ by this_cpu_inc(tx_bytes) at "
      + "NetStats.java:16 (tx_irq -> count_irq), which can interrupt it; use this_cpu_add";

  /** Two modules side by side, as a multi-module build lays them out; the race spans them. */
  private Path twoModules() throws IOException {
    sandbox.write("tree/stats/module-info.java", """
        module net.stats {
          requires transitive dev.ctxcheck.percpu;
          exports net.stats;
        }
        """);
    sandbox.write("tree/stats/net/stats/NetStats.java", STATS);
    sandbox.write("tree/driver/module-info.java", """
        module net.driver {
          requires net.stats;
        }
        """);
    sandbox.write("tree/driver/net/driver/Driver.java", DRIVER);
    return tmp.resolve("tree");
  }

  @Test
  void oneModuleIsAnalysedByBothEngines() throws IOException {
    sandbox.write("tree/stats/module-info.java", """
        module net.stats {
          requires dev.ctxcheck.annotations;
          requires dev.ctxcheck.percpu;
        }
        """);
    sandbox.write("tree/stats/net/stats/NetStats.java", STATS);
    sandbox.write("tree/stats/net/stats/Driver.java",
        DRIVER.replace("package net.driver;", "package net.stats;")
            .replace("import net.stats.NetStats;\n", ""));
    assertBothEnginesReport(tmp.resolve("tree"), RACE);
  }

  @Test
  void modulesOfOneTreeAreAnalysedTogetherByBothEngines() throws IOException {
    assertBothEnginesReport(twoModules(), RACE);
  }

  @Test
  void sourceEngineTakesModuleDeclarationsAsAnalysedFiles() throws IOException {
    Path tree = twoModules();
    CliSandbox.Run run = sandbox.ctxcheck(tree, "--engine", "source", "--verbose", ".");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    assertTrue(run.err().contains("source engine: 4 of 4 files analysed"), run.err());
    assertFalse(run.err().contains("left out"), run.err());
  }

  @Test
  void fixRewritesTheModulesSources() throws IOException {
    Path tree = twoModules();
    CliSandbox.Run run = sandbox.ctxcheck(tree, "--fix", ".");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    assertTrue(Files.readString(tree.resolve("stats/net/stats/NetStats.java"))
        .contains("    this_cpu_add(tx_bytes, len);"));
    CliSandbox.Run after = sandbox.ctxcheck(tree, ".");
    assertEquals(0, after.exit(), after.err() + after.out());
  }

  @Test
  void multiModuleModeGetsEachModulesRootAndAClassOutputThatIsDeletedAfter() throws IOException {
    Path tree = twoModules().toRealPath();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(tree)) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    Path classOutput;
    try (JavacPaths paths = JavacPaths.of(sources, List.of())) {
      List<String> options = paths.options();
      assertTrue(options.containsAll(List.of("--module-source-path", "net.stats=" + tree.resolve("stats"),
          "--module-source-path", "net.driver=" + tree.resolve("driver"))), options.toString());
      classOutput = Path.of(options.get(options.indexOf("-d") + 1));
      assertTrue(Files.isDirectory(classOutput));
    }
    assertFalse(Files.exists(classOutput), "the class output folder is left behind");
  }

  /**
   * The program's own dependencies are modules too: an exploded module (a class folder with
   * module-info.class) and a plain jar, which is an automatic module named after the file. The
   * race exists only through the context annotations on their registration methods.
   */
  @Test
  void classpathEntriesAreModulesOfAModularProgram() throws IOException {
    Path irqchip = compile("irqchip", """
        module irqchip {
          requires dev.ctxcheck.annotations;
          exports irqchip;
        }
        """, "irqchip/IrqChip.java", """
        package irqchip;
        import dev.ctxcheck.annotations.HardirqContext;
        public final class IrqChip {
          public static void register(@HardirqContext Runnable handler) {}
        }
        """);
    Path softnetClasses = compile("softnet", null, "softnet/Softnet.java", """
        package softnet;
        import dev.ctxcheck.annotations.SoftirqContext;
        public final class Softnet {
          public static void raise(@SoftirqContext Runnable action) {}
        }
        """);
    Path softnetJar = jar(softnetClasses, tmp.resolve("lib/softnet.jar"));
    sandbox.write("app/module-info.java", """
        module app {
          requires irqchip;
          requires softnet;
          requires dev.ctxcheck.percpu;
        }
        """);
    sandbox.write("app/app/Counters.java", """
        package app;

        import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

        import dev.ctxcheck.percpu.PerCpuLong;

        final class Counters {
          static final PerCpuLong events = new PerCpuLong();

          static void init() {
            irqchip.IrqChip.register(Counters::count);
            softnet.Softnet.raise(Counters::count);
          }

          static void count() {
            __this_cpu_inc(events);
          }
        }
        """);
    String classpath = irqchip + File.pathSeparator + softnetJar;
    String race = "app/app/Counters.java:16:5: warning: [NonAtomicPerCpuUpdate] __this_cpu_inc(events) can "
        + "lose updates: reached in SOFTIRQ (count) and in HARDIRQ (count), which can interrupt it; "
        + "use this_cpu_inc";
    for (String engine : List.of("javac", "source")) {
      CliSandbox.Run run = sandbox.ctxcheck(tmp, "--engine", engine, "--classpath", classpath, "app");
      assertEquals(Main.FINDINGS, run.exit(), engine + ": " + run.err());
      assertEquals(List.of(race, "1 warning"), run.out().lines().toList(), engine);
    }
  }

  @Test
  void aFolderOfPlainClassesIsNoModule() throws IOException {
    Path plain = compile("plain", null, "plain/Helper.java", """
        package plain;
        public final class Helper {
          public static void help() {}
        }
        """);
    sandbox.write("app/module-info.java", "module app {\n  requires dev.ctxcheck.percpu;\n}\n");
    sandbox.write("app/app/Uses.java",
        "package app;\nclass Uses {\n  void f() { plain.Helper.help(); }\n}\n");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--classpath", plain.toString(), "app");
    assertEquals(Main.BAD_INPUT, run.exit(), run.out());
    assertTrue(run.err().contains("app/app/Uses.java:3: package plain is not visible"), run.err());
  }

  @Test
  void aModuleThatIsNotFoundIsNamed() throws IOException {
    sandbox.write("app/module-info.java", """
        module app {
          requires dev.ctxcheck.percpu;
          requires no.such.module;
        }
        """);
    sandbox.write("app/app/A.java", "package app;\nclass A {}\n");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "app");
    assertEquals(Main.BAD_INPUT, run.exit(), run.out());
    assertTrue(run.err().contains("app/module-info.java:3: module not found: no.such.module"), run.err());
  }

  @Test
  void aModuleDeclaredTwiceIsNamed() throws IOException {
    Path tree = twoModules();
    sandbox.write("tree/copy/module-info.java", "module net.stats {\n}\n");
    CliSandbox.Run run = sandbox.ctxcheck(tree, ".");
    assertEquals(Main.BAD_INPUT, run.exit(), run.out());
    Path other = tree.toRealPath().resolve("copy/module-info.java");
    assertTrue(run.err().contains("stats/module-info.java: module net.stats is also declared in " + other),
        run.err());
  }

  @Test
  void aModuleInfoWithoutADeclarationIsNamed() throws IOException {
    Path tree = twoModules();
    sandbox.write("tree/empty/module-info.java", "// to be written\n");
    CliSandbox.Run run = sandbox.ctxcheck(tree, ".");
    assertEquals(Main.BAD_INPUT, run.exit(), run.out());
    assertTrue(run.err().contains("empty/module-info.java: declares no module"), run.err());
  }

  @Test
  void aModuleDeclarationThatDoesNotParseIsNamed() throws IOException {
    Path tree = twoModules();
    Files.writeString(tree.resolve("driver/module-info.java"),
        "module net.driver {\n  requires net.stats\n}\n");
    CliSandbox.Run run = sandbox.ctxcheck(tree, ".");
    assertEquals(Main.BAD_INPUT, run.exit(), run.out());
    assertTrue(run.err().contains("driver/module-info.java:2: ';' expected"), run.err());
  }

  private void assertBothEnginesReport(Path tree, String finding) {
    for (String engine : List.of("javac", "source")) {
      CliSandbox.Run run = sandbox.ctxcheck(tree, "--engine", engine, ".");
      assertEquals(Main.FINDINGS, run.exit(), engine + ": " + run.err());
      assertEquals(List.of(finding, "1 warning"), run.out().lines().toList(), engine);
      assertEquals("", run.err(), engine + ": nothing to say about code that compiles");
    }
  }

  /** Compiles one source file (and a module declaration, if given) into a class folder. */
  private Path compile(String name, String moduleInfo, String file, String source) throws IOException {
    Path src = tmp.resolve("deps-src/" + name);
    List<Path> sources = new ArrayList<>();
    sources.add(write(src.resolve(file), source));
    if (moduleInfo != null) {
      sources.add(write(src.resolve("module-info.java"), moduleInfo));
    }
    Path classes = Files.createDirectories(tmp.resolve("deps/" + name));
    String path = moduleInfo != null ? "--module-path" : "-classpath";
    List<String> args = new ArrayList<>(List.of(path, annotationsLocation(), "-d", classes.toString()));
    sources.forEach(p -> args.add(p.toString()));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(0, javac.run(null, null, null, args.toArray(String[]::new)), "the dependency compiles");
    return classes;
  }

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static Path jar(Path classes, Path jar) throws IOException {
    Files.createDirectories(jar.getParent());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> walk = Files.walk(classes)) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static String annotationsLocation() {
    try {
      return Path.of(ProcessContext.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/ctxcheck --engine source}: the same reports, patches and fixes as the javac engine on
 * code that compiles; on code that does not, it analyses what it can, says what it left out, and
 * keeps exit status 2 for input of which nothing could be analysed.
 */
class SourceModeCliTest {

  @TempDir Path tmp;

  private CliSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new CliSandbox(tmp);
  }

  @Test
  void textSarifAndPatchAreTheJavacEnginesOnCodeThatCompiles() throws IOException {
    sandbox.copySeed("seed");
    for (String format : new String[] {"text", "sarif"}) {
      CliSandbox.Run javac = sandbox.ctxcheck(tmp, "--format", format, "--patch", "javac.patch", "seed");
      CliSandbox.Run source = sandbox.ctxcheck(tmp, "--engine", "source", "--format", format, "--patch", "source.patch", "seed");
      assertEquals(Main.FINDINGS, javac.exit(), javac.err());
      assertEquals(javac.exit(), source.exit(), source.err());
      assertEquals(javac.out(), source.out(), format);
      assertEquals("", source.err(), "nothing to say about code that compiles");
      assertEquals(Files.readString(tmp.resolve("javac.patch")), Files.readString(tmp.resolve("source.patch")));
    }
  }

  @Test
  void fixKeepsEverythingButTheNameToken() throws IOException {
    String before = "package tok;\r\n"
        + "import dev.ctxcheck.annotations.*;\r\n"
        + "import dev.ctxcheck.percpu.*;\r\n"
        + "class Tok {\r\n"
        + "\tstatic final PerCpuLong X = new PerCpuLong();\r\n"
        + "\t/* \u00e9t\u00e9 */ @ProcessContext @SoftirqContext static void both() {\r\n"
        + "\t\tPerCpu . /* why: */ __this_cpu_add(X,\t2 /* two */);\r\n"
        + "\t\tPerCpu\r\n\t\t\t.__this_cpu_inc(X);\r\n"
        + "\t}\r\n"
        + "}";
    Path file = sandbox.write("tok/Tok.java", before);
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--engine", "source", "--fix", "tok");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    assertEquals(before.replace("__this_cpu_add(", "this_cpu_add(").replace(".__this_cpu_inc(", ".this_cpu_inc("),
        Files.readString(file));
  }

  @Test
  void aFixThatNeedsAStaticImportAddsItAsTheJavacEngineDoes() throws IOException {
    String source = """
        package imp;

        import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

        import dev.ctxcheck.annotations.*;
        import dev.ctxcheck.percpu.PerCpuLong;

        class Imp {
          static final PerCpuLong X = new PerCpuLong();
          @SoftirqContext @HardirqContext static void both() { __this_cpu_inc(X); }
        }
        """;
    sandbox.write("imp/Imp.java", source);
    sandbox.ctxcheck(tmp, "--patch", "javac.patch", "imp");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--engine", "source", "--patch", "source.patch", "imp");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    String patch = Files.readString(tmp.resolve("source.patch"));
    assertTrue(patch.contains("+import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;"), patch);
    assertEquals(Files.readString(tmp.resolve("javac.patch")), patch);
  }

  @Test
  void brokenCodeIsAnalysedAsFarAsItGoesAndNotedOnStandardError() throws IOException {
    sandbox.copySeed("seed");
    sandbox.write("seed/Broken.java", "package seed;\nclass Broken {\n  void f( {\n  }\n}\n");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--engine", "source", "seed");
    assertEquals(Main.FINDINGS, run.exit(), "findings could be computed, so the broken file alone is no exit 2: "
        + run.err());
    assertEquals(3, run.out().lines().count(), run.out());
    assertTrue(run.err().contains("ctxcheck: note: analysed what could be parsed; left out:"), run.err());
    assertTrue(run.err().contains("seed/Broken.java:3: does not parse"), run.err());

    CliSandbox.Run javac = sandbox.ctxcheck(tmp, "seed");
    assertEquals(Main.BAD_INPUT, javac.exit(), "the javac engine needs code that compiles");
  }

  @Test
  void brokenCodeWithoutFindingsExitsZero() throws IOException {
    sandbox.write("ok/Ok.java", """
        package ok;
        import static dev.ctxcheck.percpu.PerCpu.*;
        import dev.ctxcheck.annotations.*;
        import dev.ctxcheck.percpu.PerCpuLong;
        class Ok {
          static final PerCpuLong RX = new PerCpuLong();
          @ProcessContext static void read() { this_cpu_inc(RX); }
          void typing() { this_cpu_inc(
        }
        """);
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--engine", "source", "ok");
    assertEquals(0, run.exit(), run.err() + run.out());
    assertEquals("", run.out());
    assertTrue(run.err().contains("ok/Ok.java:"), run.err());
  }

  @Test
  void nothingThatCanBeAnalysedIsBadInputNamingEachFile() throws IOException {
    sandbox.write("bad/A.java", "@@@ !!! ;");
    sandbox.write("bad/B.java", "%%%");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--engine", "source", "bad");
    assertEquals(Main.BAD_INPUT, run.exit(), run.err());
    assertTrue(run.err().contains("ctxcheck: nothing could be analysed:"), run.err());
    assertTrue(run.err().contains("bad/A.java"), run.err());
    assertTrue(run.err().contains("bad/B.java"), run.err());
  }

  @Test
  void missingPathIsBadUsageInSourceModeToo() {
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--engine", "source", "no/such/dir");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("no/such/dir: no such file or directory"), run.err());
  }

  @Test
  void unresolvedCallsAreCountedAndVerboseListsThem() throws IOException {
    sandbox.copySeed("seed");
    sandbox.write("seed/Extra.java", """
        package seed;
        class Extra {
          static void f(Unknown u) { u.frobnicate(); }
        }
        """);
    CliSandbox.Run quiet = sandbox.ctxcheck(tmp, "--engine", "source", "seed");
    assertEquals(Main.FINDINGS, quiet.exit(), quiet.err());
    assertTrue(quiet.err().contains("1 call or name could not be resolved and were left out (--verbose lists them)"),
        quiet.err());
    CliSandbox.Run verbose = sandbox.ctxcheck(tmp, "--engine", "source", "--verbose", "seed");
    assertTrue(verbose.err().contains("seed/Extra.java:3: cannot resolve the call frobnicate(..)"), verbose.err());
    assertTrue(verbose.err().contains("ctxcheck: source engine: 4 of 4 files analysed"), verbose.err());
    assertEquals(quiet.out(), verbose.out());
  }

  /**
   * A user's API outside the tree, known only from its class files on --classpath: CLASS-retention
   * annotations on methods and parameters, read from a jar and from a class directory.
   */
  @Test
  void annotationsOfClassPathEntriesAreReadFromClassFiles() throws Exception {
    Path libSource = sandbox.write("libsrc/lib/Locks.java", """
        package lib;
        import dev.ctxcheck.annotations.*;
        import dev.ctxcheck.percpu.PerCpuLong;
        public final class Locks {
          @Masks(Masked.SOFTIRQ) public static void my_bh_lock() {}
          @Unmasks(Masked.SOFTIRQ) public static void my_bh_unlock() {}
          @PerCpuOperation(value = PerCpuOperation.Kind.NON_ATOMIC_UPDATE, atomicVariant = "stat_inc")
          public static void __stat_inc(PerCpuLong v) {}
          @PerCpuOperation(PerCpuOperation.Kind.ATOMIC_UPDATE) public static void stat_inc(PerCpuLong v) {}
          public static void register(@HardirqContext Runnable r) {}
        }
        """);
    Path classes = tmp.resolve("libclasses");
    Files.createDirectories(classes);
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    String runtime = System.getProperty("java.class.path");
    assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), "-cp", runtime, libSource.toString()));
    Path jar = tmp.resolve("lib.jar");
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new java.util.jar.JarEntry("lib/Locks.class"));
      out.write(Files.readAllBytes(classes.resolve("lib/Locks.class")));
      out.closeEntry();
    }
    sandbox.write("app/App.java", """
        package app;
        import dev.ctxcheck.annotations.ProcessContext;
        import dev.ctxcheck.percpu.PerCpuLong;
        import lib.Locks;
        class App {
          static final PerCpuLong X = new PerCpuLong();
          @ProcessContext static void p() {
            Locks.my_bh_lock();
            Locks.__stat_inc(X);
            Locks.my_bh_unlock();
          }
          static void init() {
            Locks.register(() -> Locks.__stat_inc(X));
          }
        }
        """);
    CliSandbox.Run javacEngine = sandbox.ctxcheck(tmp, "--classpath", "libclasses", "app");
    assertEquals(Main.FINDINGS, javacEngine.exit(), javacEngine.err());
    assertTrue(javacEngine.out().contains("reached in PROCESS with softirqs masked (p [my_bh_lock])"),
        javacEngine.out());
    assertTrue(javacEngine.out().contains("updated in HARDIRQ by __stat_inc(X) at App.java:13 (lambda@App.java:13)"), javacEngine.out());
    assertTrue(javacEngine.out().contains("use stat_inc"), javacEngine.out());
    for (String cp : new String[] {"libclasses", "lib.jar"}) {
      CliSandbox.Run source = sandbox.ctxcheck(tmp, "--engine", "source", "--classpath", cp, "app");
      assertEquals(javacEngine.out(), source.out(), cp);
      assertEquals("", source.err(), cp);
    }
  }

  @Test
  void unknownEngineIsBadUsage() throws IOException {
    sandbox.copySeed("seed");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--engine", "ecj", "seed");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertFalse(run.err().isEmpty());
  }
}

package dev.ctxcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.javac.util.Context;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.summary.Summary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A javac run over some of a module's files, as Gradle's incremental compilation makes, finds what a
 * run over all of them finds: the module's previous summary stands in for the files not compiled.
 */
class IncrementalCompileTest {

  static final String COUNTERS = """
      package drv;

      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

      import dev.ctxcheck.annotations.SoftirqContext;
      import dev.ctxcheck.percpu.PerCpuLong;

      public final class Counters {
        static final PerCpuLong drops = new PerCpuLong();

        @SoftirqContext
        public static void poll() {
          bump();
        }

        public static void bump() {
          __this_cpu_inc(drops);
        }
      }
      """;

  static final String HANDLERS = """
      package drv;

      import dev.ctxcheck.percpu.Irq;

      public final class Handlers {
        public static void probe() {
          Irq.request_irq(5, Handlers::irq);
        }

        static int irq(int irq) {
          Counters.bump();
          return Irq.IRQ_HANDLED;
        }
      }
      """;

  @TempDir
  Path dir;

  Path src;
  Path classes;

  Path write(String name, String text) throws IOException {
    Path file = src.resolve("drv").resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /** The module's findings (in every file of it, compiled now or not), from a compile into {@code out}. */
  List<Finding> compile(Path out, Path... files) throws IOException {
    List<Finding> analysed = new ArrayList<>();
    Files.createDirectories(out);
    Compiler.Outcome outcome = Compiler.compile(List.of(files), out, List.of(out), (Context context) ->
        context.put(FindingSink.KEY, new FindingSink() {
          @Override
          public void analysed(List<Finding> findings) {
            analysed.addAll(findings);
          }

          @Override
          public void reported(Finding finding) {}

          @Override
          public void failed(String message) {
            throw new AssertionError(message);
          }
        }));
    assertTrue(outcome.success(), outcome.diagnostics().toString());
    return analysed;
  }

  /** A fresh full compile of {@code files}, in a folder of its own. */
  List<Finding> full(String name, Path... files) throws IOException {
    return compile(dir.resolve("full-" + name), files);
  }

  byte[] summary(Path out) throws IOException {
    return Files.readAllBytes(out.resolve(Summary.RESOURCE));
  }

  @Test
  void editedFileAloneGivesTheFullFindings() throws IOException {
    src = dir.resolve("src");
    classes = dir.resolve("classes");
    Path counters = write("Counters.java", COUNTERS);
    Path handlers = write("Handlers.java", HANDLERS);
    List<Finding> first = compile(classes, counters, handlers);
    assertEquals(1, first.size(), first.toString());

    write("Handlers.java", HANDLERS.replace("public final class Handlers {",
        "/** Moved down a line. */\npublic final class Handlers {"));
    List<Finding> incremental = compile(classes, handlers);
    assertEquals(full("edit", counters, handlers), incremental);
    assertArrayEquals(summary(dir.resolve("full-edit")), summary(classes));
  }

  @Test
  void deletedFileTakesItsFactsAlong() throws IOException {
    src = dir.resolve("src");
    classes = dir.resolve("classes");
    Path counters = write("Counters.java", COUNTERS);
    Path handlers = write("Handlers.java", HANDLERS);
    assertFalse(compile(classes, counters, handlers).isEmpty());

    Files.delete(handlers);
    Files.delete(classes.resolve("drv/Handlers.class"));
    write("Counters.java", COUNTERS.replace("bump();\n  }", "bump();\n    bump();\n  }"));
    List<Finding> incremental = compile(classes, counters);
    assertEquals(List.of(), incremental);
    assertEquals(full("delete", counters), incremental);
    assertArrayEquals(summary(dir.resolve("full-delete")), summary(classes));
  }

  @Test
  void renamedFileIsOneFileGoneAndOneNew() throws IOException {
    src = dir.resolve("src");
    classes = dir.resolve("classes");
    Path counters = write("Counters.java", COUNTERS);
    Path handlers = write("Handlers.java", HANDLERS);
    compile(classes, counters, handlers);

    Files.delete(handlers);
    Files.delete(classes.resolve("drv/Handlers.class"));
    Path renamed = write("IrqSetup.java", HANDLERS.replace("Handlers", "IrqSetup"));
    List<Finding> incremental = compile(classes, renamed);
    assertEquals(1, incremental.size(), incremental.toString());
    assertEquals(full("rename", counters, renamed), incremental);
    assertArrayEquals(summary(dir.resolve("full-rename")), summary(classes));
  }
}

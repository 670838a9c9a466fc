package dev.ctxcheck.lsp.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backends: the source engine over the whole snapshot, and kept warm between runs. */
class BackendsTest {

  @TempDir Path root;

  private static final String RACE = """
      package s;
      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
      import dev.ctxcheck.annotations.*;
      import dev.ctxcheck.percpu.PerCpuLong;
      class S {
        static final PerCpuLong X = new PerCpuLong();
        @ProcessContext static void a() { bump(); }
        @SoftirqContext static void b() { bump(); }
        static void bump() { __this_cpu_inc(X); }
      }
      """;

  @Test
  void runAfterRunLeavesNoSymbolSolverBehind() throws Exception {
    Path file = root.resolve("S.java");
    Files.writeString(file, RACE);
    for (WorkspaceAnalysis backend : List.of(new SourceEngineAnalysis(), new IncrementalAnalysis())) {
      for (int i = 0; i < 3; i++) {
        // A different text each time, so that the incremental backend asks the solver again.
        Outcome outcome = backend.analyse(new Snapshot(List.of(file), Map.of(file, RACE + "\n".repeat(i)),
            Options.DEFAULT), () -> false);
        assertEquals(2, outcome.findings().size());
        // JavaParser keeps its facades in a static map that never lets go of them by itself.
        assertTrue(facades().isEmpty(), backend + ": facades left after run " + i + ": " + facades().size());
      }
    }
  }

  @Test
  void unsavedTextWinsAndAFileThatCannotBeReadIsNamed() throws Exception {
    unsavedTextWinsAndAFileThatCannotBeReadIsNamed(new SourceEngineAnalysis());
    unsavedTextWinsAndAFileThatCannotBeReadIsNamed(new IncrementalAnalysis());
  }

  private void unsavedTextWinsAndAFileThatCannotBeReadIsNamed(WorkspaceAnalysis backend) throws Exception {
    Path file = root.resolve("S.java");
    Files.writeString(file, RACE);
    Path gone = root.resolve("Gone.java");
    Outcome outcome = backend.analyse(new Snapshot(List.of(file, gone),
        Map.of(file, RACE.replace("__this_cpu_inc(X)", "this_cpu_inc(X)")
            .replace("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;",
                "import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;")), Options.DEFAULT), () -> false);
    assertEquals(List.of(), outcome.findings());
    assertTrue(outcome.text(file).contains("this_cpu_inc(X)"));
    assertEquals(1, outcome.problems().size());
    assertEquals(gone, outcome.problems().get(0).file());
    assertTrue(outcome.problems().get(0).message().startsWith("cannot be read"), outcome.problems().toString());
  }

  private static Map<?, ?> facades() throws ReflectiveOperationException {
    Field f = JavaParserFacade.class.getDeclaredField("instances");
    f.setAccessible(true);
    return (Map<?, ?>) f.get(null);
  }
}

package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point an editor uses: unsaved texts in place of files, and a run that can be abandoned. */
class UnsavedTextsTest {

  @TempDir Path tmp;

  private static final String SAFE = """
      package u;
      import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
      import dev.ctxcheck.annotations.*;
      import dev.ctxcheck.percpu.PerCpuLong;
      class Stats {
        static final PerCpuLong RX = new PerCpuLong();
        @ProcessContext static void rx() { bump(); }
        @SoftirqContext static void rx_softirq() { bump(); }
        static void bump() {
          this_cpu_inc(RX);
        }
      }
      """;

  @Test
  void anUnsavedTextIsAnalysedInsteadOfTheFile() throws IOException {
    Path file = tmp.resolve("Stats.java");
    Files.writeString(file, SAFE);
    String edited = SAFE.replace("import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;",
        "import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;").replace("this_cpu_inc(RX)", "__this_cpu_inc(RX)");

    assertEquals(List.of(), SourceAnalyzer.analyze(List.of(file), List.of(), Config.DEFAULT).findings());
    SourceAnalyzer.Detailed run = SourceAnalyzer.analyze(List.of(file), Map.of(file, edited), List.of(),
        Config.DEFAULT, () -> false);
    List<Finding> findings = run.result().findings();
    assertEquals(2, findings.size(), findings.toString());
    assertEquals(edited.indexOf("__this_cpu_inc(RX)"), findings.get(0).position().offset());
    assertEquals(SAFE, Files.readString(file), "the file on disk is not touched");
    // The program and the engine's result come along for queries beyond findings.
    String bump = "u.Stats#bump()";
    assertTrue(run.program().hasMethod(bump));
    assertEquals(2, run.analysis().reachability().ofMethod(bump).size());
  }

  @Test
  void aCancelledRunStops() throws IOException {
    Path file = tmp.resolve("Stats.java");
    Files.writeString(file, SAFE);
    assertThrows(CancellationException.class,
        () -> SourceAnalyzer.analyze(List.of(file), Map.of(), List.of(), Config.DEFAULT, () -> true));
  }
}

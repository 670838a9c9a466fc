package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The in-process javac run: options reach it as a {@link Config}, findings come back in the engine's order. */
class AnalyzerTest {

  @TempDir Path tmp;

  private Path write(String name, String body) throws Exception {
    Path file = tmp.resolve(name + ".java");
    Files.writeString(file, """
        package p;
        import static dev.ctxcheck.percpu.PerCpu.*;
        import dev.ctxcheck.annotations.*;
        import dev.ctxcheck.percpu.PerCpuLong;
        class %s {
          static final PerCpuLong X = new PerCpuLong();
        %s
        }
        """.formatted(name, body));
    return file;
  }

  @Test
  void findingsComeInTheEnginesOrderWhateverOrderJavacVisitsTheFiles() throws Exception {
    String racy = "  @ProcessContext @SoftirqContext static void both() { __this_cpu_inc(X); }";
    Path a = write("A", racy);
    Path b = write("B", racy);
    // javac visits the files as given, B first; the engine orders by file, then offset, then check.
    List<Finding> findings = new Analyzer().analyze(List.of(b, a), List.of(), Config.DEFAULT).findings();
    List<String> order = findings.stream()
        .map(f -> Path.of(java.net.URI.create(f.position().file())).getFileName() + " " + f.check().checkName())
        .toList();
    assertEquals(List.of("A.java NonAtomicPerCpuUpdate", "A.java PerCpuUpdateInPreemptibleCode",
        "B.java NonAtomicPerCpuUpdate", "B.java PerCpuUpdateInPreemptibleCode"), order);
  }

  @Test
  void theConfigReachesTheChecksWithoutFlags() throws Exception {
    Path file = write("Raw", "  @ProcessContext @SoftirqContext static void both() { raw_cpu_inc(X); }");
    assertEquals(List.of(), new Analyzer().analyze(List.of(file), List.of(), Config.DEFAULT).findings());
    List<Finding> reported = new Analyzer().analyze(List.of(file), List.of(), new Config(true)).findings();
    assertEquals(2, reported.size(), reported.toString());
    assertTrue(reported.get(0).message().startsWith("raw_cpu_inc(X) can lose updates"), reported.get(0).message());
  }
}

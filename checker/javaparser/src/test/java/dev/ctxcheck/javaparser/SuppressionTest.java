package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ctxcheck.engine.analysis.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code @SuppressWarnings} in source mode, where no Error Prone applies it. */
class SuppressionTest {

  @TempDir Path tmp;

  private List<String> findings(String body) throws IOException {
    Path f = tmp.resolve("S.java");
    Files.writeString(f, """
        package s;
        import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
        import dev.ctxcheck.annotations.*;
        import dev.ctxcheck.percpu.PerCpuLong;
        """ + body);
    return SourceAnalyzer.analyze(List.of(f), List.of(), Config.DEFAULT).findings().stream()
        .map(x -> x.position().line() + " " + x.check().checkName()).toList();
  }

  private static final String RACE = """
        static final PerCpuLong X = new PerCpuLong();
        @ProcessContext static void a() { __this_cpu_inc(X); }
        @HardirqContext static void b() { __this_cpu_inc(X); }
      """;

  @Test
  void unsuppressedBothChecksReport() throws IOException {
    assertEquals(List.of("7 NonAtomicPerCpuUpdate", "7 PerCpuUpdateInPreemptibleCode"),
        findings("class S {\n" + RACE + "}\n"));
  }

  @Test
  void aCheckSuppressedOnTheMethodKeepsTheOtherCheck() throws IOException {
    assertEquals(List.of("7 PerCpuUpdateInPreemptibleCode"), findings("class S {\n"
        + RACE.replace("@ProcessContext static void a()",
            "@SuppressWarnings(\"NonAtomicPerCpuUpdate\") @ProcessContext static void a()") + "}\n"));
  }

  @Test
  void allOnTheClassSilencesEverythingInIt() throws IOException {
    assertEquals(List.of(), findings("@SuppressWarnings({\"unused\", \"all\"})\nclass S {\n" + RACE + "}\n"));
  }

  @Test
  void aSuppressionOnTheOuterClassReachesANestedClass() throws IOException {
    assertEquals(List.of("9 PerCpuUpdateInPreemptibleCode"), findings("""
        @SuppressWarnings("NonAtomicPerCpuUpdate")
        class S {
          static final class Inner {
            static final PerCpuLong X = new PerCpuLong();
            @ProcessContext @SoftirqContext static void a() { __this_cpu_inc(X); }
          }
        }
        """));
  }

  @Test
  void anotherChecksNameSuppressesNothing() throws IOException {
    assertEquals(2, findings("@SuppressWarnings(\"ContextMaskImbalance\")\nclass S {\n" + RACE + "}\n").size());
  }
}

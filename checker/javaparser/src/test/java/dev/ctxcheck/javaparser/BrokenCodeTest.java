package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source mode on code that does not compile: what parses and resolves is analysed, the rest is
 * reported, and nothing crashes. Each program has one real race (in {@code Good.java} or a healthy
 * part of the broken file) that must still be found.
 */
class BrokenCodeTest {

  @TempDir Path tmp;

  private static final String GOOD = """
      package b;
      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
      import dev.ctxcheck.annotations.*;
      import dev.ctxcheck.percpu.PerCpuLong;
      class Good {
        static final PerCpuLong RX = new PerCpuLong();
        @ProcessContext static void rx() { bump(); }
        @SoftirqContext static void rx_softirq() { bump(); }
        static void bump() {
          __this_cpu_inc(RX);
        }
      }
      """;

  private final List<Path> files = new ArrayList<>();

  private Path write(String name, String content) throws IOException {
    Path f = tmp.resolve(name);
    Files.writeString(f, content);
    files.add(f);
    return f;
  }

  private SourceAnalyzer.Result analyze() throws IOException {
    return SourceAnalyzer.analyze(files, List.of(), Config.DEFAULT);
  }

  private static List<String> sites(SourceAnalyzer.Result r) {
    return r.findings().stream().map(BrokenCodeTest::site).toList();
  }

  private static String site(Finding f) {
    String file = f.position().file();
    return file.substring(file.lastIndexOf('/') + 1) + ":" + f.position().line() + " " + f.check().checkName();
  }

  @Test
  void aFileThatDoesNotParseIsLeftOutAndTheOthersAreAnalysed() throws IOException {
    write("Good.java", GOOD);
    write("Garbage.java", "this is not Java at all {{{ ;;; ");
    SourceAnalyzer.Result r = analyze();
    assertTrue(r.analysedAnything());
    assertEquals(List.of("Good.java:10 NonAtomicPerCpuUpdate", "Good.java:10 PerCpuUpdateInPreemptibleCode"), sites(r));
    assertTrue(r.problems().stream().anyMatch(p -> p.file().endsWith("Garbage.java") && p.message().startsWith("does not parse")),
        r.problems().toString());
  }

  @Test
  void aMemberWhoseHeaderDoesNotParseIsLeftOutAndTheRestOfTheFileIsAnalysed() throws IOException {
    write("Good.java", GOOD.replace("  static void bump() {", """
          static void broken( {
            local_bh_disable();
          }
          static void bump() {"""));
    SourceAnalyzer.Result r = analyze();
    assertEquals(List.of("Good.java:13 NonAtomicPerCpuUpdate", "Good.java:13 PerCpuUpdateInPreemptibleCode"), sites(r),
        "the finding keeps its line: blanking out the broken member moves nothing");
    assertTrue(r.problems().stream().anyMatch(p -> p.line() == 9 && p.message().startsWith("does not parse")),
        r.problems().toString());
    assertTrue(r.problems().stream().anyMatch(p -> p.message().contains("left out up to line 11")), r.problems().toString());
  }

  @Test
  void aHalfTypedStatementIsDroppedAndTheRestOfItsMethodIsAnalysed() throws IOException {
    write("Good.java", GOOD.replace("    __this_cpu_inc(RX);", """
            __this_cpu_inc(RX);
            __this_cpu_dec(
        """));
    SourceAnalyzer.Result r = analyze();
    assertEquals(List.of("Good.java:10 NonAtomicPerCpuUpdate", "Good.java:10 PerCpuUpdateInPreemptibleCode"), sites(r));
    assertFalse(r.problems().isEmpty());
  }

  @Test
  void aMethodLeftOpenAtTheEndOfTheFileLosesOnlyWhatFollowsIt() throws IOException {
    write("Good.java", GOOD.replace("  }\n}\n", "  }\n  static void typing() {\n    if (x\n}\n"));
    SourceAnalyzer.Result r = analyze();
    assertEquals(List.of("Good.java:10 NonAtomicPerCpuUpdate", "Good.java:10 PerCpuUpdateInPreemptibleCode"), sites(r));
  }

  @Test
  void aMissingImportLeavesItsCallsUnresolvedAndRecorded() throws IOException {
    write("Good.java", GOOD.replace("  static void bump() {", """
          static void other(Unknown u) {
            u.frobnicate();
            Missing.call();
          }
          static void bump() {"""));
    SourceAnalyzer.Result r = analyze();
    assertEquals(List.of("Good.java:14 NonAtomicPerCpuUpdate", "Good.java:14 PerCpuUpdateInPreemptibleCode"), sites(r));
    List<String> unresolved = r.unresolved().stream().map(u -> u.line() + " " + u.what()).toList();
    assertTrue(unresolved.contains("10 cannot resolve the call frobnicate(..)"), unresolved.toString());
    assertTrue(unresolved.contains("11 cannot resolve the call call(..)"), unresolved.toString());
    assertTrue(r.problems().isEmpty(), "it parses: " + r.problems());
  }

  @Test
  void anUnknownTypeInASignatureStillLetsTheBodyBeAnalysed() throws IOException {
    write("Good.java", GOOD.replace("static void bump() {", "static void bump(NoSuchType t, java.util.List<Nope> l) {")
        .replace("bump();", "bump(null, null);"));
    SourceAnalyzer.Result r = analyze();
    assertEquals(List.of("Good.java:10 NonAtomicPerCpuUpdate", "Good.java:10 PerCpuUpdateInPreemptibleCode"), sites(r));
  }

  @Test
  void nothingToAnalyseWhenNoFileParses() throws IOException {
    write("A.java", "{{{");
    write("B.java", "\u0000\u0001 not java");
    SourceAnalyzer.Result r = analyze();
    assertFalse(r.analysedAnything());
    assertTrue(r.findings().isEmpty());
    assertTrue(r.problems().stream().anyMatch(p -> p.file().endsWith("A.java")), r.problems().toString());
    assertTrue(r.problems().stream().anyMatch(p -> p.file().endsWith("B.java")), r.problems().toString());
  }

  @Test
  void unusualButValidConstructsDoNotCrashIt() throws IOException {
    write("Good.java", GOOD);
    write("Odd.java", """
        package b;
        import java.util.*;
        import java.util.function.*;
        record Point(int x, int y) {
          Point { if (x < 0) throw new IllegalArgumentException(); }
          static Point origin() { return new Point(0, 0); }
        }
        enum Mode {
          ON { @Override int code() { return 1; } },
          OFF(2);
          private final int c;
          Mode() { this(0); }
          Mode(int c) { this.c = c; }
          int code() { return c; }
        }
        sealed interface Shape permits Sq {}
        final class Sq implements Shape {}
        class Odd<T extends Comparable<T>> {
          <R> R map(Function<? super T, ? extends R> f, T t) { return f.apply(t); }
          int sw(Object o, Mode m) {
            int r = switch (m) { case ON -> 1; case OFF -> { yield 2; } };
            if (o instanceof String s && !s.isEmpty()) { r += s.length(); }
            outer:
            for (int i = 0; i < 3; i++) {
              for (var e : List.of(1, 2)) { if (e > i) continue outer; else break outer; }
            }
            Runnable run = () -> { class Local { void go() { new Object() { }.hashCode(); } } new Local().go(); };
            run.run();
            BiFunction<Integer, Integer, Integer> add = Integer::sum;
            return r + add.apply(1, 2) + new int[] {1, 2}.length + (int) 'c';
          }
        }
        """);
    SourceAnalyzer.Result r = analyze();
    assertTrue(r.problems().isEmpty(), r.problems().toString());
    assertEquals(List.of("Good.java:10 NonAtomicPerCpuUpdate", "Good.java:10 PerCpuUpdateInPreemptibleCode"), sites(r));
  }
}

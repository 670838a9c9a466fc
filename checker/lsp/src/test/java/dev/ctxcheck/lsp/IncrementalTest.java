package dev.ctxcheck.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.javaparser.SourceSession;
import dev.ctxcheck.lsp.analysis.IncrementalAnalysis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental backend through the protocol: an edit re-reads the edited file, and the files
 * whose calls a change of its declarations can re-resolve; findings in other files follow.
 */
class IncrementalTest {

  @TempDir Path root;

  private static final String STATS = """
      package d;
      import dev.ctxcheck.percpu.PerCpuLong;
      final class Stats {
        static final PerCpuLong X = new PerCpuLong();
      }
      """;

  /** Two overloads, one non-atomic: which one {@code count(1)} runs depends on their parameter types. */
  private static final String LIB = """
      package d;
      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
      import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
      class Lib {
        static void count(short n) { __this_cpu_inc(Stats.X); }
        static void count(long n) { this_cpu_inc(Stats.X); }
      }
      """;

  private static final String LIB_INT = LIB.replace("count(short n)", "count(int n)");

  private static final String USERS = """
      package d;
      import dev.ctxcheck.annotations.*;
      class Users {
        @ProcessContext static void process() { Lib.count(1); }
        @SoftirqContext static void softirq() { Lib.count(1); }
      }
      """;

  private static final String BASE = """
      package d;
      class Base {
        static void helper() { }
      }
      """;

  private static final String SUB = """
      package d;
      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
      class Sub extends Base {
      }
      """;

  private Harness start(IncrementalAnalysis backend) throws Exception {
    Harness h = new Harness(root, backend);
    h.write("d/Stats.java", STATS);
    h.write("d/Lib.java", LIB);
    h.write("d/Users.java", USERS);
    h.write("d/Base.java", BASE);
    h.write("d/Sub.java", SUB);
    h.write("d/Callers.java", USERS.replace("class Users", "class Callers").replace("Lib.count(1)", "Sub.helper()"));
    h.initialize(Harness.capabilities(true, true),
        com.google.gson.JsonParser.parseString("{\"ctxcheck.debounceMillis\": 0}"));
    h.awaitFirstAnalysis();
    return h;
  }

  @Test
  void aParameterTypeEditedInOneFileMovesTheCallsOfAnotherOntoTheRacyOverload() throws Exception {
    IncrementalAnalysis backend = new IncrementalAnalysis();
    try (Harness h = start(backend)) {
      assertEquals(List.of(), h.current("d/Lib.java"));
      h.open("d/Lib.java");
      h.replace("d/Lib.java", LIB_INT);
      assertEquals(2, h.awaitDiagnostics("d/Lib.java", 2).size());
      SourceSession.Work work = backend.lastWork();
      assertEquals(1, work.parsed());
      assertEquals(2, work.extracted(), "Lib.java and Users.java, the one file that calls count");
      assertFalse(work.everyFile());

      // A body edit: the edited file alone.
      h.replace("d/Lib.java", LIB_INT.replace("{ __this_cpu_inc", "{ this_cpu_inc"));
      h.awaitDiagnostics("d/Lib.java", 0);
      assertEquals(List.of(6, 1, 1, false), List.of(backend.lastWork().files(), backend.lastWork().parsed(),
          backend.lastWork().extracted(), backend.lastWork().everyFile()));
      h.replace("d/Lib.java", LIB_INT);
      h.awaitDiagnostics("d/Lib.java", 2);
      h.replace("d/Lib.java", LIB);
      h.awaitDiagnostics("d/Lib.java", 0);
    }
  }

  @Test
  void aMethodAddedThatHidesAnInheritedOneAndRemovedAgain() throws Exception {
    try (Harness h = start(new IncrementalAnalysis())) {
      h.open("d/Sub.java");
      h.replace("d/Sub.java", SUB.replace("extends Base {", "extends Base {\n  static void helper() { __this_cpu_inc(Stats.X); }"));
      h.awaitDiagnostics("d/Sub.java", 2);
      h.replace("d/Sub.java", SUB);
      h.awaitDiagnostics("d/Sub.java", 0);
    }
  }

  @Test
  void aSupertypeChangedInOneFileReachesAnotherFilesMethod() throws Exception {
    IncrementalAnalysis backend = new IncrementalAnalysis();
    try (Harness h = start(backend)) {
      h.write("d/Racy.java", BASE.replace("class Base", "class Racy")
          .replace("{ }", "{ dev.ctxcheck.percpu.PerCpu.__this_cpu_inc(Stats.X); }"));
      h.remote.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
          List.of(new FileEvent(h.uri("d/Racy.java"), FileChangeType.Created))));
      h.open("d/Sub.java");
      h.replace("d/Sub.java", SUB.replace("extends Base", "extends Racy"));
      h.awaitDiagnostics("d/Racy.java", 2);
      assertTrue(backend.lastWork().everyFile(), "a type's header changed: every file");
    }
  }

  @Test
  void filesDeletedAndCreatedOnDiskWhileBuffersAreOpen() throws Exception {
    try (Harness h = start(new IncrementalAnalysis())) {
      h.open("d/Lib.java");
      h.replace("d/Lib.java", LIB_INT);
      h.awaitDiagnostics("d/Lib.java", 2);

      // The callers' file deleted on disk, not open: it leaves the program, the findings go.
      String users = Files.readString(root.resolve("d/Users.java"));
      Files.delete(root.resolve("d/Users.java"));
      h.remote.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
          List.of(new FileEvent(h.uri("d/Users.java"), FileChangeType.Deleted))));
      h.awaitDiagnostics("d/Lib.java", 0);
      // Created again: back.
      h.write("d/Users.java", users);
      h.remote.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
          List.of(new FileEvent(h.uri("d/Users.java"), FileChangeType.Created))));
      h.awaitDiagnostics("d/Lib.java", 2);

      // The open file deleted on disk: its buffer is still the program's text.
      Files.delete(root.resolve("d/Lib.java"));
      h.remote.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
          List.of(new FileEvent(h.uri("d/Lib.java"), FileChangeType.Deleted))));
      int line = h.current("d/Lib.java").get(0).getRange().getStart().getLine();
      h.replace("d/Lib.java", "\n" + LIB_INT);
      h.client.await("the findings a line further down", () -> h.current("d/Lib.java").size() == 2
          && h.current("d/Lib.java").get(0).getRange().getStart().getLine() == line + 1, Harness.TIMEOUT);
    }
  }

  @Test
  void brokenCodeKeepsOtherFilesFindingsAndWhatParsesOfTheBrokenFile() throws Exception {
    try (Harness h = start(new IncrementalAnalysis())) {
      h.open("d/Lib.java");
      h.replace("d/Lib.java", LIB_INT);
      h.awaitDiagnostics("d/Lib.java", 2);
      h.open("d/Users.java");
      int before = h.client.publicationCount();
      // Half-typed at the end of the callers' file: the calls before it are kept.
      h.replace("d/Users.java", USERS.replace("\n}\n", "\n  void typing() { Lib.count(\n}\n"));
      h.client.await("an analysis of the broken file", () -> h.client.logs().stream()
          .anyMatch(m -> m.getMessage().contains("left out")), Harness.TIMEOUT);
      // A file of which nothing parses, then whole again.
      h.replace("d/Users.java", "}}}} class {{{ ((( ");
      h.awaitDiagnostics("d/Lib.java", 0);
      h.replace("d/Users.java", USERS);
      h.awaitDiagnostics("d/Lib.java", 2);
      // The half-typed version never cleared Lib.java: only the unparsable one did.
      List<Integer> counts = h.client.diagnostics().subList(before, h.client.publicationCount()).stream()
          .filter(p -> p.params().getUri().equals(h.uri("d/Lib.java")))
          .map(p -> p.params().getDiagnostics().size()).toList();
      assertEquals(List.of(0, 2), counts);
    }
  }
}

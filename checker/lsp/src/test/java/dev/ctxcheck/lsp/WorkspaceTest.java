package dev.ctxcheck.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.lsp.analysis.Outcome;
import dev.ctxcheck.lsp.analysis.Snapshot;
import dev.ctxcheck.lsp.analysis.IncrementalAnalysis;
import dev.ctxcheck.lsp.analysis.WorkspaceAnalysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.eclipse.lsp4j.FileChangeType;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace as one program: edits in one file change findings in another; files come and go. */
class WorkspaceTest {

  @TempDir Path root;

  private void writeProgram(Harness h) throws IOException {
    h.write("net/Stats.java", Sources.STATS);
    h.write("net/Syscall.java", Sources.SYSCALL);
    h.write("net/Rx.java", Sources.SOFTIRQ);
  }

  @Test
  void anEditInOneFileAddsAndClearsFindingsInAnotherAndPublishesOnlyThose() throws Exception {
    try (Harness h = new Harness(root)) {
      writeProgram(h);
      h.initialize(Harness.capabilities(true, true),
          com.google.gson.JsonParser.parseString("{\"ctxcheck\": {\"debounceMillis\": 50}}"));
      assertEquals(1, h.awaitDiagnostics("net/Stats.java", 1).size());
      h.open("net/Rx.java");
      int before = h.client.publicationCount();

      h.replace("net/Rx.java", Sources.SOFTIRQ_UNANNOTATED);
      h.awaitDiagnostics("net/Stats.java", 0);
      h.replace("net/Rx.java", Sources.SOFTIRQ);
      h.awaitDiagnostics("net/Stats.java", 1);
      // Two publications, both for Stats.java: the edited file and the system call never had findings.
      List<String> uris = h.client.diagnostics().subList(before, h.client.publicationCount()).stream()
          .map(p -> p.params().getUri()).toList();
      assertEquals(List.of(h.uri("net/Stats.java"), h.uri("net/Stats.java")), uris);
    }
  }

  @Test
  void aBurstOfEditsIsAnalysedOnceAfterItPauses() throws Exception {
    CountingBackend backend = new CountingBackend(new IncrementalAnalysis());
    try (Harness h = new Harness(root, backend)) {
      writeProgram(h);
      h.initialize(Harness.capabilities(true, true),
          com.google.gson.JsonParser.parseString("{\"ctxcheck.debounceMillis\": 1500}"));
      h.awaitDiagnostics("net/Stats.java", 1);
      h.open("net/Rx.java");
      int runsBefore = backend.runs.get();
      // Twenty keystrokes, well within the pause the server waits for: the last one removes the annotation.
      String text = Sources.SOFTIRQ;
      for (int i = 0; i < 19; i++) {
        text = text.replace("}\n}\n", "}\n  // " + i + "\n}\n");
        h.replace("net/Rx.java", text);
      }
      h.replace("net/Rx.java", Sources.SOFTIRQ_UNANNOTATED);
      h.awaitDiagnostics("net/Stats.java", 0);
      assertEquals(1, backend.runs.get() - runsBefore, "one analysis for the whole burst");
    }
  }

  @Test
  void aRunMadeStaleByANewEditIsCancelledAndItsResultDropped() throws Exception {
    BlockingBackend backend = new BlockingBackend(new IncrementalAnalysis());
    try (Harness h = new Harness(root, backend)) {
      writeProgram(h);
      h.initialize(Harness.capabilities(true, true),
          com.google.gson.JsonParser.parseString("{\"ctxcheck.debounceMillis\": 0}"));
      h.awaitDiagnostics("net/Stats.java", 1);
      h.open("net/Rx.java");
      backend.block.set(true);
      h.replace("net/Rx.java", Sources.SOFTIRQ_UNANNOTATED);
      assertTrue(backend.entered.await(30, TimeUnit.SECONDS), "the run for the first edit started");
      int published = h.client.publicationCount();
      h.replace("net/Rx.java", Sources.SOFTIRQ);
      h.client.await("the blocked run to be cancelled", () -> backend.sawCancel.get(), Harness.TIMEOUT);
      backend.block.set(false);
      backend.release.countDown();
      // The next run analyses the restored text: the finding stays, and nothing was cleared meanwhile.
      h.client.await("the next run", () -> backend.completed.get() >= 2, Harness.TIMEOUT);
      Thread.sleep(300);
      assertEquals(published, h.client.publicationCount(), "the stale run published nothing");
      assertEquals(1, h.current("net/Stats.java").size());
    }
  }

  @Test
  void brokenCodeWhileTypingKeepsOtherFilesFindingsAndTheServerAlive() throws Exception {
    try (Harness h = new Harness(root)) {
      writeProgram(h);
      h.write("net/Other.java", """
          package net;
          import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
          import dev.ctxcheck.annotations.*;
          import dev.ctxcheck.percpu.PerCpuLong;
          final class Other {
            static final PerCpuLong TX = new PerCpuLong();
            @ProcessContext static void xmit() { __this_cpu_add(TX, 2); }
          }
          """);
      h.initialize(Harness.capabilities(true, true),
          com.google.gson.JsonParser.parseString("{\"ctxcheck.debounceMillis\": 0}"));
      h.awaitDiagnostics("net/Stats.java", 1);
      h.awaitDiagnostics("net/Other.java", 1);
      h.open("net/Other.java");
      int before = h.client.publicationCount();
      // Half-typed statement, then unbalanced braces, then a file of which nothing parses.
      String half = Files.readString(root.resolve("net/Other.java"))
          .replace("__this_cpu_add(TX, 2); }", "__this_cpu_add(TX, 2); foo(; }");
      h.replace("net/Other.java", half);
      h.replace("net/Other.java", half.replace("foo(; }", "if (true) {"));
      h.replace("net/Other.java", "}}}} class {{{ ((( ");
      h.replace("net/Other.java", half.replace("foo(; }", "if (true) {"));
      h.client.await("an analysis of the broken file", () -> h.client.logs().stream()
          .anyMatch(m -> m.getMessage().contains("left out")), Harness.TIMEOUT);
      h.awaitDiagnostics("net/Other.java", 1);
      // Stats.java was never cleared on the way.
      assertTrue(h.client.diagnostics().subList(before, h.client.publicationCount()).stream()
          .noneMatch(p -> p.params().getUri().equals(h.uri("net/Stats.java"))));
      assertEquals(1, h.current("net/Stats.java").size());
    }
  }

  @Test
  void filesCreatedAndDeletedOnDiskJoinAndLeaveThroughWatchedFileEvents() throws Exception {
    try (Harness h = new Harness(root)) {
      h.write("net/Stats.java", Sources.STATS);
      h.write("net/Syscall.java", Sources.SYSCALL);
      h.initialize(Harness.capabilities(true, true),
          com.google.gson.JsonParser.parseString("{\"ctxcheck.debounceMillis\": 0}"));
      h.awaitFirstAnalysis();
      assertEquals(List.of(), h.client.publishedFor(h.uri("net/Stats.java")));
      assertEquals("workspace/didChangeWatchedFiles",
          h.client.registrations().get(0).getRegistrations().get(0).getMethod(), "registered dynamically");

      Path rx = h.write("net/Rx.java", Sources.SOFTIRQ);
      h.remote.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
          List.of(new FileEvent(Harness.uri(rx), FileChangeType.Created))));
      h.awaitDiagnostics("net/Stats.java", 1);

      // Renamed: deleted under one name, created under another.
      Path moved = root.resolve("net/RxMoved.java");
      Files.move(rx, moved);
      h.remote.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
          List.of(new FileEvent(Harness.uri(rx), FileChangeType.Deleted))));
      h.awaitDiagnostics("net/Stats.java", 0);
      Files.writeString(moved, Sources.SOFTIRQ.replace("class Rx", "class RxMoved"));
      h.remote.getWorkspaceService().didChangeWatchedFiles(new DidChangeWatchedFilesParams(
          List.of(new FileEvent(Harness.uri(moved), FileChangeType.Created))));
      h.awaitDiagnostics("net/Stats.java", 1);
    }
  }

  @Test
  void withoutTheClientsWatchTheServerWatchesTheWorkspaceItself() throws Exception {
    try (Harness h = new Harness(root)) {
      h.write("net/Stats.java", Sources.STATS);
      h.write("net/Syscall.java", Sources.SYSCALL);
      h.initialize(Harness.capabilities(false, true),
          com.google.gson.JsonParser.parseString("{\"ctxcheck.debounceMillis\": 0}"));
      h.awaitFirstAnalysis();
      assertEquals(List.of(), h.client.registrations());
      // A new folder with a new file in it, written outside the editor.
      h.write("net/rx/Rx.java", Sources.SOFTIRQ.replace("package net;", "package net.rx;\nimport net.*;")
          .replace("Stats.bump()", "net.Stats.bump()"));
      h.awaitDiagnostics("net/Stats.java", 1);
      Files.delete(root.resolve("net/rx/Rx.java"));
      h.awaitDiagnostics("net/Stats.java", 0);
      // Build output is not the program.
      h.write("target/generated/Rx.java", Sources.SOFTIRQ);
      Thread.sleep(1500);
      assertEquals(0, h.current("net/Stats.java").size());
    }
  }

  @Test
  void aWorkspaceFolderAddedLaterJoinsTheProgramAndLeavesWhenRemoved() throws Exception {
    try (Harness h = new Harness(root.resolve("a"))) {
      h.write("net/Stats.java", Sources.STATS);
      h.write("net/Syscall.java", Sources.SYSCALL);
      Path other = root.resolve("b");
      Files.createDirectories(other.resolve("net"));
      Files.writeString(other.resolve("net/Rx.java"), Sources.SOFTIRQ);
      h.initialize(Harness.capabilities(true, true),
          com.google.gson.JsonParser.parseString("{\"ctxcheck.debounceMillis\": 0}"));
      h.awaitFirstAnalysis();
      WorkspaceFolder b = new WorkspaceFolder(Harness.uri(other), "b");
      h.remote.getWorkspaceService().didChangeWorkspaceFolders(new DidChangeWorkspaceFoldersParams(
          new WorkspaceFoldersChangeEvent(List.of(b), List.of())));
      h.awaitDiagnostics("net/Stats.java", 1);
      h.remote.getWorkspaceService().didChangeWorkspaceFolders(new DidChangeWorkspaceFoldersParams(
          new WorkspaceFoldersChangeEvent(List.of(), List.of(b))));
      h.awaitDiagnostics("net/Stats.java", 0);
    }
  }

  @Test
  void withoutAWorkspaceFolderTheOpenBuffersAreTheProgram() throws Exception {
    try (Harness h = new Harness(root)) {
      h.write("net/Stats.java", Sources.STATS);
      h.write("net/Syscall.java", Sources.SYSCALL);
      h.write("net/Rx.java", Sources.SOFTIRQ);
      org.eclipse.lsp4j.InitializeParams params = new org.eclipse.lsp4j.InitializeParams();
      params.setCapabilities(Harness.capabilities(false, true));
      params.setInitializationOptions(com.google.gson.JsonParser.parseString("{\"ctxcheck.debounceMillis\": 0}"));
      h.remote.initialize(params).get(Harness.TIMEOUT, TimeUnit.MILLISECONDS);
      h.remote.initialized(new org.eclipse.lsp4j.InitializedParams());
      h.awaitFirstAnalysis();
      h.open("net/Stats.java");
      h.open("net/Syscall.java");
      Thread.sleep(500);
      assertEquals(0, h.current("net/Stats.java").size(), "the softirq handler is not open");
      h.open("net/Rx.java");
      h.awaitDiagnostics("net/Stats.java", 1);
      h.close("net/Rx.java");
      h.awaitDiagnostics("net/Stats.java", 0);
    }
  }

  /** Counts runs of the real backend. */
  static final class CountingBackend implements WorkspaceAnalysis {
    final WorkspaceAnalysis delegate;
    final AtomicInteger runs = new AtomicInteger();

    CountingBackend(WorkspaceAnalysis delegate) {
      this.delegate = delegate;
    }

    @Override
    public Outcome analyse(Snapshot snapshot, BooleanSupplier cancelled) throws IOException {
      runs.incrementAndGet();
      return delegate.analyse(snapshot, cancelled);
    }
  }

  /** Holds a run (while {@code block}) until it is cancelled and released, then runs the real backend. */
  static final class BlockingBackend implements WorkspaceAnalysis {
    final WorkspaceAnalysis delegate;
    final AtomicBoolean block = new AtomicBoolean();
    final AtomicBoolean sawCancel = new AtomicBoolean();
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger completed = new AtomicInteger();

    BlockingBackend(WorkspaceAnalysis delegate) {
      this.delegate = delegate;
    }

    @Override
    public Outcome analyse(Snapshot snapshot, BooleanSupplier cancelled) throws IOException {
      if (block.get()) {
        entered.countDown();
        try {
          while (!release.await(10, TimeUnit.MILLISECONDS)) {
            if (cancelled.getAsBoolean()) {
              sawCancel.set(true);
            }
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Outcome outcome = delegate.analyse(snapshot, cancelled);
      completed.incrementAndGet();
      return outcome;
    }
  }
}

package dev.ctxcheck.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What context does this run in: the hover on a method or call, and the code lens over updaters. */
class HoverAndLensTest {

  @TempDir Path root;

  private static final String UNREACHED = """
      package example.aio;

      final class Unused {
        static void orphan() {
          PercpuRef ref = new PercpuRef();
          ref.get();
        }
      }
      """;

  private static Hover hover(Harness h, String file, int line, int character) throws Exception {
    return h.remote.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(h.uri(file)),
        new Position(line, character))).get(Harness.TIMEOUT, TimeUnit.MILLISECONDS);
  }

  private Harness started() throws Exception {
    Harness h = new Harness(root);
    h.copyExample();
    h.write("Unused.java", UNREACHED);
    h.initialize();
    h.awaitDiagnostics("PercpuRef.java", 2);
    return h;
  }

  @Test
  void hoveringADeclarationShowsEachContextItsEntryMaskAndAPath() throws Exception {
    try (Harness h = started()) {
      Hover get = hover(h, "PercpuRef.java", 28, 8);
      assertEquals(MarkupKind.MARKDOWN, get.getContents().getRight().getKind());
      assertEquals("**get** runs in:\n\n- **PROCESS**: `io_submit -> io_submit_one -> aio_get_req -> get`",
          get.getContents().getRight().getValue());
      assertEquals(new Range(new Position(28, 7), new Position(28, 10)), get.getRange());

      Hover put = hover(h, "PercpuRef.java", 34, 7);
      assertEquals("**put** runs in:\n\n- **PROCESS**: `io_destroy -> put`\n"
          + "- **SOFTIRQ**: `blk_done_softirq -> aio_complete -> kiocb_free -> put`",
          put.getContents().getRight().getValue());

      // Not on a method's name: nothing to say.
      assertNull(hover(h, "PercpuRef.java", 29, 2));
    }
  }

  @Test
  void hoveringACallShowsTheCalleesContextsOrWhereALibraryCallRuns() throws Exception {
    try (Harness h = started()) {
      String aio = Files.readString(root.resolve("Aio.java"));
      int line = DiagnosticsTest.lineOf(aio, "req.ki_ctx.reqs.put();");
      Hover put = hover(h, "Aio.java", line, 20);
      assertEquals("**put** runs in:\n\n- **PROCESS**: `io_destroy -> put`\n"
          + "- **SOFTIRQ**: `blk_done_softirq -> aio_complete -> kiocb_free -> put`",
          put.getContents().getRight().getValue());

      // A call into the percpu runtime: the contexts and masks at this call.
      Hover inc = hover(h, "PercpuRef.java", 30, 6);
      assertEquals("**__this_cpu_inc** (outside the program) is called here in:\n\n"
          + "- **PROCESS with preemption disabled**: `io_submit -> io_submit_one -> aio_get_req -> get"
          + " [rcu_read_lock_sched]`", inc.getContents().getRight().getValue());
      assertEquals(new Range(new Position(30, 4), new Position(30, 18)), inc.getRange());
    }
  }

  @Test
  void aMethodNoEntryPointReachesSaysSo() throws Exception {
    try (Harness h = started()) {
      Hover orphan = hover(h, "Unused.java", 3, 15);
      assertEquals("**orphan** is reached by no entry point: no context annotation leads to it, so ctxcheck"
          + " knows no context it runs in.", orphan.getContents().getRight().getValue());
    }
  }

  @Test
  void plainTextForClientsThatPreferIt() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      ClientCapabilities c = Harness.capabilities(true, true);
      c.getTextDocument().setHover(new HoverCapabilities(List.of("plaintext"), false));
      h.initialize(c, null);
      h.awaitDiagnostics("PercpuRef.java", 2);
      Hover put = hover(h, "PercpuRef.java", 34, 7);
      assertEquals(MarkupKind.PLAINTEXT, put.getContents().getRight().getKind());
      assertEquals("put runs in:\n  PROCESS: io_destroy -> put\n"
          + "  SOFTIRQ: blk_done_softirq -> aio_complete -> kiocb_free -> put",
          put.getContents().getRight().getValue());
    }
  }

  @Test
  void aCodeLensAboveEachMethodThatUpdatesPerCpuData() throws Exception {
    try (Harness h = started()) {
      List<? extends CodeLens> lenses = h.remote.getTextDocumentService()
          .codeLens(new CodeLensParams(new TextDocumentIdentifier(h.uri("PercpuRef.java"))))
          .get(Harness.TIMEOUT, TimeUnit.MILLISECONDS);
      assertEquals(List.of("23 ctxcheck: runs in PROCESS", "28 ctxcheck: runs in PROCESS",
          "34 ctxcheck: runs in PROCESS, SOFTIRQ"),
          lenses.stream().map(l -> l.getRange().getStart().getLine() + " " + l.getCommand().getTitle()).toList());
      // Its command shows the hover's words.
      CodeLens put = lenses.get(2);
      h.remote.getWorkspaceService().executeCommand(new ExecuteCommandParams(put.getCommand().getCommand(),
          put.getCommand().getArguments())).get(Harness.TIMEOUT, TimeUnit.MILLISECONDS);
      h.client.await("the contexts shown", () -> !h.client.shown().isEmpty(), Harness.TIMEOUT);
      assertEquals("put runs in:\n  PROCESS: io_destroy -> put\n"
          + "  SOFTIRQ: blk_done_softirq -> aio_complete -> kiocb_free -> put", h.client.shown().get(0).getMessage());
      // Lenses move with the code: the client is asked to refresh them after each analysis.
      h.client.await("a code lens refresh", () -> h.client.codeLensRefreshes > 0, Harness.TIMEOUT);
      // No update, no lens.
      assertEquals(List.of(), h.remote.getTextDocumentService()
          .codeLens(new CodeLensParams(new TextDocumentIdentifier(h.uri("Unused.java"))))
          .get(Harness.TIMEOUT, TimeUnit.MILLISECONDS));
    }
  }
}

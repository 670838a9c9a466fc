package dev.ctxcheck.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Fix;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Quick fixes, suppression and fix-all: the edits, and that applying them clears the finding. */
class CodeActionsTest {

  @TempDir Path root;

  private static List<CodeAction> actions(Harness h, String file, Range range, List<Diagnostic> diagnostics,
      List<String> only) throws Exception {
    CodeActionContext context = new CodeActionContext(diagnostics);
    context.setOnly(only);
    return h.remote.getTextDocumentService()
        .codeAction(new CodeActionParams(new TextDocumentIdentifier(h.uri(file)), range, context))
        .get(Harness.TIMEOUT, TimeUnit.MILLISECONDS).stream().map(e -> e.getRight()).toList();
  }

  /** The text edits of a single-file workspace edit, in either of its two shapes. */
  private static List<TextEdit> edits(WorkspaceEdit edit, String uri) {
    if (edit.getDocumentChanges() != null) {
      assertEquals(1, edit.getDocumentChanges().size());
      assertEquals(uri, edit.getDocumentChanges().get(0).getLeft().getTextDocument().getUri());
      return edit.getDocumentChanges().get(0).getLeft().getEdits();
    }
    assertEquals(List.of(uri), List.copyOf(edit.getChanges().keySet()));
    return edit.getChanges().get(uri);
  }

  /** The file as the engine's fix leaves it (what {@code bin/ctxcheck --fix} writes). */
  private static String fixedByEngine(Path file, String check, int line) throws Exception {
    SourceAnalyzer.Result result = SourceAnalyzer.analyze(List.of(file.getParent().resolve("Aio.java"),
        file.getParent().resolve("BlockLayer.java"), file, file.getParent().resolve("Demo.java")), List.of(),
        Config.DEFAULT);
    Finding f = result.findings().stream().filter(x -> x.check().checkName().equals(check)
        && x.position().line() == line && x.position().file().equals(file.toUri().toString())).findFirst().orElseThrow();
    String text = Files.readString(file);
    List<Fix.Edit> edits = new ArrayList<>(f.fix().edits());
    edits.sort(Comparator.comparingInt((Fix.Edit e) -> e.range().start()).reversed());
    for (Fix.Edit e : edits) {
      text = text.substring(0, e.range().start()) + e.replacement() + text.substring(e.range().end());
    }
    return text;
  }

  @Test
  void thePreferredQuickFixIsTheEnginesFixByteForByteAndClearsTheFinding() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      String expected = fixedByEngine(root.resolve("PercpuRef.java"), "NonAtomicPerCpuUpdate", 37);
      h.initialize(Harness.capabilities(true, true), null);
      h.open("PercpuRef.java");
      List<Diagnostic> ds = h.awaitDiagnostics("PercpuRef.java", 2);
      Diagnostic put = ds.get(1);
      // Neovim's way: the cursor, and the diagnostics of its line.
      Range cursor = new Range(new Position(36, 0), new Position(36, 0));
      List<CodeAction> actions = actions(h, "PercpuRef.java", cursor, List.of(put), null);
      CodeAction fix = actions.stream().filter(a -> Boolean.TRUE.equals(a.getIsPreferred())).findFirst().orElseThrow();
      assertEquals("Call this_cpu_dec instead of __this_cpu_dec", fix.getTitle());
      assertEquals(CodeActionKind.QuickFix, fix.getKind());
      assertEquals(List.of(put), fix.getDiagnostics());
      List<TextEdit> edits = edits(fix.getEdit(), h.uri("PercpuRef.java"));
      assertEquals(3, edits.size(), "the rename, the static import it needs and the removal of the one it leaves unused");
      assertEquals(Integer.valueOf(1), fix.getEdit().getDocumentChanges().get(0).getLeft().getTextDocument()
          .getVersion());

      h.edit("PercpuRef.java", edits);
      assertEquals(expected, h.text("PercpuRef.java"), "byte-exact: the engine's fix");
      assertTrue(expected.contains("import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;\n"));
      assertFalse(expected.contains("PerCpu.__this_cpu_dec;"), "the import the rename left unused is gone");
      List<Diagnostic> after = h.awaitDiagnostics("PercpuRef.java", 1);
      assertEquals(30, after.get(0).getRange().getStart().getLine(),
          "the other finding, where it was: one import added, one removed above it");
      assertFalse(after.get(0).getMessage().contains("__this_cpu_dec(pcpu_count) at"), after.get(0).getMessage());
    }
  }

  @Test
  void withoutDocumentChangesTheEditComesAsChanges() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      h.initialize(Harness.capabilities(true, false), null);
      h.open("PercpuRef.java");
      List<Diagnostic> ds = h.awaitDiagnostics("PercpuRef.java", 2);
      List<CodeAction> actions = actions(h, "PercpuRef.java", ds.get(0).getRange(), List.of(), null);
      CodeAction fix = actions.stream().filter(a -> Boolean.TRUE.equals(a.getIsPreferred())).findFirst().orElseThrow();
      assertNull(fix.getEdit().getDocumentChanges());
      List<TextEdit> edits = edits(fix.getEdit(), h.uri("PercpuRef.java"));
      assertEquals(List.of(new TextEdit(new Range(new Position(3, 0), new Position(4, 0)), ""),
          new TextEdit(ds.get(0).getRange(), "this_cpu_inc")), edits,
          "this_cpu_inc is imported already: the rename, and the removal of the import it leaves unused");
    }
  }

  @Test
  void theCursorsLineDiagnosticsAsAClientRebuildsThemSelectTheFinding() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      h.initialize();
      h.open("PercpuRef.java");
      Diagnostic put = h.awaitDiagnostics("PercpuRef.java", 2).get(1);
      // Neovim 0.7 sends its own form: no source, byte columns, the cursor at the start of the line.
      Diagnostic rebuilt = new Diagnostic(new Range(new Position(36, 4), new Position(36, 40)), "another text");
      Range cursor = new Range(new Position(36, 0), new Position(36, 0));
      List<CodeAction> actions = actions(h, "PercpuRef.java", cursor, List.of(rebuilt), List.of(CodeActionKind.QuickFix));
      assertEquals(List.of("Call this_cpu_dec instead of __this_cpu_dec", "Suppress NonAtomicPerCpuUpdate in put"),
          actions.stream().map(CodeAction::getTitle).toList());
      assertEquals(List.of(put), actions.get(0).getDiagnostics());
      // Another tool's diagnostic there selects nothing of ours.
      Diagnostic foreign = new Diagnostic(new Range(new Position(36, 4), new Position(36, 40)), "x", null, "javac");
      assertEquals(List.of(), actions(h, "PercpuRef.java", cursor, List.of(foreign), List.of(CodeActionKind.QuickFix)));
    }
  }

  @Test
  void suppressingAddsAnAnnotationIndentedLikeTheMethodAndClearsTheFinding() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      h.initialize();
      h.open("PercpuRef.java");
      List<Diagnostic> ds = h.awaitDiagnostics("PercpuRef.java", 2);
      List<CodeAction> actions = actions(h, "PercpuRef.java", ds.get(0).getRange(), List.of(ds.get(0)),
          List.of(CodeActionKind.QuickFix));
      CodeAction suppress = actions.stream().filter(a -> a.getTitle().startsWith("Suppress")).findFirst()
          .orElseThrow();
      assertEquals("Suppress NonAtomicPerCpuUpdate in get", suppress.getTitle());
      assertTrue(actions.stream().noneMatch(a -> a.getKind().equals(CodeActions.FIX_ALL)), "only quick fixes asked");
      h.edit("PercpuRef.java", edits(suppress.getEdit(), h.uri("PercpuRef.java")));
      assertTrue(h.text("PercpuRef.java").contains(
          "\n  @SuppressWarnings(\"NonAtomicPerCpuUpdate\")\n  void get() {\n"), h.text("PercpuRef.java"));
      List<Diagnostic> after = h.awaitDiagnostics("PercpuRef.java", 1);
      assertEquals(37, after.get(0).getRange().getStart().getLine(), "put's finding, one line further down");
    }
  }

  @Test
  void suppressingMergesIntoAnExistingSuppressWarnings() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      String text = Files.readString(root.resolve("PercpuRef.java"))
          .replace("  void put() {", "  @SuppressWarnings(\"unchecked\")\n  void put() {")
          .replace("  void get() {", "  @SuppressWarnings({\"rawtypes\", \"PerCpuUpdateInPreemptibleCode\"}) void get() {");
      Files.writeString(root.resolve("PercpuRef.java"), text);
      h.initialize();
      h.open("PercpuRef.java");
      List<Diagnostic> ds = h.awaitDiagnostics("PercpuRef.java", 2);
      for (Diagnostic d : ds) {
        CodeAction suppress = actions(h, "PercpuRef.java", d.getRange(), List.of(d), null).stream()
            .filter(a -> a.getTitle().startsWith("Suppress")).findFirst().orElseThrow();
        h.edit("PercpuRef.java", edits(suppress.getEdit(), h.uri("PercpuRef.java")));
        h.awaitDiagnostics("PercpuRef.java", ds.size() - 1 - ds.indexOf(d));
      }
      String result = h.text("PercpuRef.java");
      assertTrue(result.contains("  @SuppressWarnings({\"rawtypes\", \"PerCpuUpdateInPreemptibleCode\","
          + " \"NonAtomicPerCpuUpdate\"}) void get() {"), result);
      assertTrue(result.contains("  @SuppressWarnings({\"unchecked\", \"NonAtomicPerCpuUpdate\"})\n  void put() {"),
          result);
      assertEquals(List.of(), h.current("PercpuRef.java"));
    }
  }

  @Test
  void fixAllAppliesEveryFixOfTheFile() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      h.initialize();
      h.open("PercpuRef.java");
      h.awaitDiagnostics("PercpuRef.java", 2);
      Range whole = new Range(new Position(0, 0), new Position(0, 0));
      List<CodeAction> actions = actions(h, "PercpuRef.java", whole, List.of(), List.of(CodeActionKind.SourceFixAll));
      assertEquals(1, actions.size(), actions.toString());
      CodeAction all = actions.get(0);
      assertEquals("source.fixAll.ctxcheck", all.getKind());
      assertEquals("Apply every ctxcheck fix in this file (2)", all.getTitle());
      h.edit("PercpuRef.java", edits(all.getEdit(), h.uri("PercpuRef.java")));
      String fixed = h.text("PercpuRef.java");
      assertTrue(fixed.contains("    this_cpu_inc(pcpu_count);\n    rcu_read_unlock_sched();"), fixed);
      assertTrue(fixed.contains("    this_cpu_dec(pcpu_count);\n"), fixed);
      assertFalse(fixed.contains("__this_cpu_inc(") || fixed.contains("__this_cpu_dec("), fixed);
      h.awaitDiagnostics("PercpuRef.java", 0);
      // Nothing left to fix: no action.
      assertEquals(List.of(), actions(h, "PercpuRef.java", whole, List.of(), List.of(CodeActionKind.Source)));
    }
  }

  @Test
  void noActionsFromAnAnalysisOfOlderText() throws Exception {
    WorkspaceTest.BlockingBackend backend = new WorkspaceTest.BlockingBackend(
        new dev.ctxcheck.lsp.analysis.SourceEngineAnalysis());
    try (Harness h = new Harness(root, backend)) {
      h.copyExample();
      h.initialize();
      h.open("PercpuRef.java");
      List<Diagnostic> ds = h.awaitDiagnostics("PercpuRef.java", 2);
      backend.block.set(true);
      h.replace("PercpuRef.java", h.text("PercpuRef.java").replace("package example.aio;", "package example.aio; "));
      var pending = h.remote.getTextDocumentService().codeAction(new CodeActionParams(
          new TextDocumentIdentifier(h.uri("PercpuRef.java")), ds.get(0).getRange(), new CodeActionContext(ds)));
      assertTrue(backend.entered.await(30, TimeUnit.SECONDS));
      Thread.sleep(200);
      assertFalse(pending.isDone(), "the request waits for the analysis of the current text");
      backend.block.set(false);
      backend.release.countDown();
      List<CodeAction> actions = pending.get(Harness.TIMEOUT, TimeUnit.MILLISECONDS).stream()
          .map(e -> e.getRight()).toList();
      // Answered from the analysis of the edited text.
      assertTrue(actions.stream().anyMatch(a -> Boolean.TRUE.equals(a.getIsPreferred())), actions.toString());
    }
  }
}

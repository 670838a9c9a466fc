package dev.ctxcheck.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The findings of the workspace as diagnostics: what they say, where they point, when they are sent. */
class DiagnosticsTest {

  @TempDir Path root;

  /** The command line's messages for the example (README). */
  private static final String GET_MESSAGE = "__this_cpu_inc(pcpu_count) can lose updates: reached in PROCESS with"
      + " preemption disabled (io_submit -> io_submit_one -> aio_get_req -> get [rcu_read_lock_sched]) and updated"
      + " in SOFTIRQ by __this_cpu_dec(pcpu_count) at PercpuRef.java:37 (blk_done_softirq -> aio_complete ->"
      + " kiocb_free -> put [rcu_read_lock_sched]), which can interrupt it; use this_cpu_inc";
  private static final String PUT_MESSAGE = "__this_cpu_dec(pcpu_count) can lose updates: reached in PROCESS with"
      + " preemption disabled (io_destroy -> put [rcu_read_lock_sched]) and in SOFTIRQ (blk_done_softirq ->"
      + " aio_complete -> kiocb_free -> put [rcu_read_lock_sched]), which can interrupt it; use this_cpu_dec";

  @Test
  void theExamplesTwoWarningsWithTheCommandLinesMessagesAndEveryStepOfTheirPaths() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      Files.createDirectories(root.resolve("target/classes"));
      Files.writeString(root.resolve("target/Copy.java"), Files.readString(root.resolve("PercpuRef.java")));
      Files.createDirectories(root.resolve(".hidden"));
      Files.writeString(root.resolve(".hidden/Copy.java"), Files.readString(root.resolve("PercpuRef.java")));
      h.initialize();
      List<Diagnostic> ds = h.awaitDiagnostics("PercpuRef.java", 2);

      Diagnostic get = ds.get(0);
      assertEquals(new Range(new Position(30, 4), new Position(30, 18)), get.getRange(), "the name __this_cpu_inc");
      assertEquals(DiagnosticSeverity.Warning, get.getSeverity());
      assertEquals("ctxcheck", get.getSource());
      assertEquals("NonAtomicPerCpuUpdate", get.getCode().getLeft());
      assertEquals(GET_MESSAGE, get.getMessage());
      Path page = Path.of(java.net.URI.create(get.getCodeDescription().getHref()));
      assertEquals(Harness.docs().resolve("NonAtomicPerCpuUpdate.md"), page);
      assertTrue(Files.isRegularFile(page));

      Diagnostic put = ds.get(1);
      assertEquals(new Range(new Position(36, 4), new Position(36, 18)), put.getRange());
      assertEquals(PUT_MESSAGE, put.getMessage());

      // The site's path, then the other writer's: every step a location in its file.
      List<DiagnosticRelatedInformation> related = get.getRelatedInformation();
      List<String> steps = related.stream().map(r -> r.getMessage()).toList();
      assertEquals(List.of(
          "PROCESS, step 1 of 5: io_submit: io_submit runs in PROCESS",
          "PROCESS, step 2 of 5: io_submit: calls io_submit_one",
          "PROCESS, step 3 of 5: io_submit_one: calls aio_get_req",
          "PROCESS, step 4 of 5: aio_get_req: calls get",
          "PROCESS, step 5 of 5: get: __this_cpu_inc(pcpu_count) [rcu_read_lock_sched]",
          "SOFTIRQ, step 1 of 5: blk_done_softirq: blk_done_softirq runs in SOFTIRQ",
          "SOFTIRQ, step 2 of 5: blk_done_softirq: calls aio_complete",
          "SOFTIRQ, step 3 of 5: aio_complete: calls kiocb_free",
          "SOFTIRQ, step 4 of 5: kiocb_free: calls put",
          "SOFTIRQ (other writer), step 5 of 5: put: __this_cpu_dec(pcpu_count) [rcu_read_lock_sched]"), steps);
      DiagnosticRelatedInformation ioSubmitOne = related.get(1);
      assertEquals(h.uri("Aio.java"), ioSubmitOne.getLocation().getUri());
      String aio = Files.readString(root.resolve("Aio.java"));
      int line = lineOf(aio, "if (io_submit_one(ctx, data) != 0)");
      assertEquals(new Range(new Position(line, 10), new Position(line, 23)), ioSubmitOne.getLocation().getRange());
      DiagnosticRelatedInformation otherWriter = related.get(9);
      assertEquals(h.uri("PercpuRef.java"), otherWriter.getLocation().getUri());
      assertEquals(new Range(new Position(36, 4), new Position(36, 18)), otherWriter.getLocation().getRange());

      // Only files with findings were published; build output and hidden folders are not the program.
      assertEquals(List.of(h.uri("PercpuRef.java")),
          h.client.diagnostics().stream().map(p -> p.params().getUri()).distinct().toList());
      // The first analysis reported progress and logged.
      assertTrue(h.client.progress().stream().anyMatch(p -> p.getValue().getLeft() instanceof WorkDoneProgressBegin));
      h.client.await("progress end", () -> h.client.progress().stream()
          .anyMatch(p -> p.getValue().getLeft() instanceof WorkDoneProgressEnd), Harness.TIMEOUT);
      assertTrue(h.client.logs().stream().anyMatch(m -> m.getType() == MessageType.Info
          && m.getMessage().contains(".java files in")), h.client.logs().toString());
    }
  }

  @Test
  void positionsAreUtf16CodeUnitsAndUnsavedTextIsWhatIsAnalysed() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      h.initialize();
      h.awaitDiagnostics("PercpuRef.java", 2);
      h.open("PercpuRef.java");
      // A character outside the BMP (two UTF-16 units) and an e-acute (one) before the call, in the buffer only.
      String text = h.text("PercpuRef.java").replace("    __this_cpu_inc(pcpu_count);",
          "    /* \uD83D\uDE00 \u00e9 */ __this_cpu_inc(pcpu_count);");
      h.replace("PercpuRef.java", text);
      h.client.await("the shifted range", () -> !h.current("PercpuRef.java").isEmpty()
          && h.current("PercpuRef.java").get(0).getRange().getStart().getCharacter() == 4 + 11, Harness.TIMEOUT);
      Diagnostic d = h.current("PercpuRef.java").get(0);
      // "/* " 3 + emoji 2 + " " 1 + e-acute 1 + " */ " 4 = 11 units.
      assertEquals(new Range(new Position(30, 15), new Position(30, 29)), d.getRange());
      assertEquals(Integer.valueOf(2), h.client.publishedFor(h.uri("PercpuRef.java"))
          .get(h.client.publishedFor(h.uri("PercpuRef.java")).size() - 1).getVersion());
      assertNotNull(Files.readString(root.resolve("PercpuRef.java")));
    }
  }

  @Test
  void aMaskImbalanceIsReportedOnTheMethodsName() throws Exception {
    try (Harness h = new Harness(root)) {
      h.write("m/Locks.java", """
          package m;

          import dev.ctxcheck.percpu.Bh;

          final class Locks {
            @SuppressWarnings("unused")
            static void lock_and_leave() {
              Bh.local_bh_disable();
            }
          }
          """);
      h.initialize();
      Diagnostic d = h.awaitDiagnostics("m/Locks.java", 1).get(0);
      assertEquals("ContextMaskImbalance", d.getCode().getLeft());
      assertEquals(new Range(new Position(6, 14), new Position(6, 28)), d.getRange(), "the name lock_and_leave");
      assertTrue(d.getMessage().startsWith("lock_and_leave returns with softirqs still masked"), d.getMessage());
    }
  }

  static int lineOf(String text, String needle) {
    int at = text.indexOf(needle);
    assertTrue(at >= 0, needle);
    return (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
  }
}

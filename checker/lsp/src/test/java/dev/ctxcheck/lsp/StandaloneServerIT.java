package dev.ctxcheck.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone jar started with {@code java -jar}, as an editor starts it: a whole session over
 * its standard input and output, which must carry nothing but framed protocol messages.
 */
class StandaloneServerIT {

  @TempDir Path root;

  private static Path jar() {
    return Path.of(System.getProperty("ctxcheck.lsp.jar"));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void aWholeSessionOverStandardInputAndOutput() throws Exception {
    new Harness(root).copyExample();
    Path stderr = root.resolveSibling(root.getFileName() + "-stderr.txt");
    Process server = new ProcessBuilder(java(), "-jar", jar().toString())
        .redirectError(stderr.toFile()).start();
    String uri = Harness.uri(root.resolve("PercpuRef.java"));
    try (RawConnection c = new RawConnection(server.getInputStream(), server.getOutputStream())) {
      c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":"
          + ProcessHandle.current().pid() + ",\"rootUri\":\"" + Harness.uri(root) + "\",\"capabilities\":{}}}");
      JsonObject init = c.await("initialize", RawConnection.response(1), Harness.TIMEOUT);
      JsonObject capabilities = init.getAsJsonObject("result").getAsJsonObject("capabilities");
      assertTrue(capabilities.get("hoverProvider").getAsBoolean());
      assertEquals(2, capabilities.getAsJsonObject("textDocumentSync").get("change").getAsInt(), "incremental");
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
      JsonObject published = c.await("the example's diagnostics", m -> RawConnection
          .notification("textDocument/publishDiagnostics").test(m)
          && m.getAsJsonObject("params").get("uri").getAsString().equals(uri), Harness.TIMEOUT);
      JsonArray diagnostics = published.getAsJsonObject("params").getAsJsonArray("diagnostics");
      assertEquals(2, diagnostics.size());
      assertEquals(List.of(30, 36), List.of(line(diagnostics, 0), line(diagnostics, 1)));
      JsonObject first = diagnostics.get(0).getAsJsonObject();
      String href = first.getAsJsonObject("codeDescription").get("href").getAsString();
      assertTrue(Files.isRegularFile(Path.of(java.net.URI.create(href))), "a page of this checkout: " + href);

      c.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":"
          + "{\"uri\":\"" + uri + "\"},\"position\":{\"line\":34,\"character\":7}}}");
      JsonObject hover = c.await("hover", RawConnection.response(2), Harness.TIMEOUT);
      assertTrue(hover.getAsJsonObject("result").getAsJsonObject("contents").get("value").getAsString()
          .contains("SOFTIRQ: blk_done_softirq -> aio_complete -> kiocb_free -> put"), hover.toString());

      c.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"shutdown\"}");
      c.await("shutdown", RawConnection.response(3), Harness.TIMEOUT);
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}");
      assertTrue(server.waitFor(30, TimeUnit.SECONDS), "the server exits");
      assertEquals(0, server.exitValue(), "exit after shutdown");
      assertNull(c.failure(), "standard output carried only protocol messages");
    } finally {
      server.destroyForcibly();
    }
    String log = Files.readString(stderr, StandardCharsets.UTF_8);
    // The log goes to standard error (what is logged before the diagnostics are sent is surely there).
    assertTrue(log.contains("ctxcheck: analysing 4 files"), log);
  }

  @Test
  void anUnknownArgumentIsRefusedOnStandardError() throws Exception {
    Process server = new ProcessBuilder(java(), "-jar", jar().toString(), "--tcp").start();
    assertTrue(server.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, server.exitValue());
    assertEquals("", new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
        .contains("unknown argument --tcp"));
  }

  @Test
  void versionAnswersWithoutASession() throws Exception {
    Process server = new ProcessBuilder(java(), "-jar", jar().toString(), "--version").start();
    assertTrue(server.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, server.exitValue());
    assertTrue(new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .startsWith("ctxcheck-lsp 0.1.0"));
  }

  private static int line(JsonArray diagnostics, int i) {
    return diagnostics.get(i).getAsJsonObject().getAsJsonObject("range").getAsJsonObject("start").get("line")
        .getAsInt();
  }
}

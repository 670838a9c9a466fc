package dev.ctxcheck.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.ctxcheck.lsp.analysis.IncrementalAnalysis;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Initialize, shutdown and exit as the protocol says; cancellation; the settings. */
class LifecycleTest {

  @TempDir Path root;

  @Test
  void exitWithoutShutdownExitsWithOne() throws Exception {
    Harness h = new Harness(root);
    h.initialize();
    h.remote.exit();
    long deadline = System.currentTimeMillis() + 10_000;
    while (System.currentTimeMillis() < deadline) {
      synchronized (h.exits) {
        if (!h.exits.isEmpty()) {
          break;
        }
      }
      Thread.sleep(20);
    }
    assertEquals(List.of(1), h.exits);
  }

  @Test
  void aCancelledRequestIsAnsweredWithRequestCancelled() throws Exception {
    WorkspaceTest.BlockingBackend backend = new WorkspaceTest.BlockingBackend(new IncrementalAnalysis());
    Pipe toServer = Pipe.open();
    Pipe toClient = Pipe.open();
    CtxcheckLanguageServer server = new CtxcheckLanguageServer(backend, Harness.docs(), status -> { });
    Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server,
        Channels.newInputStream(toServer.source()), Channels.newOutputStream(toClient.sink()));
    server.connect(launcher.getRemoteProxy());
    var listening = launcher.startListening();
    Path example = root.resolve("aio");
    Files.createDirectories(example);
    new Harness(example).copyExample();
    String uri = Harness.uri(example.resolve("PercpuRef.java"));
    try (RawConnection c = new RawConnection(Channels.newInputStream(toClient.source()),
        Channels.newOutputStream(toServer.sink()))) {
      c.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"processId\":null,"
          + "\"rootUri\":\"" + Harness.uri(example) + "\",\"capabilities\":{}}}");
      JsonObject init = c.await("initialize", RawConnection.response(1), Harness.TIMEOUT);
      assertEquals("ctxcheck", init.getAsJsonObject("result").getAsJsonObject("serverInfo").get("name").getAsString());
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"initialized\",\"params\":{}}");
      c.await("diagnostics", RawConnection.notification("textDocument/publishDiagnostics"), Harness.TIMEOUT);

      backend.block.set(true);
      String edited = Files.readString(example.resolve("PercpuRef.java")).replace("final class", "final  class");
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\""
          + uri + "\",\"languageId\":\"java\",\"version\":1,\"text\":" + new com.google.gson.Gson().toJson(edited)
          + "}}}");
      assertTrue(backend.entered.await(30, TimeUnit.SECONDS));
      // The hover waits for the analysis of the open text; the client gives up on it.
      c.send("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":"
          + "{\"uri\":\"" + uri + "\"},\"position\":{\"line\":28,\"character\":8}}}");
      c.send("{\"jsonrpc\":\"2.0\",\"method\":\"$/cancelRequest\",\"params\":{\"id\":7}}");
      JsonObject cancelled = c.await("the answer to the hover", RawConnection.response(7), Harness.TIMEOUT);
      assertEquals(-32800, cancelled.getAsJsonObject("error").get("code").getAsInt(), cancelled.toString());

      backend.block.set(false);
      backend.release.countDown();
      // The server still answers: the same hover, not cancelled.
      c.send("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":"
          + "{\"uri\":\"" + uri + "\"},\"position\":{\"line\":28,\"character\":8}}}");
      JsonObject hover = c.await("the second hover", RawConnection.response(8), Harness.TIMEOUT);
      assertTrue(hover.getAsJsonObject("result").getAsJsonObject("contents").get("value").getAsString()
          .startsWith("get runs in:"), hover.toString());
      c.send("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"shutdown\"}");
      JsonObject shutdown = c.await("shutdown", RawConnection.response(9), Harness.TIMEOUT);
      assertTrue(shutdown.has("result") && shutdown.get("result").isJsonNull(), shutdown.toString());
    } finally {
      listening.cancel(true);
    }
  }

  @Test
  void initializationOptionsTurnOnAcceptedRaces() throws Exception {
    try (Harness h = new Harness(root)) {
      h.write("net/Stats.java", Sources.STATS.replace("__this_cpu_inc", "raw_cpu_inc"));
      h.write("net/Syscall.java", Sources.SYSCALL);
      h.write("net/Rx.java", Sources.SOFTIRQ);
      h.initialize(Harness.capabilities(true, true), JsonParser.parseString(
          "{\"ctxcheck\": {\"reportAcceptedRaces\": true, \"classpath\": [\"lib/none.jar\"]}}"));
      List<org.eclipse.lsp4j.Diagnostic> ds = h.awaitDiagnostics("net/Stats.java", 1);
      assertTrue(ds.get(0).getMessage().startsWith("raw_cpu_inc(RX) can lose updates"), ds.get(0).getMessage());
    }
  }

  @Test
  void workspaceConfigurationIsPulledAndAChangeReanalyses() throws Exception {
    try (Harness h = new Harness(root)) {
      h.write("net/Stats.java", Sources.STATS.replace("__this_cpu_inc", "raw_cpu_inc"));
      h.write("net/Syscall.java", Sources.SYSCALL);
      h.write("net/Rx.java", Sources.SOFTIRQ);
      ClientCapabilities c = Harness.capabilities(true, true);
      WorkspaceClientCapabilities w = c.getWorkspace();
      w.setConfiguration(true);
      boolean[] raw = {false};
      h.client.configuration = p -> List.of(JsonParser.parseString("{\"reportAcceptedRaces\": " + raw[0]
          + ", \"preemptRt\": true}"));
      h.initialize(c, null);
      h.awaitFirstAnalysis();
      assertEquals("ctxcheck", h.client.configurationRequests().get(0).getItems().get(0).getSection());
      assertEquals(List.of(), h.client.publishedFor(h.uri("net/Stats.java")));
      assertTrue(h.client.logs().stream().anyMatch(m -> m.getType() == MessageType.Info
          && m.getMessage().contains("PREEMPT_RT model")), "says which model it analyses under");

      raw[0] = true;
      h.remote.getWorkspaceService().didChangeConfiguration(
          new org.eclipse.lsp4j.DidChangeConfigurationParams(new JsonObject()));
      List<org.eclipse.lsp4j.Diagnostic> ds = h.awaitDiagnostics("net/Stats.java", 1);
      assertTrue(ds.stream().anyMatch(d -> d.getMessage().contains("can lose updates under PREEMPT_RT")),
          "the setting applies the PREEMPT_RT model: " + ds);
    }
  }

  @Test
  void badSettingsAreNamedAndTheDefaultsKept() throws Exception {
    try (Harness h = new Harness(root)) {
      h.copyExample();
      h.initialize(Harness.capabilities(true, true), JsonParser.parseString(
          "{\"ctxcheck\": {\"reportAcceptedRaces\": \"yes\"}}"));
      h.awaitDiagnostics("PercpuRef.java", 2);
      assertTrue(h.client.logs().stream().anyMatch(m -> m.getType() == MessageType.Error && m.getMessage().equals(
          "ctxcheck: initializationOptions: ctxcheck.reportAcceptedRaces must be true or false, not \"yes\";"
          + " using the defaults")), h.client.logs().toString());
    }
  }
}

package dev.ctxcheck.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ctxcheck.lsp.analysis.IncrementalAnalysis;
import dev.ctxcheck.lsp.analysis.WorkspaceAnalysis;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeActionCapabilities;
import org.eclipse.lsp4j.CodeLensWorkspaceCapabilities;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesCapabilities;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.HoverCapabilities;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.TextDocumentClientCapabilities;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WindowClientCapabilities;
import org.eclipse.lsp4j.WorkspaceClientCapabilities;
import org.eclipse.lsp4j.WorkspaceEditCapabilities;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * A server and a client connected by pipes, speaking the protocol through LSP4J's launchers on both
 * sides, over a workspace folder of the test's making.
 */
final class Harness implements AutoCloseable {

  static final long TIMEOUT = 60_000;

  final Path root;
  final TestClient client = new TestClient();
  final CtxcheckLanguageServer server;
  final LanguageServer remote;
  final List<Integer> exits = new ArrayList<>();
  private final Future<Void> serverListening;
  private final Future<Void> clientListening;
  private final Map<Path, Integer> versions = new java.util.HashMap<>();
  private final Map<Path, String> texts = new java.util.HashMap<>();

  Harness(Path root) throws IOException {
    this(root, new IncrementalAnalysis());
  }

  Harness(Path root, WorkspaceAnalysis backend) throws IOException {
    this.root = root;
    // NIO pipes: java.io's piped streams fail once the last thread that wrote to them ends.
    Pipe toServer = Pipe.open();
    Pipe toClient = Pipe.open();
    InputStream serverIn = Channels.newInputStream(toServer.source());
    OutputStream clientOut = Channels.newOutputStream(toServer.sink());
    InputStream clientIn = Channels.newInputStream(toClient.source());
    OutputStream serverOut = Channels.newOutputStream(toClient.sink());
    server = new CtxcheckLanguageServer(backend, docs(), status -> {
      synchronized (exits) {
        exits.add(status);
      }
    });
    Launcher<LanguageClient> serverLauncher = LSPLauncher.createServerLauncher(server, serverIn, serverOut);
    server.connect(serverLauncher.getRemoteProxy());
    serverListening = serverLauncher.startListening();
    Launcher<LanguageServer> clientLauncher = LSPLauncher.createClientLauncher(client, clientIn, clientOut);
    remote = clientLauncher.getRemoteProxy();
    clientListening = clientLauncher.startListening();
  }

  static Path docs() {
    return repositoryRoot().resolve("docs");
  }

  static Path repositoryRoot() {
    return Path.of(System.getProperty("ctxcheck.root", "../..")).toAbsolutePath().normalize();
  }

  /** Client capabilities of a full-featured client; tests switch parts off. */
  static ClientCapabilities capabilities(boolean dynamicWatch, boolean documentChanges) {
    WorkspaceClientCapabilities workspace = new WorkspaceClientCapabilities();
    workspace.setDidChangeWatchedFiles(new DidChangeWatchedFilesCapabilities(dynamicWatch));
    WorkspaceEditCapabilities edits = new WorkspaceEditCapabilities();
    edits.setDocumentChanges(documentChanges);
    workspace.setWorkspaceEdit(edits);
    workspace.setCodeLens(new CodeLensWorkspaceCapabilities(true));
    TextDocumentClientCapabilities text = new TextDocumentClientCapabilities();
    text.setHover(new HoverCapabilities(List.of("markdown", "plaintext"), false));
    text.setCodeAction(new CodeActionCapabilities());
    WindowClientCapabilities window = new WindowClientCapabilities();
    window.setWorkDoneProgress(true);
    ClientCapabilities c = new ClientCapabilities(workspace, text, null);
    c.setWindow(window);
    return c;
  }

  void initialize() throws Exception {
    initialize(capabilities(true, true), null);
  }

  void initialize(ClientCapabilities capabilities, Object initializationOptions) throws Exception {
    InitializeParams params = new InitializeParams();
    params.setProcessId((int) ProcessHandle.current().pid());
    params.setWorkspaceFolders(List.of(new WorkspaceFolder(uri(root), root.getFileName().toString())));
    params.setCapabilities(capabilities);
    params.setInitializationOptions(initializationOptions);
    remote.initialize(params).get(TIMEOUT, TimeUnit.MILLISECONDS);
    remote.initialized(new InitializedParams());
  }

  /** Waits for the first analysis to be published (its log line). */
  void awaitFirstAnalysis() throws InterruptedException {
    client.await("the first analysis", () -> client.logs().stream()
        .anyMatch(m -> m.getMessage().startsWith("ctxcheck: first analysis done")), TIMEOUT);
  }

  static String uri(Path p) {
    return p.toUri().toString();
  }

  String uri(String relative) {
    return uri(root.resolve(relative));
  }

  Path write(String relative, String text) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  void open(String relative) throws IOException {
    Path file = root.resolve(relative);
    String text = Files.readString(file);
    versions.put(file, 1);
    texts.put(file, text);
    remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
        new TextDocumentItem(uri(file), "java", 1, text)));
  }

  /** Replaces the whole buffer. */
  void replace(String relative, String text) {
    Path file = root.resolve(relative);
    int version = versions.merge(file, 1, Integer::sum);
    texts.put(file, text);
    remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri(file), version), List.of(new TextDocumentContentChangeEvent(text))));
  }

  /** Applies edits to the buffer as incremental changes, the way an editor applies a workspace edit. */
  void edit(String relative, List<TextEdit> edits) {
    Path file = root.resolve(relative);
    String text = texts.get(file);
    // Later edits first, so each range still refers to the text the server sent it for.
    List<TextEdit> ordered = new ArrayList<>(edits);
    ordered.sort((a, b) -> compare(b.getRange().getStart(), a.getRange().getStart()));
    List<TextDocumentContentChangeEvent> changes = new ArrayList<>();
    for (TextEdit e : ordered) {
      changes.add(new TextDocumentContentChangeEvent(e.getRange(), e.getNewText()));
      text = Workspace.apply(text, changes.get(changes.size() - 1));
    }
    int version = versions.merge(file, 1, Integer::sum);
    texts.put(file, text);
    remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
        new VersionedTextDocumentIdentifier(uri(file), version), changes));
  }

  String text(String relative) {
    return texts.get(root.resolve(relative));
  }

  void close(String relative) {
    remote.getTextDocumentService().didClose(new DidCloseTextDocumentParams(
        new org.eclipse.lsp4j.TextDocumentIdentifier(uri(relative))));
  }

  /** The diagnostics last published for a file (empty if none or cleared). */
  List<Diagnostic> current(String relative) {
    List<PublishDiagnosticsParams> all = client.publishedFor(uri(relative));
    return all.isEmpty() ? List.of() : all.get(all.size() - 1).getDiagnostics();
  }

  /** Waits until the last publication for a file has {@code count} diagnostics. */
  List<Diagnostic> awaitDiagnostics(String relative, int count) throws InterruptedException {
    client.await(count + " diagnostics in " + relative, () -> current(relative).size() == count
        && (count > 0 || !client.publishedFor(uri(relative)).isEmpty()), TIMEOUT);
    return current(relative);
  }

  private static int compare(org.eclipse.lsp4j.Position a, org.eclipse.lsp4j.Position b) {
    return a.getLine() != b.getLine() ? Integer.compare(a.getLine(), b.getLine())
        : Integer.compare(a.getCharacter(), b.getCharacter());
  }

  /** Copies {@code examples/aio} into the workspace. */
  void copyExample() throws IOException {
    Path example = repositoryRoot().resolve("examples/aio");
    try (var files = Files.list(example)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Files.copy(f, root.resolve(f.getFileName()));
      }
    }
  }

  @Override
  public void close() throws Exception {
    try {
      remote.shutdown().get(10, TimeUnit.SECONDS);
      remote.exit();
      synchronized (exits) {
        long deadline = System.currentTimeMillis() + 5000;
        while (exits.isEmpty() && System.currentTimeMillis() < deadline) {
          exits.wait(50);
        }
      }
      assertEquals(List.of(0), exits, "exit after shutdown exits with 0");
    } finally {
      serverListening.cancel(true);
      clientListening.cancel(true);
    }
  }
}

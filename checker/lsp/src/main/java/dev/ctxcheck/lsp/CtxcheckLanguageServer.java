package dev.ctxcheck.lsp;

import com.google.gson.JsonObject;
import dev.ctxcheck.lsp.analysis.MethodView;
import dev.ctxcheck.lsp.analysis.Outcome;
import dev.ctxcheck.lsp.analysis.WorkspaceAnalysis;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.CodeLens;
import org.eclipse.lsp4j.CodeLensOptions;
import org.eclipse.lsp4j.CodeLensParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.ConfigurationItem;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.DidChangeConfigurationParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesParams;
import org.eclipse.lsp4j.DidChangeWatchedFilesRegistrationOptions;
import org.eclipse.lsp4j.DidChangeWorkspaceFoldersParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.ExecuteCommandOptions;
import org.eclipse.lsp4j.ExecuteCommandParams;
import org.eclipse.lsp4j.FileEvent;
import org.eclipse.lsp4j.FileSystemWatcher;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.Registration;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.TextDocumentSyncOptions;
import org.eclipse.lsp4j.WorkDoneProgressBegin;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.WorkDoneProgressEnd;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.WorkspaceFoldersChangeEvent;
import org.eclipse.lsp4j.WorkspaceFoldersOptions;
import org.eclipse.lsp4j.WorkspaceServerCapabilities;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * ctxcheck's language server (LSP 3.17): the workspace's {@code .java} files are one program, its
 * findings are warnings with their call paths, its fixes are code actions, and a method's hover and
 * code lens say which contexts reach it.
 */
public final class CtxcheckLanguageServer implements LanguageServer, LanguageClientAware {

  static final String SHOW_CONTEXTS = "ctxcheck.showContexts";
  private static final String WATCH_REGISTRATION = "ctxcheck-watched-files";
  private static final long MB = 1 << 20;

  private final Workspace workspace = new Workspace();
  private final Analyser analyser;
  private final Diagnostics diagnostics;
  private final IntConsumer exit;
  private final Documents documents = new Documents();
  private final WorkspaceEvents workspaceEvents = new WorkspaceEvents();

  private volatile LanguageClient client;
  private volatile Settings settings = Settings.DEFAULT;
  private volatile ClientCapabilities capabilities = new ClientCapabilities();
  private volatile CodeActions codeActions;
  private volatile boolean shutdownRequested;
  private volatile boolean firstResultDelivered;
  private volatile String progressToken;
  private FileWatcher watcher;

  /**
   * @param backend how the workspace is analysed
   * @param docs the folder of the checks' pages, for each diagnostic's link; null if unknown
   * @param exit what {@code exit} does with its status (0 after {@code shutdown}, else 1)
   */
  public CtxcheckLanguageServer(WorkspaceAnalysis backend, Path docs, IntConsumer exit) {
    this.diagnostics = new Diagnostics(docs);
    this.exit = exit;
    this.analyser = new Analyser(workspace, backend, new Listener(), () -> settings.debounceMillis());
  }

  @Override
  public void connect(LanguageClient languageClient) {
    this.client = languageClient;
  }

  /** How many analyses have started (for tests of coalescing). */
  int analysisRuns() {
    return analyser.runs();
  }

  @Override
  public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
    capabilities = params.getCapabilities() != null ? params.getCapabilities() : new ClientCapabilities();
    List<Path> folders = new ArrayList<>();
    if (params.getWorkspaceFolders() != null) {
      for (WorkspaceFolder f : params.getWorkspaceFolders()) {
        Optional.ofNullable(Uris.path(f.getUri())).ifPresent(folders::add);
      }
    }
    if (folders.isEmpty() && params.getRootUri() != null) {
      Optional.ofNullable(Uris.path(params.getRootUri())).ifPresent(folders::add);
    }
    @SuppressWarnings("deprecation")
    String rootPath = params.getRootPath();
    if (folders.isEmpty() && rootPath != null) {
      folders.add(Path.of(rootPath).toAbsolutePath().normalize());
    }
    try {
      settings = Settings.read(params.getInitializationOptions(), Settings.DEFAULT,
          folders.isEmpty() ? null : folders.get(0));
    } catch (Settings.BadSettings e) {
      log(MessageType.Error, "ctxcheck: initializationOptions: " + e.getMessage() + "; using the defaults");
    }
    try {
      workspace.setFolders(folders);
    } catch (IOException e) {
      log(MessageType.Error, "ctxcheck: cannot list the workspace: " + e.getMessage());
    }
    workspace.setOptions(settings.options());
    codeActions = new CodeActions(diagnostics, supportsDocumentChanges());

    ServerCapabilities server = new ServerCapabilities();
    TextDocumentSyncOptions sync = new TextDocumentSyncOptions();
    sync.setOpenClose(true);
    sync.setChange(TextDocumentSyncKind.Incremental);
    sync.setSave(true);
    server.setTextDocumentSync(sync);
    server.setHoverProvider(true);
    CodeActionOptions actions = new CodeActionOptions(List.of(CodeActionKind.QuickFix, CodeActions.FIX_ALL));
    server.setCodeActionProvider(actions);
    server.setCodeLensProvider(new CodeLensOptions(false));
    server.setExecuteCommandProvider(new ExecuteCommandOptions(List.of(SHOW_CONTEXTS)));
    WorkspaceFoldersOptions folderChanges = new WorkspaceFoldersOptions();
    folderChanges.setSupported(true);
    folderChanges.setChangeNotifications(true);
    server.setWorkspace(new WorkspaceServerCapabilities(folderChanges));
    return CompletableFuture.completedFuture(new InitializeResult(server, new ServerInfo("ctxcheck", version())));
  }

  @Override
  public void initialized(InitializedParams params) {
    log(MessageType.Info, "ctxcheck: " + workspace.fileCount() + " .java files in " + workspace.folders());
    logModel();
    boolean dynamicWatch = capabilities.getWorkspace() != null
        && capabilities.getWorkspace().getDidChangeWatchedFiles() != null
        && Boolean.TRUE.equals(capabilities.getWorkspace().getDidChangeWatchedFiles().getDynamicRegistration());
    if (dynamicWatch) {
      FileSystemWatcher java = new FileSystemWatcher(Either.forLeft("**/*.java"));
      client.registerCapability(new RegistrationParams(List.of(new Registration(WATCH_REGISTRATION,
          "workspace/didChangeWatchedFiles", new DidChangeWatchedFilesRegistrationOptions(List.of(java))))))
          .exceptionally(e -> {
            log(MessageType.Log, "ctxcheck: the client refused to watch files (" + e.getMessage() + ")");
            startOwnWatch();
            return null;
          });
    } else {
      startOwnWatch();
    }
    beginProgress();
    if (supportsConfiguration()) {
      pullConfiguration().whenComplete((ignored, e) -> analyser.requestNow());
    } else {
      analyser.requestNow();
    }
  }

  @Override
  public CompletableFuture<Object> shutdown() {
    shutdownRequested = true;
    analyser.shutdown();
    stopOwnWatch();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void exit() {
    analyser.shutdown();
    stopOwnWatch();
    exit.accept(shutdownRequested ? 0 : 1);
  }

  @Override
  public TextDocumentService getTextDocumentService() {
    return documents;
  }

  @Override
  public WorkspaceService getWorkspaceService() {
    return workspaceEvents;
  }

  /** Open buffers, and the requests about them. */
  private final class Documents implements TextDocumentService {

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
      Path file = Uris.path(params.getTextDocument().getUri());
      var doc = params.getTextDocument();
      if (file != null && workspace.open(file, doc.getUri(), doc.getVersion(), doc.getText())) {
        analyser.request();
      }
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
      Path file = Uris.path(params.getTextDocument().getUri());
      if (file != null && workspace.change(file, params.getTextDocument().getVersion(), params.getContentChanges())) {
        analyser.request();
      }
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
      Path file = Uris.path(params.getTextDocument().getUri());
      if (file != null && workspace.close(file)) {
        analyser.request();
      }
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
      // The buffer's text is analysed already; the file's new content matters only once it is closed.
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
      return current(params.getTextDocument().getUri(), (run, file, offset) -> {
        Optional<MethodView> view = run.outcome().methodAt(file, offset.apply(params.getPosition()));
        if (view.isEmpty()) {
          return null;
        }
        boolean markdown = prefersMarkdown();
        Hover hover = new Hover(new MarkupContent(markdown ? MarkupKind.MARKDOWN : MarkupKind.PLAINTEXT,
            ContextViews.hover(view.get(), markdown)));
        hover.setRange(new Positions(run.outcome()).range(file, view.get().range()));
        return hover;
      });
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
      return current(params.getTextDocument().getUri(),
          (run, file, offset) -> codeActions.actions(run, file, params)).thenApply(a -> a == null ? List.of() : a);
    }

    @Override
    public CompletableFuture<List<? extends CodeLens>> codeLens(CodeLensParams params) {
      CompletableFuture<List<CodeLens>> lenses = current(params.getTextDocument().getUri(), (run, file, offset) -> {
        Positions positions = new Positions(run.outcome());
        List<CodeLens> out = new ArrayList<>();
        for (MethodView m : run.outcome().perCpuUpdaters(file)) {
          var range = positions.range(file, m.range());
          List<Object> where = List.of(params.getTextDocument().getUri(), range.getStart().getLine(),
              range.getStart().getCharacter());
          Command show = new Command(ContextViews.lens(m), SHOW_CONTEXTS, where);
          out.add(new CodeLens(range, show, null));
        }
        return out;
      });
      return lenses.thenApply(l -> l == null ? List.of() : l);
    }
  }

  /** Settings, files on disk, commands. */
  private final class WorkspaceEvents implements WorkspaceService {

    @Override
    public void didChangeConfiguration(DidChangeConfigurationParams params) {
      if (supportsConfiguration()) {
        pullConfiguration().whenComplete((changed, e) -> {
          if (Boolean.TRUE.equals(changed)) {
            analyser.requestNow();
          }
        });
        return;
      }
      if (applySettings(params.getSettings(), "workspace/didChangeConfiguration")) {
        analyser.requestNow();
      }
    }

    @Override
    public void didChangeWatchedFiles(DidChangeWatchedFilesParams params) {
      boolean changed = false;
      for (FileEvent e : params.getChanges()) {
        Path path = Uris.path(e.getUri());
        if (path == null) {
          continue;
        }
        changed |= switch (e.getType()) {
          case Created -> workspace.created(path);
          case Deleted -> workspace.deleted(path);
          case Changed -> workspace.changedOnDisk(path);
        };
      }
      if (changed) {
        analyser.request();
      }
    }

    @Override
    public void didChangeWorkspaceFolders(DidChangeWorkspaceFoldersParams params) {
      List<Path> folders = new ArrayList<>(workspace.folders());
      WorkspaceFoldersChangeEvent event = params.getEvent();
      for (WorkspaceFolder f : event.getRemoved() == null ? List.<WorkspaceFolder>of() : event.getRemoved()) {
        folders.remove(Uris.path(f.getUri()));
      }
      for (WorkspaceFolder f : event.getAdded() == null ? List.<WorkspaceFolder>of() : event.getAdded()) {
        Path p = Uris.path(f.getUri());
        if (p != null && !folders.contains(p)) {
          folders.add(p);
        }
      }
      try {
        workspace.setFolders(folders);
      } catch (IOException e) {
        log(MessageType.Error, "ctxcheck: cannot list the workspace: " + e.getMessage());
      }
      synchronized (CtxcheckLanguageServer.this) {
        if (watcher != null) {
          stopOwnWatch();
          startOwnWatch();
        }
      }
      log(MessageType.Info, "ctxcheck: " + workspace.fileCount() + " .java files in " + workspace.folders());
      analyser.request();
    }

    @Override
    public CompletableFuture<Object> executeCommand(ExecuteCommandParams params) {
      if (!SHOW_CONTEXTS.equals(params.getCommand()) || params.getArguments() == null
          || params.getArguments().size() != 3) {
        return CompletableFuture.failedFuture(new ResponseErrorException(new ResponseError(
            ResponseErrorCode.InvalidParams, "unknown command or arguments: " + params.getCommand(), null)));
      }
      String uri = jsonString(params.getArguments().get(0));
      int line = jsonInt(params.getArguments().get(1));
      int character = jsonInt(params.getArguments().get(2));
      return current(uri, (run, file, offset) -> {
        Optional<MethodView> view = run.outcome().methodAt(file,
            offset.apply(new org.eclipse.lsp4j.Position(line, character)));
        view.ifPresent(v -> client.showMessage(new MessageParams(MessageType.Info, ContextViews.hover(v, false))));
        return null;
      });
    }
  }

  /** A request's work on the outcome that analysed the buffer's current text. */
  @FunctionalInterface
  private interface OnCurrent<T> {
    T apply(Analyser.Published run, Path file, java.util.function.Function<org.eclipse.lsp4j.Position, Integer> offset);
  }

  /**
   * Waits for the analysis of the newest change, then answers from it if it analysed the buffer's
   * current text (else null: the text moved on, a newer analysis will follow). A cancelled request
   * ({@code $/cancelRequest}) stops waiting.
   */
  private <T> CompletableFuture<T> current(String uri, OnCurrent<T> work) {
    Path file = Uris.path(uri);
    if (file == null) {
      return CompletableFuture.completedFuture(null);
    }
    return analyser.settled().thenApply(run -> {
      if (run == null) {
        return null;
      }
      Outcome outcome = run.outcome();
      String analysed = outcome.text(file);
      Workspace.Document doc = workspace.document(file);
      if (analysed == null || (doc != null && !doc.text().equals(analysed))) {
        return null;
      }
      Analyser.Published answer = run;
      if (doc != null && !doc.equals(run.documents().get(file))) {
        // Opened (or re-versioned) after the run with the same text: edits go to the buffer's version.
        java.util.Map<Path, Workspace.Document> documents = new java.util.HashMap<>(run.documents());
        documents.put(file, doc);
        answer = new Analyser.Published(run.generation(), outcome, documents);
      }
      Positions positions = new Positions(outcome);
      return work.apply(answer, file, p -> positions.offset(file, p));
    });
  }

  private final class Listener implements Analyser.Listener {
    @Override
    public void started(long generation, int files) {
      log(MessageType.Log, "ctxcheck: analysing " + files + " files (change " + generation + ")");
    }

    @Override
    public void finished(Analyser.Published run, long millis) {
      Positions positions = new Positions(run.outcome());
      List<String> sent = diagnostics.publish(run, positions, p -> client.publishDiagnostics(p));
      Runtime runtime = Runtime.getRuntime();
      StringBuilder phases = new StringBuilder();
      run.outcome().phaseMillis().forEach((phase, ms) -> phases.append(phases.length() == 0 ? " (" : ", ")
          .append(phase).append(' ').append(ms));
      log(MessageType.Log, "ctxcheck: " + run.outcome().findings().size() + " findings in " + millis + " ms"
          + (phases.length() == 0 ? "" : phases + ")") + "; "
          + sent.size() + " files' diagnostics published; heap " + (runtime.totalMemory() - runtime.freeMemory()) / MB
          + " MB used of " + runtime.maxMemory() / MB + " MB");
      if (!run.outcome().problems().isEmpty()) {
        StringBuilder left = new StringBuilder("ctxcheck: analysed what could be parsed; left out:");
        run.outcome().problems().stream().limit(20).forEach(p -> left.append("\n  ")
            .append(p.file() == null ? "" : p.file() + (p.line() > 0 ? ":" + p.line() : "") + ": ").append(p.message()));
        log(MessageType.Log, left.toString());
      }
      endProgress(run.outcome().findings().size() + " findings");
      if (!firstResultDelivered) {
        firstResultDelivered = true;
        log(MessageType.Info, "ctxcheck: first analysis done in " + millis + " ms");
      }
      refreshCodeLenses();
    }

    @Override
    public void failed(long generation, Exception e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      log(MessageType.Error, "ctxcheck: the analysis failed; the last findings stay: " + trace);
      endProgress("failed");
    }
  }

  // --- settings -------------------------------------------------------------------------------

  /** Asks the client for section {@code ctxcheck}; completes with whether the settings changed. */
  private CompletableFuture<Boolean> pullConfiguration() {
    ConfigurationItem item = new ConfigurationItem();
    item.setSection("ctxcheck");
    return client.configuration(new ConfigurationParams(List.of(item))).handle((values, e) -> {
      if (e != null || values == null || values.isEmpty() || values.get(0) == null) {
        return false;
      }
      Object value = values.get(0);
      JsonObject wrapped = new JsonObject();
      if (value instanceof JsonObject object) {
        wrapped.add("ctxcheck", object);
      }
      return applySettings(wrapped, "workspace/configuration");
    });
  }

  /** Whether the options that change findings changed. */
  private boolean applySettings(Object json, String from) {
    try {
      List<Path> folders = workspace.folders();
      settings = Settings.read(json, settings, folders.isEmpty() ? null : folders.get(0));
    } catch (Settings.BadSettings e) {
      log(MessageType.Error, "ctxcheck: " + from + ": " + e.getMessage() + "; keeping the previous settings");
      return false;
    }
    boolean changed = workspace.setOptions(settings.options());
    if (changed) {
      logModel();
    }
    return changed;
  }

  private void logModel() {
    if (settings.options().preemptRt()) {
      log(MessageType.Info, "ctxcheck: analysing under the PREEMPT_RT model (ctxcheck.preemptRt)");
    }
  }

  // --- files on disk ----------------------------------------------------------------------------

  private synchronized void startOwnWatch() {
    try {
      watcher = new FileWatcher(workspace.folders(), new FileWatcher.Events() {
        @Override
        public void created(Path path) {
          if (workspace.created(path)) {
            analyser.request();
          }
        }

        @Override
        public void changed(Path path) {
          if (workspace.belongs(path) && workspace.changedOnDisk(path)) {
            analyser.request();
          }
        }

        @Override
        public void deleted(Path path) {
          if (workspace.deleted(path)) {
            analyser.request();
          }
        }

        @Override
        public void overflow() {
          try {
            workspace.rescan();
          } catch (IOException e) {
            log(MessageType.Warning, "ctxcheck: cannot list the workspace again: " + e.getMessage());
          }
          analyser.request();
        }
      });
      log(MessageType.Log, "ctxcheck: the client does not watch files; the server watches the workspace itself");
    } catch (IOException e) {
      log(MessageType.Warning, "ctxcheck: cannot watch the workspace (" + e.getMessage()
          + "); files created or deleted outside the editor join or leave only after a restart");
    }
  }

  private synchronized void stopOwnWatch() {
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        // closing at shutdown: nothing left to do
      }
      watcher = null;
    }
  }

  // --- progress, code lens refresh, logs --------------------------------------------------------

  private void beginProgress() {
    if (capabilities.getWindow() == null || !Boolean.TRUE.equals(capabilities.getWindow().getWorkDoneProgress())) {
      return;
    }
    String token = "ctxcheck-initial-analysis";
    client.createProgress(new WorkDoneProgressCreateParams(Either.forLeft(token))).whenComplete((ok, e) -> {
      if (e != null || firstResultDelivered) {
        return;
      }
      WorkDoneProgressBegin begin = new WorkDoneProgressBegin();
      begin.setTitle("ctxcheck");
      begin.setMessage("analysing " + workspace.fileCount() + " files");
      progressToken = token;
      client.notifyProgress(new ProgressParams(Either.forLeft(token), Either.forLeft(begin)));
    });
  }

  private synchronized void endProgress(String message) {
    String token = progressToken;
    if (token == null) {
      return;
    }
    progressToken = null;
    WorkDoneProgressEnd end = new WorkDoneProgressEnd();
    end.setMessage(message);
    client.notifyProgress(new ProgressParams(Either.forLeft(token), Either.forLeft(end)));
  }

  private void refreshCodeLenses() {
    if (capabilities.getWorkspace() != null && capabilities.getWorkspace().getCodeLens() != null
        && Boolean.TRUE.equals(capabilities.getWorkspace().getCodeLens().getRefreshSupport())) {
      client.refreshCodeLenses();
    }
  }

  private void log(MessageType type, String message) {
    System.err.println(message);
    LanguageClient c = client;
    if (c != null) {
      c.logMessage(new MessageParams(type, message));
    }
  }

  // --- client capabilities -----------------------------------------------------------------------

  private boolean supportsConfiguration() {
    return capabilities.getWorkspace() != null && Boolean.TRUE.equals(capabilities.getWorkspace().getConfiguration());
  }

  private boolean supportsDocumentChanges() {
    return capabilities.getWorkspace() != null && capabilities.getWorkspace().getWorkspaceEdit() != null
        && Boolean.TRUE.equals(capabilities.getWorkspace().getWorkspaceEdit().getDocumentChanges());
  }

  private boolean prefersMarkdown() {
    var text = capabilities.getTextDocument();
    if (text == null || text.getHover() == null || text.getHover().getContentFormat() == null) {
      return false;
    }
    List<String> formats = text.getHover().getContentFormat();
    return !formats.isEmpty() && MarkupKind.MARKDOWN.equals(formats.get(0));
  }

  private static String jsonString(Object o) {
    return o instanceof com.google.gson.JsonPrimitive p ? p.getAsString() : String.valueOf(o);
  }

  private static int jsonInt(Object o) {
    return o instanceof com.google.gson.JsonPrimitive p ? p.getAsInt() : ((Number) o).intValue();
  }

  static String version() {
    String v = CtxcheckLanguageServer.class.getPackage().getImplementationVersion();
    return v != null ? v : "(development build)";
  }
}

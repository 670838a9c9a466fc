package dev.ctxcheck.lsp;

import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.eclipse.lsp4j.ConfigurationParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.ProgressParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.RegistrationParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.WorkDoneProgressCreateParams;
import org.eclipse.lsp4j.services.LanguageClient;

/** A language client that records everything the server sends it. */
final class TestClient implements LanguageClient {

  /** One publication, with when it arrived. */
  record Published(PublishDiagnosticsParams params, long nanos) {}

  final List<Published> diagnostics = new ArrayList<>();
  final List<MessageParams> logs = new ArrayList<>();
  final List<MessageParams> shown = new ArrayList<>();
  final List<RegistrationParams> registrations = new ArrayList<>();
  final List<ProgressParams> progress = new ArrayList<>();
  final List<ConfigurationParams> configurationRequests = new ArrayList<>();
  volatile Function<ConfigurationParams, List<Object>> configuration = p -> java.util.Collections.nCopies(
      p.getItems().size(), (Object) null);
  volatile int codeLensRefreshes;

  @Override
  public synchronized void publishDiagnostics(PublishDiagnosticsParams params) {
    diagnostics.add(new Published(params, System.nanoTime()));
    notifyAll();
  }

  @Override
  public synchronized void logMessage(MessageParams message) {
    logs.add(message);
    notifyAll();
  }

  @Override
  public synchronized void showMessage(MessageParams message) {
    shown.add(message);
    notifyAll();
  }

  @Override
  public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams request) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void telemetryEvent(Object object) {}

  @Override
  public synchronized CompletableFuture<Void> registerCapability(RegistrationParams params) {
    registrations.add(params);
    notifyAll();
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public CompletableFuture<List<Object>> configuration(ConfigurationParams params) {
    synchronized (this) {
      configurationRequests.add(params);
    }
    return CompletableFuture.completedFuture(configuration.apply(params));
  }

  @Override
  public CompletableFuture<Void> createProgress(WorkDoneProgressCreateParams params) {
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized void notifyProgress(ProgressParams params) {
    progress.add(params);
    notifyAll();
  }

  @Override
  public synchronized CompletableFuture<Void> refreshCodeLenses() {
    codeLensRefreshes++;
    return CompletableFuture.completedFuture(null);
  }

  synchronized List<MessageParams> logs() {
    return List.copyOf(logs);
  }

  synchronized List<MessageParams> shown() {
    return List.copyOf(shown);
  }

  synchronized List<Published> diagnostics() {
    return List.copyOf(diagnostics);
  }

  synchronized List<ProgressParams> progress() {
    return List.copyOf(progress);
  }

  synchronized List<RegistrationParams> registrations() {
    return List.copyOf(registrations);
  }

  synchronized List<ConfigurationParams> configurationRequests() {
    return List.copyOf(configurationRequests);
  }

  /** Publications for {@code uri} so far. */
  synchronized List<PublishDiagnosticsParams> publishedFor(String uri) {
    return diagnostics.stream().map(Published::params).filter(p -> p.getUri().equals(uri)).toList();
  }

  synchronized int publicationCount() {
    return diagnostics.size();
  }

  /** Waits until {@code condition} holds, or fails saying what was awaited and what was seen. */
  synchronized void await(String what, java.util.function.BooleanSupplier condition, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!condition.getAsBoolean()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("timed out after " + timeoutMillis + " ms waiting for " + what
            + "\npublished: " + diagnostics.stream().map(p -> p.params().getUri() + " "
            + p.params().getDiagnostics().size()).toList()
            + "\nlogs: " + logs.stream().map(MessageParams::getMessage).toList());
      }
      wait(Math.min(left, 50)); // conditions on other objects are polled
    }
  }

  static String string(JsonElement e) {
    return e == null ? null : e.getAsString();
  }
}

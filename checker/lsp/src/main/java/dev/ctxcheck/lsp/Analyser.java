package dev.ctxcheck.lsp;

import dev.ctxcheck.lsp.analysis.Outcome;
import dev.ctxcheck.lsp.analysis.WorkspaceAnalysis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntSupplier;

/**
 * Runs the analysis when the program changes: a burst of changes is coalesced (a run starts once
 * changes pause for the debounce time), a run that a newer change made stale is cancelled and its
 * result dropped, and one run happens at a time. Requests that need an answer about the current
 * text wait for {@link #settled()}.
 */
final class Analyser {

  /** The answer of one run, with the buffer versions it analysed. */
  record Published(long generation, Outcome outcome, Map<Path, Workspace.Document> documents) {}

  /** Told about runs, on the analysis thread. */
  interface Listener {
    void started(long generation, int files);

    /** A run's outcome, current when it is delivered; called before waiting requests are answered. */
    void finished(Published published, long millis);

    void failed(long generation, Exception e);
  }

  private record Run(long generation, AtomicBoolean cancelled) {}

  private final Workspace workspace;
  private final WorkspaceAnalysis backend;
  private final Listener listener;
  private final IntSupplier debounceMillis;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      daemon("ctxcheck-debounce"));
  private final ExecutorService runner = Executors.newSingleThreadExecutor(daemon("ctxcheck-analysis"));

  private long requested;
  /** The newest generation a run was attempted for and finished (successfully or not). */
  private long settled = -1;
  private ScheduledFuture<?> pending;
  private Run running;
  private volatile Published latest;
  private final List<Waiter> waiters = new ArrayList<>();
  private int runs;

  private record Waiter(long generation, CompletableFuture<Published> future) {}

  Analyser(Workspace workspace, WorkspaceAnalysis backend, Listener listener, IntSupplier debounceMillis) {
    this.workspace = workspace;
    this.backend = backend;
    this.listener = listener;
    this.debounceMillis = debounceMillis;
  }

  /** The program changed: analyse it again once changes pause. */
  synchronized void request() {
    schedule(debounceMillis.getAsInt());
  }

  /** The program changed: analyse it again now (the first analysis, a change of settings). */
  synchronized void requestNow() {
    schedule(0);
  }

  private void schedule(int delayMillis) {
    requested++;
    if (running != null) {
      running.cancelled().set(true);
    }
    if (pending != null) {
      pending.cancel(false);
    }
    pending = timer.schedule(this::start, delayMillis, TimeUnit.MILLISECONDS);
  }

  /**
   * Completes with the outcome of the newest change requested so far, once it is analysed (or with
   * the last outcome there is, if that analysis failed). Cancelling the returned future abandons
   * only the wait.
   */
  synchronized CompletableFuture<Published> settled() {
    if (settled >= requested) {
      return CompletableFuture.completedFuture(latest);
    }
    CompletableFuture<Published> future = new CompletableFuture<>();
    waiters.add(new Waiter(requested, future));
    return future;
  }

  Published latest() {
    return latest;
  }

  /** How many runs have started (cancelled ones included). */
  synchronized int runs() {
    return runs;
  }

  void shutdown() {
    synchronized (this) {
      if (running != null) {
        running.cancelled().set(true);
      }
      if (pending != null) {
        pending.cancel(false);
      }
      for (Waiter w : waiters) {
        w.future().cancel(false);
      }
      waiters.clear();
    }
    // No interrupts: a run stops at its cancel flag, and a thread interrupted while it writes to the
    // client could break the connection.
    timer.shutdown();
    runner.shutdown();
  }

  private void start() {
    Run run;
    Workspace.View view;
    synchronized (this) {
      pending = null;
      run = new Run(requested, new AtomicBoolean());
      running = run;
      runs++;
      view = workspace.view();
    }
    runner.execute(() -> execute(run, view));
  }

  private void execute(Run run, Workspace.View view) {
    if (run.cancelled().get()) {
      return;
    }
    listener.started(run.generation(), view.snapshot().files().size());
    long t0 = System.nanoTime();
    Published published;
    try {
      Outcome outcome = backend.analyse(view.snapshot(), run.cancelled()::get);
      published = new Published(run.generation(), outcome, view.documents());
    } catch (CancellationException e) {
      return; // a newer change is scheduled; its run answers the waiters
    } catch (Exception | StackOverflowError e) {
      // Nothing in the code being edited may take the server down: keep the last answer.
      settle(run, null, e instanceof Exception ex ? ex : new RuntimeException(e));
      return;
    }
    settle(run, published, null);
    if (published != null && isCurrent(run)) {
      listener.finished(published, (System.nanoTime() - t0) / 1_000_000);
    }
    answerWaiters();
  }

  private synchronized boolean isCurrent(Run run) {
    return latest != null && latest.generation() == run.generation();
  }

  private void settle(Run run, Published published, Exception failure) {
    synchronized (this) {
      if (running == run) {
        running = null;
      }
      if (run.generation() != requested) {
        return; // stale: a newer change came while it ran
      }
      settled = run.generation();
      if (published != null) {
        latest = published;
      }
    }
    if (failure != null) {
      listener.failed(run.generation(), failure);
      answerWaiters();
    }
  }

  private void answerWaiters() {
    List<Waiter> ready = new ArrayList<>();
    Published answer;
    synchronized (this) {
      answer = latest;
      waiters.removeIf(w -> {
        if (w.generation() <= settled) {
          ready.add(w);
          return true;
        }
        return w.future().isDone();
      });
    }
    ready.forEach(w -> w.future().complete(answer));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}

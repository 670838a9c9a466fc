package dev.ctxcheck.lsp.analysis;

import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import dev.ctxcheck.javaparser.SourceSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The server's backend: the source engine kept warm between runs ({@link SourceSession}). Each file's
 * parse and facts are cached; a run parses and extracts the files whose text changed, and the files
 * whose resolution their change can alter, then re-runs the engine over every file's facts. A change
 * of class path starts a new session.
 */
public final class IncrementalAnalysis implements WorkspaceAnalysis, AutoCloseable {

  private final DiskTexts diskTexts = new DiskTexts();
  private final DeclarationsCache declarations = new DeclarationsCache();
  private SourceSession session;
  private List<Path> sessionClasspath;

  @Override
  public synchronized Outcome analyse(Snapshot snapshot, BooleanSupplier cancelled) throws IOException {
    DiskTexts.Read read = diskTexts.read(snapshot);
    if (session == null || !sessionClasspath.equals(snapshot.options().classpath())) {
      close();
      session = new SourceSession(snapshot.options().classpath());
      sessionClasspath = snapshot.options().classpath();
    }
    List<SourceAnalyzer.Input> inputs = new ArrayList<>();
    for (Path file : snapshot.files()) {
      String text = read.texts().get(file);
      if (text != null) {
        inputs.add(new SourceAnalyzer.Input(file.toUri().toString(), file.toString(), text));
      }
    }
    Config config = new Config(snapshot.options().reportAcceptedRaces(), snapshot.options().preemptRt());
    SourceAnalyzer.Detailed run = session.analyze(inputs, List.of(), config, cancelled);
    List<Outcome.Problem> problems = new ArrayList<>(read.unreadable());
    for (SourceAnalyzer.Problem p : run.result().problems()) {
      problems.add(new Outcome.Problem(p.file() == null ? null : Path.of(p.file()), p.line(), p.message()));
    }
    declarations.retain(snapshot.files());
    return new SourceOutcome(run, new HashMap<>(read.texts()), problems, declarations);
  }

  /** What the last run parsed and extracted (for the log and tests); null before the first. */
  public synchronized SourceSession.Work lastWork() {
    return session == null ? null : session.lastWork();
  }

  @Override
  public synchronized void close() throws IOException {
    if (session != null) {
      session.close();
      session = null;
    }
  }
}

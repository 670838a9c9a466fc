package dev.ctxcheck.lsp.analysis;

import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The whole-program backend: the source engine over the whole workspace on every run, the editor's
 * unsaved texts in place of their files; only reading files is cached. {@link IncrementalAnalysis}
 * replaced it in the server; it stays as the reference the incremental backend is tested against.
 */
public final class SourceEngineAnalysis implements WorkspaceAnalysis {

  private final DiskTexts diskTexts = new DiskTexts();
  private final DeclarationsCache declarations = new DeclarationsCache();

  @Override
  public Outcome analyse(Snapshot snapshot, BooleanSupplier cancelled) throws IOException {
    DiskTexts.Read read = diskTexts.read(snapshot);
    List<Path> files = snapshot.files().stream().filter(read.texts()::containsKey).toList();
    Config config = new Config(snapshot.options().reportAcceptedRaces(), snapshot.options().preemptRt());
    SourceAnalyzer.Detailed run = SourceAnalyzer.analyze(files, read.texts(), snapshot.options().classpath(), config,
        cancelled);
    List<Outcome.Problem> problems = new ArrayList<>(read.unreadable());
    for (SourceAnalyzer.Problem p : run.result().problems()) {
      problems.add(new Outcome.Problem(p.file() == null ? null : Path.of(p.file()), p.line(), p.message()));
    }
    declarations.retain(snapshot.files());
    return new SourceOutcome(run, new HashMap<>(read.texts()), problems, declarations);
  }
}

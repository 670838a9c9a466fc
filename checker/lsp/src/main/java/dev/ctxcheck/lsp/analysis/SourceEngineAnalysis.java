package dev.ctxcheck.lsp.analysis;

import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Today's backend: the source engine over the whole workspace on every run, the editor's unsaved
 * texts in place of their files. Only reading files is cached (by modification time and size).
 */
public final class SourceEngineAnalysis implements WorkspaceAnalysis {

  private record DiskText(FileTime modified, long size, String text) {}

  private final Map<Path, DiskText> diskTexts = new ConcurrentHashMap<>();

  @Override
  public Outcome analyse(Snapshot snapshot, BooleanSupplier cancelled) throws IOException {
    Map<Path, String> texts = new ConcurrentHashMap<>();
    List<Outcome.Problem> unreadable = java.util.Collections.synchronizedList(new ArrayList<>());
    snapshot.files().parallelStream().forEach(file -> {
      String unsaved = snapshot.unsaved().get(file);
      if (unsaved != null) {
        texts.put(file, unsaved);
        return;
      }
      try {
        texts.put(file, read(file));
      } catch (IOException e) {
        // Deleted or unreadable since the workspace was listed: left out, and said so.
        diskTexts.remove(file);
        unreadable.add(new Outcome.Problem(file, 0, "cannot be read: " + e.getMessage()));
      }
    });
    diskTexts.keySet().retainAll(new java.util.HashSet<>(snapshot.files()));
    List<Path> files = snapshot.files().stream().filter(texts::containsKey).toList();
    Config config = new Config(snapshot.options().reportAcceptedRaces(), snapshot.options().preemptRt());
    SourceAnalyzer.Detailed run;
    try {
      run = SourceAnalyzer.analyze(files, texts, snapshot.options().classpath(), config, cancelled);
    } finally {
      // JavaParser's symbol solver keeps every facade it made in a static map whose values hold
      // their keys, so nothing in it is ever collected: a run leaves its whole type solver behind
      // (16 MB a run at 10k lines). A server runs one analysis after another; drop them.
      JavaParserFacade.clearInstances();
    }
    List<Outcome.Problem> problems = new ArrayList<>(unreadable);
    for (SourceAnalyzer.Problem p : run.result().problems()) {
      problems.add(new Outcome.Problem(p.file() == null ? null : Path.of(p.file()), p.line(), p.message()));
    }
    return new SourceOutcome(run, new HashMap<>(texts), problems);
  }

  private String read(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    DiskText cached = diskTexts.get(file);
    if (cached != null && cached.modified().equals(attributes.lastModifiedTime())
        && cached.size() == attributes.size()) {
      return cached.text();
    }
    // UTF-8, malformed bytes replaced, as the source engine reads files itself.
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    diskTexts.put(file, new DiskText(attributes.lastModifiedTime(), attributes.size(), text));
    return text;
  }
}

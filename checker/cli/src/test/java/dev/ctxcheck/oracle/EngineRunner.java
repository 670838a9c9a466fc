package dev.ctxcheck.oracle;

import dev.ctxcheck.cli.Analyzer;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.oracle.Model.Program;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the engine, through the real javac + Error Prone front end ({@link Analyzer}), over a batch
 * of programs compiled together (each in its own package, so they do not see each other), and
 * splits the findings by program.
 */
final class EngineRunner {
  private EngineRunner() {}

  /** A finding of the engine: line in the analysed file, check name, message. */
  record Observed(int line, String check, String message) {}

  record Batch(Map<String, JavaRenderer.Rendered> rendered, Map<String, List<Observed>> findings,
      List<Analyzer.Problem> problems) {}

  static Batch run(List<Program> programs, Path dir) throws IOException {
    return run(programs, dir, false);
  }

  /** As {@link #run(List, Path)}, in the PREEMPT_RT model if {@code rt}. */
  static Batch run(List<Program> programs, Path dir, boolean rt) throws IOException {
    Map<String, JavaRenderer.Rendered> rendered = new LinkedHashMap<>();
    List<Path> sources = new ArrayList<>();
    Map<Path, String> pkgOf = new HashMap<>();
    for (Program p : programs) {
      JavaRenderer.Rendered r = JavaRenderer.render(p);
      if (rendered.put(p.pkg(), r) != null) {
        throw new IllegalArgumentException("two programs in package " + p.pkg());
      }
      Path file = dir.resolve(p.pkg()).resolve(JavaRenderer.CLASS + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, r.source());
      sources.add(file);
      pkgOf.put(file.toAbsolutePath().normalize(), p.pkg());
    }
    Analyzer.Result result = new Analyzer().analyze(sources, List.of(), Config.DEFAULT.withPreemptRt(rt));
    Map<String, List<Observed>> findings = new HashMap<>();
    for (Finding f : result.findings()) {
      String pkg = pkgOf.get(pathOf(f.position().file()));
      if (pkg == null) {
        throw new IllegalStateException("finding outside the batch: " + f.position());
      }
      findings.computeIfAbsent(pkg, k -> new ArrayList<>())
          .add(new Observed(f.position().line(), f.check().checkName(), f.message()));
    }
    for (Path s : sources) {
      Files.delete(s);
      Files.delete(s.getParent());
    }
    return new Batch(rendered, findings, result.problems());
  }

  static Path pathOf(String file) {
    Path p = file.startsWith("file:") ? Path.of(URI.create(file)) : Path.of(file);
    return p.toAbsolutePath().normalize();
  }
}

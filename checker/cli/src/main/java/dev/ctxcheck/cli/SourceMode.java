package dev.ctxcheck.cli;

import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code --engine source}: the JavaParser front end, which needs no build and keeps going through
 * broken code. What could not be parsed is printed as notes on standard error and does not change
 * the exit status, as long as something was analysed; when nothing could be, the run is bad input
 * (exit 2). {@code --verbose} also lists the calls and names left unresolved, and sizes and times.
 */
final class SourceMode {

  private SourceMode() {}

  /** The findings, or null if nothing could be analysed (reported on {@code err}). */
  static List<Finding> run(List<Path> files, List<Path> classpath, Config config, boolean verbose,
      Path workingDirectory, PrintWriter err) throws IOException {
    SourceAnalyzer.Result result = SourceAnalyzer.analyze(files, classpath, config);
    if (!result.analysedAnything()) {
      err.println("ctxcheck: nothing could be analysed:");
      result.problems().forEach(p -> err.println("  " + SourceFiles.problem(p.file(), p.line(), p.message(), workingDirectory)));
      return null;
    }
    if (!result.problems().isEmpty()) {
      err.println("ctxcheck: note: analysed what could be parsed; left out:");
      result.problems().forEach(p -> err.println("  " + SourceFiles.problem(p.file(), p.line(), p.message(), workingDirectory)));
    }
    if (!result.unresolved().isEmpty()) {
      if (verbose) {
        err.println("ctxcheck: note: left out, not resolved:");
        result.unresolved().forEach(u -> err.println("  " + SourceFiles.problem(u.file(), u.line(), u.what(), workingDirectory)));
      } else {
        err.println("ctxcheck: note: " + result.unresolved().size() + (result.unresolved().size() == 1 ? " call or name"
            : " calls or names") + " could not be resolved and were left out (--verbose lists them)");
      }
    }
    if (verbose) {
      SourceAnalyzer.Stats s = result.stats();
      err.println("ctxcheck: source engine: " + s.filesAnalysed() + " of " + s.files() + " files analysed, "
          + s.lines() + " lines, " + s.methods() + " methods, " + s.solverQuestions() + " symbol-solver questions"
          + (s.flowFailures() > 0 ? ", " + s.flowFailures() + " bodies taken as straight-line code" : "")
          + "; ms: parse=" + s.parseNanos() / 1_000_000 + " facts=" + s.factsNanos() / 1_000_000
          + " engine=" + s.engineNanos() / 1_000_000);
    }
    return result.findings();
  }
}

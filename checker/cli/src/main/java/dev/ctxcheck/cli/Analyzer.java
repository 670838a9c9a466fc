package dev.ctxcheck.cli;

import com.google.errorprone.BaseErrorProneJavaCompiler;
import com.google.errorprone.scanner.ScannerSupplier;
import com.sun.source.util.JavacTask;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.util.Context;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.errorprone.ContextMaskImbalance;
import dev.ctxcheck.errorprone.CtxcheckOptions;
import dev.ctxcheck.errorprone.FindingSink;
import dev.ctxcheck.errorprone.NonAtomicPerCpuUpdate;
import dev.ctxcheck.errorprone.PerCpuUpdateInPreemptibleCode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/**
 * Runs javac with Error Prone and ctxcheck's checks in this process over a set of source files as
 * one program, and collects the findings Error Prone reports (after suppression) with their paths
 * and fixes. The program is attributed and analysed, never compiled to class files.
 */
public final class Analyzer {

  /** A problem that keeps the program from being analysed: a compile error, with where it is. */
  public record Problem(String file, long line, String message) {
    /** javac's error, with the file and line it names. */
    static Problem of(Diagnostic<? extends JavaFileObject> error) {
      String file = error.getSource() == null ? null : Path.of(error.getSource().toUri()).toString();
      return new Problem(file, error.getLineNumber(), error.getMessage(Locale.ROOT));
    }

    @Override
    public String toString() {
      return (file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + message;
    }
  }

  /**
   * @param warnings what ctxcheck itself warned of without stopping (a dependency's summary skipped,
   *     a race that two dependencies make together), one message each
   */
  public record Result(List<Finding> findings, List<Problem> problems, List<String> warnings) {}

  /**
   * @param sources the program's .java files
   * @param classpath extra class path entries (the annotations and the percpu runtime are always on it);
   *     a modular program (a {@code module-info.java} among the sources) gets them on the module path
   *     ({@link JavacPaths})
   * @param config the analysis options, handed to the checks through the javac context
   * @return the findings Error Prone reported, in the engine's order
   */
  public Result analyze(List<Path> sources, List<Path> classpath, Config config) throws IOException {
    return analyze(sources, classpath, config, List.of());
  }

  /**
   * As {@link #analyze(List, List, Config)}, with extra javac or Error Prone options that are not
   * ctxcheck's (those go in {@code config}), e.g. {@code -XepIgnoreSuppressionAnnotations}.
   */
  public Result analyze(List<Path> sources, List<Path> classpath, Config config, List<String> compilerOptions)
      throws IOException {
    List<Finding> analysed = new ArrayList<>();
    Set<Finding> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Problem> problems = new ArrayList<>();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    BaseErrorProneJavaCompiler compiler = new BaseErrorProneJavaCompiler(ScannerSupplier.fromBugCheckerClasses(
        NonAtomicPerCpuUpdate.class, PerCpuUpdateInPreemptibleCode.class, ContextMaskImbalance.class));
    try (JavacPaths paths = JavacPaths.of(sources, classpath);
        StandardJavaFileManager files =
            compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      if (!paths.problems().isEmpty()) {
        return new Result(List.of(), paths.problems(), List.of());
      }
      List<String> options = new ArrayList<>(List.of(
          "-XDcompilePolicy=simple",
          "--should-stop=ifError=FLOW",
          // Findings need attribution and flow analysis only: no class files are written.
          "--should-stop=ifNoError=FLOW",
          "-proc:none",
          "-implicit:none",
          "-encoding", "UTF-8",
          "-Xmaxwarns", String.valueOf(Integer.MAX_VALUE),
          "-Xmaxerrs", "1000"));
      options.addAll(paths.options());
      options.addAll(compilerOptions);
      JavacTask task = (JavacTask) compiler.getTask(
          new StringWriter(), files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources));
      Context context = ((BasicJavacTask) task).getContext();
      context.put(CtxcheckOptions.CONFIG_KEY, config);
      context.put(FindingSink.KEY, new FindingSink() {
        @Override
        public void analysed(List<Finding> findings) {
          analysed.addAll(findings);
        }

        @Override
        public void reported(Finding finding) {
          reported.add(finding);
        }

        @Override
        public void failed(String message) {
          problems.add(new Problem(null, 0, message));
        }
      });
      task.call();
    }
    List<String> warnings = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        problems.add(Problem.of(d));
      } else if (d.getKind() == Diagnostic.Kind.WARNING && d.getPosition() == Diagnostic.NOPOS) {
        warnings.add(d.getMessage(Locale.ROOT));
      }
    }
    // Error Prone reports in the order it visits files; the engine's order is the one to keep.
    List<Finding> findings = analysed.stream().filter(reported::contains).toList();
    return new Result(findings, List.copyOf(problems), List.copyOf(warnings));
  }
}

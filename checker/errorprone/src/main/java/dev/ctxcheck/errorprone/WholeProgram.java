package dev.ctxcheck.errorprone;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.tools.javac.comp.AttrContext;
import com.sun.tools.javac.comp.Enter;
import com.sun.tools.javac.comp.Env;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Options;
import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.analysis.Check;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.javac.FactExtractor;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The analysis of the whole javac run, built once, when the first check visits the first file,
 * and kept in the javac {@link Context}. Under {@code -XDcompilePolicy=simple} javac has
 * attributed every compilation unit by then; findings are handed out as Error Prone visits the
 * file that holds each one, so suppression, severity flags and patching work as usual.
 */
final class WholeProgram {

  private static final Context.Key<WholeProgram> KEY = new Context.Key<>();

  /** Test seam: runs before the analysis, so a test can make it fail. Null in use. */
  static volatile Runnable beforeAnalysisForTesting;

  /**
   * Findings by source file (the very file objects Error Prone visits, so a visit needs no path
   * or URI work), then by start offset of the construct they are on.
   */
  private final Map<JavaFileObject, Map<Integer, List<Finding>>> findings;
  private final boolean failed;

  private WholeProgram(Map<JavaFileObject, Map<Integer, List<Finding>>> findings, boolean failed) {
    this.findings = findings;
    this.failed = failed;
  }

  static WholeProgram get(VisitorState state, CtxcheckOptions options) {
    Context context = state.context;
    WholeProgram program = context.get(KEY);
    if (program == null) {
      program = build(context, options);
      context.put(KEY, program);
    }
    return program;
  }

  boolean failed() {
    return failed;
  }

  /** The finding of {@code check} on the construct starting at {@code offset} of {@code file}, or null. */
  Finding at(JavaFileObject file, int offset, Check check) {
    Map<Integer, List<Finding>> inFile = findings.get(file);
    List<Finding> here = inFile == null ? null : inFile.get(offset);
    if (here != null) {
      for (Finding f : here) {
        if (f.check() == check) {
          return f;
        }
      }
    }
    return null;
  }

  private static WholeProgram build(Context context, CtxcheckOptions options) {
    JavacProcessingEnvironment env = JavacProcessingEnvironment.instance(context);
    if (options.problem() != null) {
      String message = "[ctxcheck] " + options.problem() + "; no ctxcheck findings are reported";
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, message);
      notifyFailure(context, message);
      return new WholeProgram(Map.of(), true);
    }
    String policy = Options.instance(context).get("compilePolicy");
    if (!"simple".equals(policy)) {
      String message = "[ctxcheck] needs the whole program, which javac gives only under "
          + "-XDcompilePolicy=simple (this run uses " + (policy == null ? "the default policy" : "'" + policy + "'")
          + ", which attributes some files only after others are checked); no ctxcheck findings are reported";
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, message);
      notifyFailure(context, message);
      return new WholeProgram(Map.of(), true);
    }
    try {
      Map<String, JavaFileObject> sources = new HashMap<>();
      Program program = new Program(file -> read(sources.get(file)));
      FactExtractor extractor = new FactExtractor(env, program);
      long start = System.nanoTime();
      for (CompilationUnitTree unit : compilationUnits(context)) {
        sources.put(FactExtractor.fileId(unit), unit.getSourceFile());
        extractor.add(unit);
      }
      long factsNanos = System.nanoTime() - start;
      Runnable hook = beforeAnalysisForTesting;
      if (hook != null) {
        hook.run();
      }
      Analysis.Result result = Analysis.run(program, options.config(context));
      FindingSink sink = context.get(FindingSink.KEY);
      if (sink != null) {
        sink.analysed(result.findings());
      }
      if (options.printStats()) {
        env.getMessager().printMessage(Diagnostic.Kind.NOTE, statsLine(result.stats(), factsNanos, extractor));
      }
      if (options.statsFile() != null) {
        writeStats(env, options.statsFile(), StatsFile.of(result.stats(), sources.size(), factsNanos,
            extractor.flowsBuilt(), extractor.flowNanos(), extractor.flowFailures()));
      }
      Map<JavaFileObject, Map<Integer, List<Finding>>> index = new IdentityHashMap<>();
      for (Finding f : result.findings()) {
        index.computeIfAbsent(sources.get(f.position().file()), k -> new HashMap<>())
            .computeIfAbsent(f.position().offset(), k -> new ArrayList<>())
            .add(f);
      }
      return new WholeProgram(index, false);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      // Never take javac down: say what failed, once, and report nothing.
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      String message = "[ctxcheck] the analysis failed and reports nothing for this compilation: " + e
          + "\n" + trace;
      env.getMessager().printMessage(Diagnostic.Kind.WARNING, message);
      notifyFailure(context, message);
      return new WholeProgram(Map.of(), true);
    }
  }

  private static String statsLine(Analysis.Stats s, long factsNanos, FactExtractor extractor) {
    StringBuilder sb = new StringBuilder("[ctxcheck] ")
        .append(s.methods()).append(" methods, ")
        .append(s.callSites()).append(" call sites, ")
        .append(s.callEdges()).append(" call edges, ")
        .append(s.entryPoints()).append(" entry points, ")
        .append(s.reachedMethods()).append(" reached methods, ")
        .append(s.updateSites()).append(" update sites, ")
        .append(extractor.flowsBuilt()).append(" control-flow graphs; ms: facts=").append(factsNanos / 1_000_000)
        .append(" (flows=").append(extractor.flowNanos() / 1_000_000).append(')');
    s.phaseNanos().forEach((phase, nanos) -> sb.append(' ').append(phase).append('=').append(nanos / 1_000_000));
    if (extractor.flowFailures() > 0) {
      sb.append("; ").append(extractor.flowFailures()).append(" bodies taken as straight-line code");
    }
    return sb.toString();
  }

  private static void writeStats(JavacProcessingEnvironment env, Path file, StatsFile stats) {
    try {
      stats.write(file);
    } catch (IOException | RuntimeException e) {
      env.getMessager().printMessage(Diagnostic.Kind.WARNING,
          "[ctxcheck] cannot write the stats file " + file + ": " + e);
    }
  }

  private static void notifyFailure(Context context, String message) {
    FindingSink sink = context.get(FindingSink.KEY);
    if (sink != null) {
      sink.failed(message);
    }
  }

  /** Every compilation unit of this javac run, in a stable order. */
  private static List<CompilationUnitTree> compilationUnits(Context context) {
    Map<CompilationUnitTree, Boolean> seen = new IdentityHashMap<>();
    List<CompilationUnitTree> units = new ArrayList<>();
    for (Env<AttrContext> env : Enter.instance(context).getEnvs()) {
      if (env.toplevel != null && seen.put(env.toplevel, Boolean.TRUE) == null) {
        units.add(env.toplevel);
      }
    }
    units.sort(Comparator.comparing(FactExtractor::fileId));
    return units;
  }

  private static CharSequence read(JavaFileObject file) {
    if (file == null) {
      return null;
    }
    try {
      return file.getCharContent(true);
    } catch (IOException e) {
      return null;
    }
  }
}

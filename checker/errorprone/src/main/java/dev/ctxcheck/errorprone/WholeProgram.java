package dev.ctxcheck.errorprone;

import com.google.errorprone.VisitorState;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.tools.javac.code.Symtab;
import com.sun.tools.javac.comp.AttrContext;
import com.sun.tools.javac.comp.Enter;
import com.sun.tools.javac.comp.Env;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.util.Context;
import com.sun.tools.javac.util.Names;
import com.sun.tools.javac.util.Options;
import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.analysis.Check;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Fix;
import dev.ctxcheck.engine.build.AnnotationVocabulary;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.javac.JavacFrontEnd;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
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

  /** Runs before the analysis when a tool (a test) puts one into the javac context. */
  static final Context.Key<Runnable> BEFORE_ANALYSIS = new Context.Key<>();

  /**
   * Findings by source file (the very file objects Error Prone visits, so a visit needs no path
   * or URI work), then by start offset of the construct they are on.
   */
  private final Map<JavaFileObject, Map<Integer, List<Finding>>> findings;
  /** In Error Prone's patch mode: per file, the import edits its patched fixes need together. */
  private final Map<JavaFileObject, List<Fix.Edit>> patchImports;
  private final PatchMode patchMode;
  private final boolean failed;

  private WholeProgram(Map<JavaFileObject, Map<Integer, List<Finding>>> findings,
      Map<JavaFileObject, List<Fix.Edit>> patchImports, PatchMode patchMode, boolean failed) {
    this.findings = findings;
    this.patchImports = patchImports;
    this.patchMode = patchMode;
    this.failed = failed;
  }

  static WholeProgram get(VisitorState state, CtxcheckOptions options) {
    Context context = state.context;
    WholeProgram program = context.get(KEY);
    if (program == null) {
      program = build(context, options, PatchMode.of(state.errorProneOptions()),
          state.errorProneOptions().isIgnoreSuppressionAnnotations());
      context.put(KEY, program);
    }
    return program;
  }

  boolean failed() {
    return failed;
  }

  /**
   * The edits Error Prone applies for {@code finding}: its fix as it is, but when Error Prone
   * patches its check, its rename and the import edits of all the patched fixes of its file, which
   * Error Prone applies together (identical edits once).
   */
  List<Fix.Edit> edits(JavaFileObject file, Finding finding) {
    Fix fix = finding.fix();
    if (!patchMode.patches(finding.check().checkName()) || fix.renamedToken() == null) {
      return fix.edits();
    }
    List<Fix.Edit> out = new ArrayList<>();
    out.add(fix.renamedToken());
    out.addAll(patchImports.getOrDefault(file, List.of()));
    return out;
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

  /**
   * @param ignoreSuppressions Error Prone's {@code -XepIgnoreSuppressionAnnotations}: the engine
   *     applies {@code @SuppressWarnings} itself, so the flag reaches it as units without them
   */
  private static WholeProgram build(Context context, CtxcheckOptions options, PatchMode patchMode,
      boolean ignoreSuppressions) {
    JavacProcessingEnvironment env = JavacProcessingEnvironment.instance(context);
    if (options.problem() != null) {
      String message = "[ctxcheck] " + options.problem() + "; no ctxcheck findings are reported";
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, message);
      notifyFailure(context, message);
      return new WholeProgram(Map.of(), Map.of(), PatchMode.OFF, true);
    }
    String policy = Options.instance(context).get("compilePolicy");
    if (!"simple".equals(policy)) {
      String message = "[ctxcheck] needs the whole program, which javac gives only under "
          + "-XDcompilePolicy=simple (this run uses " + (policy == null ? "the default policy" : "'" + policy + "'")
          + ", which attributes some files only after others are checked); no ctxcheck findings are reported";
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, message);
      notifyFailure(context, message);
      return new WholeProgram(Map.of(), Map.of(), PatchMode.OFF, true);
    }
    try {
      Map<String, JavaFileObject> sources = new HashMap<>();
      JavacFrontEnd frontEnd = new JavacFrontEnd(env);
      long start = System.nanoTime();
      List<SourceFileFacts> units = new ArrayList<>();
      if (vocabularyInSight(context)) {
        for (CompilationUnitTree unit : compilationUnits(context)) {
          SourceFileFacts facts = frontEnd.extract(unit);
          sources.put(facts.file(), unit.getSourceFile());
          units.add(ignoreSuppressions ? facts.withoutSuppressions() : facts);
        }
      }
      Program program = Program.assemble(units, file -> read(sources.get(file)));
      long factsNanos = System.nanoTime() - start;
      Runnable hook = context.get(BEFORE_ANALYSIS);
      if (hook != null) {
        hook.run();
      }
      Analysis.Result result = Analysis.run(program, options.config(context));
      FindingSink sink = context.get(FindingSink.KEY);
      if (sink != null) {
        sink.analysed(result.findings());
      }
      if (options.printStats()) {
        env.getMessager().printMessage(Diagnostic.Kind.NOTE, statsLine(result.stats(), factsNanos, frontEnd));
      }
      if (options.statsFile() != null) {
        writeStats(env, options.statsFile(), StatsFile.of(result.stats(), sources.size(), factsNanos,
            frontEnd.flowsBuilt(), frontEnd.flowNanos(), frontEnd.flowFailures()));
      }
      Map<JavaFileObject, Map<Integer, List<Finding>>> index = new IdentityHashMap<>();
      Map<JavaFileObject, List<Fix>> patched = new IdentityHashMap<>();
      for (Finding f : result.findings()) {
        JavaFileObject file = sources.get(f.position().file());
        index.computeIfAbsent(file, k -> new HashMap<>())
            .computeIfAbsent(f.position().offset(), k -> new ArrayList<>())
            .add(f);
        if (f.fix() != null && patchMode.patches(f.check().checkName())) {
          patched.computeIfAbsent(file, k -> new ArrayList<>()).add(f.fix());
        }
      }
      Map<JavaFileObject, List<Fix.Edit>> patchImports = new IdentityHashMap<>();
      patched.forEach((file, fixes) -> patchImports.put(file, Fix.importEdits(fixes)));
      return new WholeProgram(index, patchImports, patchMode, false);
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      // Never take javac down: say what failed, once, and report nothing.
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      String message = "[ctxcheck] the analysis failed and reports nothing for this compilation: " + e
          + "\n" + trace;
      env.getMessager().printMessage(Diagnostic.Kind.WARNING, message);
      notifyFailure(context, message);
      return new WholeProgram(Map.of(), Map.of(), PatchMode.OFF, true);
    }
  }

  private static String statsLine(Analysis.Stats s, long factsNanos, JavacFrontEnd extractor) {
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

  /**
   * Whether javac has met any annotation type of ctxcheck's vocabulary in this run: in source, or
   * on a class file it read for the program (javac enters an annotation type when it reads an
   * annotation of it, or lists its package for an on-demand import). If it has not, nothing in the
   * program carries an entry point, an operation or a mask, and there is nothing to analyse: a
   * program that does not use ctxcheck costs a few table look-ups.
   */
  private static boolean vocabularyInSight(Context context) {
    Symtab symtab = Symtab.instance(context);
    Names names = Names.instance(context);
    for (String type : AnnotationVocabulary.typeNames()) {
      if (symtab.getClassesForName(names.fromString(type)).iterator().hasNext()) {
        return true;
      }
    }
    return false;
  }

  /** Every compilation unit of this javac run (the program is assembled in file order). */
  private static List<CompilationUnitTree> compilationUnits(Context context) {
    Map<CompilationUnitTree, Boolean> seen = new IdentityHashMap<>();
    List<CompilationUnitTree> units = new ArrayList<>();
    for (Env<AttrContext> env : Enter.instance(context).getEnvs()) {
      if (env.toplevel != null && seen.put(env.toplevel, Boolean.TRUE) == null) {
        units.add(env.toplevel);
      }
    }
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

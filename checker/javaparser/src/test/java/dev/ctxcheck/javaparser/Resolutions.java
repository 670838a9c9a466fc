package dev.ctxcheck.javaparser;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpu;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves every call, constructor and method reference of a small program the way the source
 * front end does, for tests of name and type resolution: what each resolves to, and what was left
 * unresolved.
 *
 * @param targets "line:text" of each call site to the id of the method it resolves to (or null)
 * @param unresolved "line: what" for each report of something left unresolved
 */
record Resolutions(Map<String, String> targets, List<String> unresolved) {

  /** The sources are {@code .java} texts of one program, in the order given. */
  static Resolutions of(String... sources) throws Exception {
    return of(null, sources);
  }

  /** As {@link #of(String...)}, with the solver's time for each file given (null for the default). */
  static Resolutions of(Long solverNanos, String... sources) throws Exception {
    JavaParser parser = new JavaParser(SourceAnalyzer.parserConfiguration());
    List<CompilationUnit> units = new ArrayList<>();
    SourceIndex index = new SourceIndex();
    for (String source : sources) {
      CompilationUnit unit = parser.parse(source).getResult().orElseThrow();
      units.add(unit);
      index.add(unit);
    }
    List<Path> classpath = List.of(location(ProcessContext.class), location(PerCpu.class));
    Map<String, String> targets = new LinkedHashMap<>();
    List<String> unresolved = new ArrayList<>();
    try (ClassFiles classFiles = new ClassFiles(classpath);
        SolverFallback solver = new SolverFallback(new TypeModel(index, classFiles), classpath)) {
      TypeModel model = solver.model();
      units.forEach(solver::attach);
      for (CompilationUnit unit : units) {
        Typing.Unresolved report = (where, what) -> unresolved.add(line(where) + ": " + what);
        Typing typing = solverNanos == null ? new Typing(model, solver, unit, report)
            : new Typing(model, solver, unit, report, new SolverFallback.Budget(solverNanos));
        for (Node n : unit.findAll(Node.class)) {
          MethodInfo m = null;
          if (n instanceof MethodCallExpr call) {
            m = typing.resolveCall(call);
          } else if (n instanceof MethodReferenceExpr ref) {
            m = typing.resolveMethodReference(ref);
          } else if (n instanceof ObjectCreationExpr oc) {
            m = typing.resolveConstructor(oc);
          } else {
            continue;
          }
          targets.put(line(n) + ":" + n, m == null ? null : m.id());
        }
      }
    }
    return new Resolutions(targets, unresolved);
  }

  /** The id of the method the site {@code line:text} resolves to; fails if there is no such site. */
  String target(String site) {
    if (!targets.containsKey(site)) {
      throw new AssertionError("no call site " + site + " in " + targets.keySet());
    }
    return targets.get(site);
  }

  private static int line(Node n) {
    return n.getBegin().map(b -> b.line).orElse(0);
  }

  private static Path location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }
}

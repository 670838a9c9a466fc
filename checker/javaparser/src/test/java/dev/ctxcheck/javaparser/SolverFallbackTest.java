package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ast.CompilationUnit;
import dev.ctxcheck.engine.analysis.Config;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** JavaParser's static map of facades must not keep a closed solver, or the program it reached, alive. */
class SolverFallbackTest {

  private static final String SOURCE = """
      package l;
      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
      import dev.ctxcheck.annotations.*;
      import dev.ctxcheck.percpu.PerCpuLong;
      class L {
        static final PerCpuLong X = new PerCpuLong();
        @ProcessContext static void a() { bump(java.util.List.of(1).get(0)); }
        @SoftirqContext static void b() { bump(2); }
        static <T> void bump(T t) { __this_cpu_inc(X); }
      }
      """;

  @Test
  void aClosedSolverAndItsProgramCanBeCollected() throws Exception {
    WeakReference<CompilationUnit> unit = solveAndClose();
    for (int i = 0; i < 20 && unit.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    assertNull(unit.get(), "the tree is still reachable: JavaParser's facade map holds the solver");
  }

  /** Asks the solver something (so JavaParser files a facade), closes it, and lets go of everything. */
  private static WeakReference<CompilationUnit> solveAndClose() throws Exception {
    CompilationUnit unit = new JavaParser(SourceAnalyzer.parserConfiguration()).parse(SOURCE).getResult()
        .orElseThrow();
    SourceIndex index = new SourceIndex();
    index.add(unit);
    List<Path> classpath = SourceAnalyzer.fullClasspath(List.of());
    try (ClassFiles classFiles = new ClassFiles(classpath);
        SolverFallback solver = new SolverFallback(new TypeModel(index, classFiles), classpath)) {
      solver.attach(unit);
      var call = unit.findFirst(com.github.javaparser.ast.expr.MethodCallExpr.class,
          c -> c.getNameAsString().equals("get")).orElseThrow();
      assertEquals("java.lang.Integer", solver.typeOf(call, new SolverFallback.Budget(Long.MAX_VALUE)));
      assertTrue(SolverFallback.FacadeRegistry.size() > 0, "the solver was asked nothing");
    }
    // What a caller drops with the run: the symbol resolver JavaParser set on the tree goes too.
    unit.removeData(com.github.javaparser.ast.Node.SYMBOL_RESOLVER_KEY);
    return new WeakReference<>(unit);
  }

  @Test
  void runAfterRunLeavesNoFacadeBehind() throws Exception {
    int before = SolverFallback.FacadeRegistry.size();
    for (int i = 0; i < 3; i++) {
      SourceAnalyzer.Result result = SourceAnalyzer.analyzeTexts(
          List.of(new SourceAnalyzer.Input("file:///l/L.java", "l/L.java", SOURCE)), List.of(), Config.DEFAULT);
      assertEquals(2, result.findings().size(), result.findings().toString());
      assertEquals(before, SolverFallback.FacadeRegistry.size(), "facades left after run " + i);
    }
  }
}

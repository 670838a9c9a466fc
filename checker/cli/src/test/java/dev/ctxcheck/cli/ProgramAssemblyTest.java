package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.javac.JavacFrontEnd;
import dev.ctxcheck.percpu.PerCpu;
import java.io.File;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A unit depends only on its file, and a program only on its units: for every scenario of {@code
 * test-inputs/}, the javac front end makes the same units whichever order it extracts the files in,
 * and the units assembled in any order make the same program (methods in the same order) and the
 * same findings, messages, fixes and traces.
 */
class ProgramAssemblyTest {

  static Stream<Scenario> scenarios() {
    return TestInputsTest.scenarios().filter(s -> s.classPathSources().size() > 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void unitsAndProgramDoNotDependOnOrder(Scenario scenario) throws Exception {
    List<SourceFileFacts> forward = extract(scenario, false);
    List<SourceFileFacts> backward = extract(scenario, true);
    Collections.reverse(backward);
    assertEquals(forward, backward, scenario + ": units extracted in reverse order");

    List<SourceFileFacts> shuffled = new ArrayList<>(forward);
    Collections.shuffle(shuffled, new Random(scenario.name().hashCode()));
    List<SourceFileFacts> reversed = new ArrayList<>(forward);
    Collections.reverse(reversed);
    Program program = Program.assemble(forward, file -> read(file));
    List<Finding> findings = Analysis.run(program, scenario.config()).findings();
    if (!scenario.markers().isEmpty()) {
      assertFalse(findings.isEmpty(), scenario + ": no findings");
    }
    for (List<SourceFileFacts> order : List.of(reversed, shuffled)) {
      Program other = Program.assemble(order, file -> read(file));
      assertEquals(ids(program), ids(other), scenario + ": methods of the program");
      assertEquals(findings, Analysis.run(other, scenario.config()).findings(), scenario + ": findings");
    }
  }

  private static List<String> ids(Program program) {
    return program.methods().stream().map(MethodFacts::id).toList();
  }

  /** The units of a scenario's files, extracted first to last or last to first by a new front end. */
  private static List<SourceFileFacts> extract(Scenario scenario, boolean backwards) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      String cp = location(ProcessContext.class) + File.pathSeparator + location(PerCpu.class);
      DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
      JavacTask task = (JavacTask) compiler.getTask(new StringWriter(), files, diagnostics,
          List.of("-proc:none", "-classpath", cp), null, files.getJavaFileObjectsFromPaths(scenario.classPathSources()));
      List<CompilationUnitTree> units = new ArrayList<>();
      task.parse().forEach(units::add);
      task.analyze();
      assertTrue(diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR),
          scenario + ": does not compile: " + diagnostics.getDiagnostics());
      assertTrue(units.size() > 1, scenario + ": one file");
      if (backwards) {
        Collections.reverse(units);
      }
      JavacFrontEnd frontEnd = new JavacFrontEnd(JavacProcessingEnvironment.instance(((BasicJavacTask) task).getContext()));
      List<SourceFileFacts> out = new ArrayList<>();
      for (CompilationUnitTree unit : units) {
        out.add(frontEnd.extract(unit));
      }
      return out;
    }
  }

  private static String read(String fileId) {
    try {
      return Files.readString(Path.of(java.net.URI.create(fileId)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}

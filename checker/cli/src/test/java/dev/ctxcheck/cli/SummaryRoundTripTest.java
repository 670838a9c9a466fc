package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.modules.ModuleAnalysis;
import dev.ctxcheck.engine.summary.Summary;
import dev.ctxcheck.engine.summary.SummaryCodec;
import dev.ctxcheck.javac.JavacFrontEnd;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fact of every {@code test-inputs} scenario, as both front ends extract it, survives a summary:
 * the decoded units equal the extracted ones (a component the codec dropped or changed fails here),
 * encoding them again gives the same bytes, and the analysis of the decoded units finds the same.
 */
class SummaryRoundTripTest {

  static Stream<Scenario> scenarios() {
    return TestInputsTest.scenarios();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void javacUnitsRoundTrip(Scenario scenario) throws Exception {
    roundTrip(scenario, javacUnits(scenario));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sourceUnitsRoundTrip(Scenario scenario) throws Exception {
    List<SourceAnalyzer.Input> inputs = new ArrayList<>();
    for (Path p : scenario.sources()) {
      inputs.add(new SourceAnalyzer.Input(p.toUri().toString(), p.toString(), Files.readString(p)));
    }
    roundTrip(scenario, SourceAnalyzer.extract(inputs, List.of()).units());
  }

  private static void roundTrip(Scenario scenario, List<SourceFileFacts> units) throws Exception {
    Program.SourceText text = SummaryRoundTripTest::read;
    Summary summary = ModuleAnalysis.run(units, List.of(), text, scenario.config()).summary();
    byte[] bytes = SummaryCodec.encode(summary);
    Summary back = SummaryCodec.decode(bytes);
    List<SourceFileFacts> sorted = new ArrayList<>(units);
    sorted.sort(java.util.Comparator.comparing(SourceFileFacts::file));
    for (int i = 0; i < sorted.size(); i++) {
      assertEquals(sorted.get(i), back.units().get(i), scenario + ": " + sorted.get(i).file());
    }
    assertEquals(summary, back, scenario.toString());
    assertArrayEquals(bytes, SummaryCodec.encode(back), scenario + ": bytes of the decoded summary");
    assertEquals(Analysis.run(Program.assemble(units, text), scenario.config()).findings(),
        Analysis.run(Program.assemble(back.units(), text), scenario.config()).findings(), scenario.toString());
  }

  private static List<SourceFileFacts> javacUnits(Scenario scenario) throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavacTask task = (JavacTask) compiler.getTask(new StringWriter(), files, null,
          List.of("-proc:none", "-classpath", System.getProperty("java.class.path")), null,
          files.getJavaFileObjectsFromPaths(scenario.sources()));
      List<CompilationUnitTree> trees = new ArrayList<>();
      task.parse().forEach(trees::add);
      task.analyze();
      JavacFrontEnd frontEnd = new JavacFrontEnd(JavacProcessingEnvironment.instance(((BasicJavacTask) task).getContext()));
      List<SourceFileFacts> out = new ArrayList<>();
      for (CompilationUnitTree tree : trees) {
        out.add(frontEnd.extract(tree));
      }
      return out;
    }
  }

  private static String read(String fileId) {
    try {
      return Files.readString(Path.of(java.net.URI.create(fileId)));
    } catch (Exception e) {
      return null;
    }
  }
}

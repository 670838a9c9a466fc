package dev.ctxcheck.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.util.JavacTask;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.bench.gen.CorpusGenerator;
import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.MaskStates;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.javac.FlowLowering;
import dev.ctxcheck.javac.JavacFrontEnd;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import dev.ctxcheck.percpu.PerCpu;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.annotation.processing.ProcessingEnvironment;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's flow builder, as the javac front end drives it, against the reference: the
 * Checker Framework dataflow library's control-flow graph of the same body lowered to the same
 * form ({@link FlowLowering}). For every body that masks — in the test-inputs, the oracle's generated
 * programs and the benchmark's generated corpus — the mask state before every call site and at the
 * exit must be the same over both graphs, and so must the findings of the whole program. Source
 * mode, which drives the same builder from JavaParser's trees, must give each body the same sites
 * and the same states as the javac front end.
 *
 * <p>System properties: {@code flowdiff.programs} (oracle programs, default {@value #DEFAULT_PROGRAMS}),
 * {@code flowdiff.corpus} (corpus size in lines, as the benchmark takes it, default {@value #DEFAULT_CORPUS};
 * {@code 0} leaves it out), {@code oracle.seed}.
 */
class FlowDifferentialTest {

  static final int DEFAULT_PROGRAMS = 300;
  static final String DEFAULT_CORPUS = "100k";

  @TempDir Path dir;

  /** What one comparison saw: bodies compared, and every difference. */
  record Outcome(int bodies, int findings, List<String> differences) {}

  @Test
  void testInputs() throws Exception {
    Path root = Path.of(System.getProperty("ctxcheck.root", "../..")).toAbsolutePath().normalize();
    List<String> differences = new ArrayList<>();
    int bodies = 0;
    try (Stream<Path> dirs = Files.list(root.resolve("test-inputs"))) {
      for (Path scenario : dirs.filter(Files::isDirectory).sorted().toList()) {
        List<Path> sources;
        try (Stream<Path> files = Files.list(scenario)) {
          // A modular scenario is compared from the class path: the module declaration adds no body.
          sources = files.filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !f.getFileName().toString().equals("module-info.java")).sorted().toList();
        }
        boolean raw = Files.exists(scenario.resolve("scenario.properties"))
            && Files.readString(scenario.resolve("scenario.properties")).contains("ReportAcceptedRaces=true");
        Outcome o = compare(sources, new Config(raw));
        bodies += o.bodies();
        o.differences().forEach(d -> differences.add(scenario.getFileName() + ": " + d));
      }
    }
    report("test-inputs", bodies, differences);
  }

  @Test
  void oraclePrograms() throws Exception {
    int programs = Integer.getInteger("flowdiff.programs", DEFAULT_PROGRAMS);
    long master = Comparison.parseSeed(System.getProperty("oracle.seed",
        String.valueOf(OracleComparisonTest.DEFAULT_SEED)));
    List<Model.Program> all = new ArrayList<>();
    HandWritten.all().forEach(c -> all.add(c.program()));
    for (int i = 0; i < programs; i++) {
      all.add(ProgramGenerator.generate(ProgramGenerator.programSeed(master, i), "p" + i));
    }
    List<Path> sources = new ArrayList<>();
    for (Model.Program p : all) {
      Path file = dir.resolve(p.pkg()).resolve(JavaRenderer.CLASS + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, JavaRenderer.render(p).source());
      sources.add(file);
    }
    Outcome o = compare(sources, Config.DEFAULT);
    report(all.size() + " oracle programs", o.bodies(), o.differences());
  }

  @Test
  void benchmarkCorpus() throws Exception {
    String size = System.getProperty("flowdiff.corpus", DEFAULT_CORPUS);
    long lines = size.endsWith("M") ? Long.parseLong(size.substring(0, size.length() - 1)) * 1_000_000
        : size.endsWith("k") ? Long.parseLong(size.substring(0, size.length() - 1)) * 1_000 : Long.parseLong(size);
    if (lines == 0) {
      return;
    }
    Path src = dir.resolve("corpus");
    new CorpusGenerator(new CorpusGenerator.Options(42, lines, src)).generate();
    List<Path> sources;
    try (Stream<Path> files = Files.walk(src)) {
      sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
    Outcome o = compare(sources, Config.DEFAULT);
    report(size + " lines of corpus", o.bodies(), o.differences());
  }

  private static void report(String what, int bodies, List<String> differences) {
    System.out.println("flow differential, " + what + ": " + bodies + " bodies with a flow graph, "
        + differences.size() + " differences");
    assertTrue(bodies > 0, what + ": no body was compared");
    if (!differences.isEmpty()) {
      fail(what + ": " + differences.size() + " differences:\n  "
          + String.join("\n  ", differences.subList(0, Math.min(30, differences.size()))));
    }
  }

  /** Attributes {@code sources} with javac and compares both flows of every body that masks. */
  static Outcome compare(List<Path> sources, Config config) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
        StandardCharsets.UTF_8)) {
      List<String> options = List.of("-proc:none", "-encoding", "UTF-8", "-classpath", classPath());
      JavacTask task = (JavacTask) compiler.getTask(new StringWriter(), files, diagnostics, options, null,
          files.getJavaFileObjectsFromPaths(sources));
      List<CompilationUnitTree> units = new ArrayList<>();
      task.parse().forEach(units::add);
      task.analyze();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          throw new IllegalStateException("does not compile: " + d);
        }
      }
      ProcessingEnvironment env = JavacProcessingEnvironment.instance(((BasicJavacTask) task).getContext());
      Map<String, FlowGraph> reference = new HashMap<>();
      List<String> failures = new ArrayList<>();
      JavacFrontEnd frontEnd = new JavacFrontEnd(env, (code, facts, siteByTree, entrySites, closeSite) -> {
        try {
          reference.put(facts.id(), FlowLowering.lower(code, siteByTree, entrySites, env, closeSite));
        } catch (RuntimeException | AssertionError e) {
          failures.add(facts.id() + ": the dataflow library refused it: " + e);
        }
      });
      List<SourceFileFacts> ours = new ArrayList<>();
      Map<String, String> texts = new HashMap<>();
      for (CompilationUnitTree unit : units) {
        ours.add(frontEnd.extract(unit));
        texts.put(JavacFrontEnd.fileId(unit), unit.getSourceFile().getCharContent(true).toString());
      }
      List<SourceFileFacts> theirs = new ArrayList<>();
      for (SourceFileFacts u : ours) {
        List<MethodFacts> methods = new ArrayList<>();
        for (MethodFacts m : u.methods()) {
          FlowGraph ref = reference.get(m.id());
          methods.add(ref == null ? m : withFlow(m, ref));
        }
        theirs.add(new SourceFileFacts(u.file(), u.imports(), u.types(), methods, u.stubs(), u.typeStubs(),
            u.suppressions()));
      }
      Program a = Program.assemble(ours, texts::get);
      Program b = Program.assemble(theirs, texts::get);
      List<String> differences = new ArrayList<>(failures);
      for (MethodFacts m : a.methods()) {
        if (!reference.containsKey(m.id())) {
          continue;
        }
        List<String> d = MaskStates.of(m, a::method).differences(MaskStates.of(b.method(m.id()), b::method));
        if (!d.isEmpty()) {
          differences.add(m.id() + " (engine / reference):\n      " + String.join("\n      ", d)
              + "\n      engine:    " + m.flow().toString().replace("\n", " | ")
              + "\n      reference: " + b.method(m.id()).flow().toString().replace("\n", " | "));
        }
      }
      // Source mode drives the same builder from its own trees: the same states, site by site.
      {
        SourceAnalyzer.Extraction e = SourceAnalyzer.extract(sources.stream()
            .map(f -> new SourceAnalyzer.Input(f.toUri().toString(), f.toString(), texts.get(f.toUri().toString())))
            .toList(), List.of());
        Program c = Program.assemble(e.units(), texts::get);
        for (MethodFacts m : a.methods()) {
          MethodFacts other = c.method(m.id());
          if (m.flow() == null || other == null) {
            continue;
          }
          List<String> d = other.sites().size() != m.sites().size()
              ? List.of(m.sites().size() + " sites / " + other.sites().size())
              : MaskStates.of(m, a::method).differences(MaskStates.of(other, c::method));
          if (!d.isEmpty()) {
            differences.add(m.id() + " (javac / source):\n      " + String.join("\n      ", d));
          }
        }
      }
      List<String> fa = render(Analysis.run(a, config).findings());
      List<String> fb = render(Analysis.run(b, config).findings());
      if (!fa.equals(fb)) {
        List<String> onlyOurs = new ArrayList<>(fa);
        onlyOurs.removeAll(fb);
        List<String> onlyTheirs = new ArrayList<>(fb);
        onlyTheirs.removeAll(fa);
        onlyOurs.forEach(f -> differences.add("engine only: " + f));
        onlyTheirs.forEach(f -> differences.add("reference only: " + f));
      }
      return new Outcome(reference.size(), fa.size(), differences);
    }
  }

  private static MethodFacts withFlow(MethodFacts m, FlowGraph flow) {
    return new MethodFacts(m.id(), m.name(), m.displayName(), m.declaringType(), m.kind(), m.isStatic(), m.hasBody(),
        m.parameterTypes(), m.annotations(), m.parameterCallbacks(), m.overrides(), m.position(), m.nameRange(),
        m.sites(), flow, m.localDefinitions(), m.returnValues());
  }

  private static List<String> render(List<Finding> findings) {
    return findings.stream().map(f -> Path.of(java.net.URI.create(f.position().file())).getFileName() + ":"
        + f.position().line() + " [" + f.check().checkName() + "] " + f.message()).toList();
  }

  private static String classPath() {
    return locationOf(ProcessContext.class) + File.pathSeparator + locationOf(PerCpu.class);
  }

  private static String locationOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

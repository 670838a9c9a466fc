package dev.ctxcheck.cli;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ModuleTree;
import com.sun.source.util.JavacTask;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpu;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * javac's path options for the analysed program, with the annotations and the percpu runtime always
 * on them. A program without {@code module-info.java} gets a class path, as a build would give it.
 * A program with one is a named module and finds what it {@code requires} on the module path; with
 * several, each {@code module-info.java} is the root of its module's sources and javac compiles them
 * together in multi-module mode, which wants a class output folder (nothing is written to it: the
 * analysis stops before code generation; it is deleted on {@link #close}).
 */
final class JavacPaths implements AutoCloseable {

  private final List<String> options;
  private final List<Analyzer.Problem> problems;
  private final Path classOutput;

  private JavacPaths(List<String> options, List<Analyzer.Problem> problems, Path classOutput) {
    this.options = options;
    this.problems = problems;
    this.classOutput = classOutput;
  }

  /**
   * @param sources the program's .java files
   * @param classpath the program's class path entries, as given
   */
  static JavacPaths of(List<Path> sources, List<Path> classpath) throws IOException {
    List<String> ours = List.of(locationOf(ProcessContext.class), locationOf(PerCpu.class));
    List<Path> declarations = sources.stream()
        .filter(p -> p.getFileName().toString().equals("module-info.java")).toList();
    if (declarations.isEmpty()) {
      List<String> entries = new ArrayList<>(ours);
      classpath.forEach(p -> entries.add(p.toString()));
      return new JavacPaths(List.of("-classpath", String.join(File.pathSeparator, entries)), List.of(), null);
    }
    // Jars are modules (modular, or automatic), and so is a folder with a module-info.class. A folder
    // of plain classes is none: it stays on the class path, where javac says that a module cannot
    // see what it uses from there.
    List<String> modulePath = new ArrayList<>(ours);
    List<String> classPath = new ArrayList<>();
    for (Path entry : classpath) {
      if (Files.isDirectory(entry) && !Files.exists(entry.resolve("module-info.class"))) {
        classPath.add(entry.toString());
      } else {
        modulePath.add(entry.toString());
      }
    }
    List<String> options = new ArrayList<>();
    options.addAll(List.of("--module-path", String.join(File.pathSeparator, modulePath)));
    if (!classPath.isEmpty()) {
      options.addAll(List.of("-classpath", String.join(File.pathSeparator, classPath)));
    }
    if (declarations.size() == 1) {
      return new JavacPaths(List.copyOf(options), List.of(), null);
    }
    List<Analyzer.Problem> problems = new ArrayList<>();
    Map<String, Path> roots = moduleRoots(declarations, problems);
    if (!problems.isEmpty()) {
      return new JavacPaths(List.of(), List.copyOf(problems), null);
    }
    roots.forEach((name, root) -> options.addAll(List.of("--module-source-path", name + "=" + root)));
    Path classOutput = Files.createTempDirectory("ctxcheck-classes");
    options.addAll(List.of("-d", classOutput.toString()));
    return new JavacPaths(List.copyOf(options), List.of(), classOutput);
  }

  /** The options to give javac; empty when there are {@link #problems}. */
  List<String> options() {
    return options;
  }

  /** Module declarations that keep the program from being compiled: they do not parse, or clash. */
  List<Analyzer.Problem> problems() {
    return problems;
  }

  @Override
  public void close() throws IOException {
    if (classOutput == null) {
      return;
    }
    try (Stream<Path> walk = Files.walk(classOutput)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /** Each module's name, read from its declaration by javac's parser, to the folder that holds it. */
  private static Map<String, Path> moduleRoots(List<Path> declarations, List<Analyzer.Problem> problems)
      throws IOException {
    Map<String, Path> roots = new LinkedHashMap<>();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavacTask parse = (JavacTask) javac.getTask(new StringWriter(), files, diagnostics,
          List.of("-proc:none", "-encoding", "UTF-8"), null, files.getJavaFileObjectsFromPaths(declarations));
      Iterable<? extends CompilationUnitTree> units = parse.parse();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          problems.add(Analyzer.Problem.of(d));
        }
      }
      if (!problems.isEmpty()) {
        return roots;
      }
      for (CompilationUnitTree unit : units) {
        Path file = Path.of(unit.getSourceFile().toUri());
        ModuleTree module = unit.getModule();
        if (module == null) {
          problems.add(new Analyzer.Problem(file.toString(), 0, "declares no module"));
          continue;
        }
        String name = module.getName().toString();
        Path previous = roots.putIfAbsent(name, file.getParent());
        if (previous != null) {
          problems.add(new Analyzer.Problem(file.toString(), 0,
              "module " + name + " is also declared in " + previous.resolve("module-info.java")));
        }
      }
    }
    return roots;
  }

  private static String locationOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + c.getName(), e);
    }
  }
}

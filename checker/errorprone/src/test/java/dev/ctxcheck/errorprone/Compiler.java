package dev.ctxcheck.errorprone;

import com.google.errorprone.BaseErrorProneJavaCompiler;
import com.google.errorprone.scanner.ScannerSupplier;
import com.sun.tools.javac.api.BasicJavacTask;
import com.sun.tools.javac.util.Context;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;

/** Runs javac with Error Prone and ctxcheck's checks over files on disk, as a build would. */
final class Compiler {

  record Outcome(boolean success, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
    List<String> messages(Diagnostic.Kind kind) {
      return diagnostics.stream().filter(d -> d.getKind() == kind).map(d -> d.getMessage(Locale.ROOT)).toList();
    }
  }

  private Compiler() {}

  static Outcome compile(List<Path> files, Path classes, String... extraArgs) throws IOException {
    return compile(files, classes, context -> { }, extraArgs);
  }

  /** With {@code setup} run on the javac context first (to put what the plugin looks for there). */
  static Outcome compile(List<Path> files, Path classes, Consumer<Context> setup, String... extraArgs)
      throws IOException {
    return compile(files, classes, List.of(), setup, extraArgs);
  }

  /** With {@code classpath} (other modules' class outputs or jars) before the test's own class path. */
  static Outcome compile(List<Path> files, Path classes, List<Path> classpath, Consumer<Context> setup,
      String... extraArgs) throws IOException {
    StringBuilder cp = new StringBuilder();
    for (Path p : classpath) {
      cp.append(p).append(java.io.File.pathSeparator);
    }
    cp.append(System.getProperty("java.class.path"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    BaseErrorProneJavaCompiler compiler = new BaseErrorProneJavaCompiler(ScannerSupplier.fromBugCheckerClasses(
        NonAtomicPerCpuUpdate.class, PerCpuUpdateInPreemptibleCode.class, ContextMaskImbalance.class));
    try (StandardJavaFileManager fm = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> args = new ArrayList<>(List.of("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW",
          "-d", classes.toString(), "-proc:none", "-classpath", cp.toString()));
      args.addAll(List.of(extraArgs));
      JavaCompiler.CompilationTask task = compiler.getTask(new StringWriter(), fm, diagnostics, args, null,
          fm.getJavaFileObjectsFromPaths(files));
      setup.accept(((BasicJavacTask) task).getContext());
      boolean ok = task.call();
      return new Outcome(ok, diagnostics.getDiagnostics());
    }
  }
}

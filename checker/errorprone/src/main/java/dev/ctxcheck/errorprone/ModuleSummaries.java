package dev.ctxcheck.errorprone;

import com.sun.tools.javac.processing.JavacProcessingEnvironment;
import com.sun.tools.javac.util.Context;
import dev.ctxcheck.engine.modules.ModuleAnalysis;
import dev.ctxcheck.engine.summary.Summary;
import dev.ctxcheck.engine.summary.SummaryException;
import dev.ctxcheck.engine.summary.SummaryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.tools.Diagnostic;
import javax.tools.JavaFileManager;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;

/**
 * The summaries of a javac run (docs/modules.md): those of its dependencies, on the class path and
 * the module path; the module's own previous one, in its class output (for a compile of some of its
 * files); and where the new one goes. A summary that cannot be used is skipped with one warning
 * naming its jar or folder.
 */
final class ModuleSummaries {

  private final JavacProcessingEnvironment env;
  /** The class output folder; null if javac writes no class files (no {@code -d}). */
  private final Path classOutput;
  private final List<Path> dependencyEntries;

  private ModuleSummaries(JavacProcessingEnvironment env, Path classOutput, List<Path> dependencyEntries) {
    this.env = env;
    this.classOutput = classOutput;
    this.dependencyEntries = dependencyEntries;
  }

  static ModuleSummaries of(Context context, JavacProcessingEnvironment env) {
    JavaFileManager fm = context.get(JavaFileManager.class);
    if (!(fm instanceof StandardJavaFileManager files)) {
      return new ModuleSummaries(env, null, List.of());
    }
    Path output = single(paths(files, StandardLocation.CLASS_OUTPUT));
    Set<Path> entries = new LinkedHashSet<>();
    entries.addAll(paths(files, StandardLocation.CLASS_PATH));
    entries.addAll(paths(files, StandardLocation.MODULE_PATH));
    List<Path> dependencies = new ArrayList<>();
    for (Path p : entries) {
      // Maven puts the class output on the class path: the module's own summary is not a dependency's.
      if (output == null || !sameFile(p, output)) {
        dependencies.add(p);
      }
    }
    return new ModuleSummaries(env, output, dependencies);
  }

  /** The summaries of the dependencies, in class path order; unusable ones are warned about and skipped. */
  List<ModuleAnalysis.Dependency> dependencies() {
    List<ModuleAnalysis.Dependency> out = new ArrayList<>();
    for (Path entry : dependencyEntries) {
      Summary s = read(entry, "on the class path");
      if (s != null) {
        out.add(new ModuleAnalysis.Dependency(entry.toString(), s));
      }
    }
    return out;
  }

  /** The module's summary from its previous compile, in the class output; null if none. */
  Summary previous() {
    return classOutput == null ? null : read(classOutput, "from the previous compile");
  }

  /**
   * Writes the summary into {@code summaryOut}, else the class output; a run with neither writes
   * none.
   */
  void write(Summary summary, Path summaryOut) {
    Path folder = summaryOut != null ? summaryOut : classOutput;
    if (folder == null) {
      return;
    }
    try {
      SummaryFiles.write(folder, summary);
    } catch (IOException | RuntimeException | LinkageError e) {
      // LinkageError: a processor path without the codec's libraries; the findings still stand.
      env.getMessager().printMessage(Diagnostic.Kind.WARNING,
          "[ctxcheck] cannot write the module summary under " + folder + ": " + e);
    }
  }

  private Summary read(Path entry, String where) {
    String problem;
    try {
      return SummaryFiles.read(entry);
    } catch (SummaryException e) {
      problem = e.getMessage();
    } catch (LinkageError e) {
      problem = "this processor path lacks what reads it (" + e + ")";
    }
    env.getMessager().printMessage(Diagnostic.Kind.WARNING, "[ctxcheck] skipping the ctxcheck summary of "
        + entry + " (" + where + "): " + problem);
    return null;
  }

  private static List<Path> paths(StandardJavaFileManager files, StandardLocation location) {
    List<Path> out = new ArrayList<>();
    try {
      Iterable<? extends Path> paths = files.getLocationAsPaths(location);
      if (paths != null) {
        paths.forEach(out::add);
      }
    } catch (IllegalStateException | UnsupportedOperationException e) {
      // A location the file manager keeps per module (a module source path): no summaries there.
    }
    return out;
  }

  private static Path single(List<Path> paths) {
    return paths.size() == 1 ? paths.get(0) : null;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }
}

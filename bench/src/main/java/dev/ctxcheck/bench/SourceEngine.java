package dev.ctxcheck.bench;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs ctxcheck's source engine (no compilation) over the files of a javac command line, and
 * prints each finding in javac's form so the harness reads it as it reads javac's warnings. Found
 * by reflection: the harness links against no ctxcheck module, only the child's class path has it.
 */
final class SourceEngine {

  private SourceEngine() {}

  /** Takes {@code -cp CP} and the .java files of {@code javacArgs}; returns 0, or 1 if nothing was analysed. */
  static int analyze(String[] javacArgs) throws Exception {
    List<Path> sources = new ArrayList<>();
    List<Path> classpath = new ArrayList<>();
    for (int i = 0; i < javacArgs.length; i++) {
      String a = javacArgs[i];
      if (a.equals("-cp") || a.equals("-classpath")) {
        for (String entry : javacArgs[++i].split(java.io.File.pathSeparator)) {
          classpath.add(Path.of(entry));
        }
      } else if (a.equals("-d") || a.equals("-Xmaxwarns") || a.equals("-Xmaxerrs")) {
        i++;
      } else if (a.startsWith("@")) {
        // An argument file, which javac would expand itself: the corpus's file list.
        for (String line : java.nio.file.Files.readAllLines(Path.of(a.substring(1)))) {
          if (line.strip().endsWith(".java")) {
            sources.add(Path.of(line.strip()));
          }
        }
      } else if (a.endsWith(".java")) {
        sources.add(Path.of(a));
      }
    }
    Class<?> analyzer = Class.forName("dev.ctxcheck.javaparser.SourceAnalyzer");
    Class<?> config = Class.forName("dev.ctxcheck.engine.analysis.Config");
    Object defaults = config.getField("DEFAULT").get(null);
    Method analyze = analyzer.getMethod("analyze", List.class, List.class, config);
    Object result = analyze.invoke(null, sources, classpath, defaults);
    List<?> findings = (List<?>) result.getClass().getMethod("findings").invoke(result);
    for (Object f : findings) {
      Object position = f.getClass().getMethod("position").invoke(f);
      Object check = f.getClass().getMethod("check").invoke(f);
      String file = Path.of(java.net.URI.create((String) position.getClass().getMethod("file").invoke(position))).toString();
      int line = (int) position.getClass().getMethod("line").invoke(position);
      String name = (String) check.getClass().getMethod("checkName").invoke(check);
      String message = (String) f.getClass().getMethod("message").invoke(f);
      System.out.println(file + ":" + line + ": warning: [" + name + "] " + message);
    }
    Object stats = result.getClass().getMethod("stats").invoke(result);
    System.out.println("[ctxcheck-source] " + stats);
    boolean any = (boolean) result.getClass().getMethod("analysedAnything").invoke(result);
    return any ? 0 : 1;
  }
}

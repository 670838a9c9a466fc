package dev.ctxcheck.bench.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** One generated compilation unit: a top-level type and its members. */
final class SourceFile {

  final String pkg;
  final String name;
  final TreeSet<String> imports = new TreeSet<>();
  final TreeSet<String> staticImports = new TreeSet<>();
  final List<String> typeHeader = new ArrayList<>();
  final List<Lines> members = new ArrayList<>();
  int localCounter;

  SourceFile(String pkg, String name) {
    this.pkg = pkg;
    this.name = name;
  }

  String path() {
    return pkg.replace('.', '/') + "/" + name + ".java";
  }

  /**
   * Opens the file's type as a non-instantiable holder of static members: its javadoc, the
   * annotations given (e.g. {@code @SoftirqContext}), and a private constructor.
   */
  void utilityClass(String javadoc, String... annotations) {
    typeHeader.add("/** " + javadoc + " */");
    typeHeader.addAll(List.of(annotations));
    typeHeader.add("public final class " + name + " {");
    typeHeader.add("");
    typeHeader.add("  private " + name + "() {}");
    typeHeader.add("");
  }

  String fresh(String base) {
    return base + localCounter++;
  }

  /** The whole file, with the marks translated to line numbers (1-based). */
  Lines render(String license) {
    Lines out = new Lines();
    for (String l : license.split("\n")) {
      out.add(0, l);
    }
    out.add(0, "package " + pkg + ";");
    out.add(0, "");
    for (String s : staticImports) {
      out.add(0, "import static " + s + ";");
    }
    if (!staticImports.isEmpty()) {
      out.add(0, "");
    }
    for (String s : imports) {
      out.add(0, "import " + s + ";");
    }
    if (!imports.isEmpty()) {
      out.add(0, "");
    }
    for (String h : typeHeader) {
      out.add(0, h);
    }
    boolean first = true;
    for (Lines m : members) {
      if (!first) {
        out.add(0, "");
      }
      first = false;
      out.addAll(m);
    }
    out.add(0, "}");
    return out;
  }
}

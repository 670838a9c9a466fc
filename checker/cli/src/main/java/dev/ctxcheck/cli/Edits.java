package dev.ctxcheck.cli;

import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Fix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fixes of a set of findings, grouped by file. Two checks on one site offer the same fix,
 * which is applied once; fixes that overlap differently are refused.
 */
final class Edits {

  private final Map<Path, List<Fix>> byFile = new TreeMap<>();

  static Edits of(List<Finding> findings) {
    Edits edits = new Edits();
    Map<Path, Set<Fix>> unique = new TreeMap<>();
    for (Finding f : findings) {
      if (f.fix() != null) {
        unique.computeIfAbsent(SourceFiles.pathOf(f.fix().file()), k -> new LinkedHashSet<>()).add(f.fix());
      }
    }
    unique.forEach((file, fixes) -> {
      List<Fix> sorted = new ArrayList<>(fixes);
      sorted.sort(Comparator.comparingInt((Fix x) -> x.range().start()));
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i).range().start() < sorted.get(i - 1).range().end()) {
          throw new IllegalStateException(file + ": overlapping fixes at offset " + sorted.get(i).range().start());
        }
      }
      edits.byFile.put(file, sorted);
    });
    return edits;
  }

  Map<Path, List<Fix>> byFile() {
    return byFile;
  }

  boolean isEmpty() {
    return byFile.isEmpty();
  }

  /** {@code content} with {@code fixes} applied; nothing else changes. */
  static String apply(String content, List<Fix> fixes) {
    StringBuilder out = new StringBuilder(content);
    for (int i = fixes.size() - 1; i >= 0; i--) {
      Fix fix = fixes.get(i);
      if (fix.range().end() > content.length()) {
        throw new IllegalStateException(fix.file() + ": the file changed during analysis");
      }
      out.replace(fix.range().start(), fix.range().end(), fix.replacement());
    }
    return out.toString();
  }
}

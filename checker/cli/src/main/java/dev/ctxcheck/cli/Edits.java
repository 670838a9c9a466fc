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
 * The edits of a set of findings' fixes, grouped by file. Two checks on one site offer the same
 * fix, and two renamed calls may need the same import: each edit is applied once. Edits that
 * overlap differently are refused.
 */
final class Edits {

  private final Map<Path, List<Fix.Edit>> byFile = new TreeMap<>();

  static Edits of(List<Finding> findings) {
    Edits edits = new Edits();
    Map<Path, Set<Fix.Edit>> unique = new TreeMap<>();
    for (Finding f : findings) {
      if (f.fix() != null) {
        unique.computeIfAbsent(SourceFiles.pathOf(f.fix().file()), k -> new LinkedHashSet<>()).addAll(f.fix().edits());
      }
    }
    unique.forEach((file, set) -> {
      List<Fix.Edit> sorted = new ArrayList<>(set);
      sorted.sort(Comparator.comparingInt((Fix.Edit e) -> e.range().start()).thenComparingInt(e -> e.range().end()));
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i).range().start() < sorted.get(i - 1).range().end()) {
          throw new IllegalStateException(file + ": overlapping fixes at offset " + sorted.get(i).range().start());
        }
      }
      edits.byFile.put(file, sorted);
    });
    return edits;
  }

  Map<Path, List<Fix.Edit>> byFile() {
    return byFile;
  }

  boolean isEmpty() {
    return byFile.isEmpty();
  }

  /** {@code content} with {@code edits} (sorted, not overlapping) applied; nothing else changes. */
  static String apply(Path file, String content, List<Fix.Edit> edits) {
    StringBuilder out = new StringBuilder(content);
    for (int i = edits.size() - 1; i >= 0; i--) {
      Fix.Edit e = edits.get(i);
      if (e.range().end() > content.length()) {
        throw new IllegalStateException(file + ": the file changed during analysis");
      }
      out.replace(e.range().start(), e.range().end(), e.replacement());
    }
    return out.toString();
  }
}

package dev.ctxcheck.cli;

import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Fix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The edits of a set of findings' fixes, grouped by file, as the engine combines them ({@link
 * Fix#combine}): two checks on one site offer the same fix, and two renamed calls may need (or
 * leave unused) the same import; each edit is applied once. Edits that overlap are refused.
 */
final class Edits {

  private final Map<Path, List<Fix.Edit>> byFile = new TreeMap<>();

  static Edits of(List<Finding> findings) {
    Edits edits = new Edits();
    List<Fix> fixes = new ArrayList<>();
    for (Finding f : findings) {
      if (f.fix() != null) {
        fixes.add(f.fix());
      }
    }
    Fix.combine(fixes).forEach((fileId, sorted) -> {
      Path file = SourceFiles.pathOf(fileId);
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

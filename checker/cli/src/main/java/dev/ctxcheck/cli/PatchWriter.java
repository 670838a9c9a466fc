package dev.ctxcheck.cli;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.ctxcheck.engine.analysis.Fix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes fixes as one unified diff that {@code git apply} (run in the working directory) takes. */
final class PatchWriter {

  private static final String NO_NEWLINE = "\\ No newline at end of file";

  private PatchWriter() {}

  static String diff(Edits edits, Path workingDirectory) throws IOException {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<Path, List<Fix.Edit>> e : edits.byFile().entrySet()) {
      Path file = e.getKey();
      String before = SourceFiles.read(file);
      String after = Edits.apply(file, before, e.getValue());
      String name = SourceFiles.display(file, workingDirectory).replace('\\', '/');
      List<String> original = lines(before);
      List<String> revised = lines(after);
      Patch<String> patch = DiffUtils.diff(original, revised);
      List<String> unified = UnifiedDiffUtils.generateUnifiedDiff("a/" + name, "b/" + name, original, patch, 3);
      if (unified.isEmpty()) {
        continue;
      }
      out.append("diff --git a/").append(name).append(" b/").append(name).append('\n');
      boolean beforeEndsInNewline = before.endsWith("\n");
      boolean afterEndsInNewline = after.endsWith("\n");
      int oldLine = 0;
      int newLine = 0;
      for (String line : unified) {
        out.append(line).append('\n');
        // Mark a last line that has no newline, as git does, so the patch applies byte for byte.
        if (line.startsWith("@@")) {
          String[] parts = line.split(" ");
          oldLine = Integer.parseInt(parts[1].substring(1).split(",")[0]) - 1;
          newLine = Integer.parseInt(parts[2].substring(1).split(",")[0]) - 1;
        } else if (line.startsWith("-")) {
          oldLine++;
          markIfLast(out, oldLine, original.size(), beforeEndsInNewline);
        } else if (line.startsWith("+")) {
          newLine++;
          markIfLast(out, newLine, revised.size(), afterEndsInNewline);
        } else if (line.startsWith(" ")) {
          oldLine++;
          newLine++;
          if (oldLine == original.size() && !beforeEndsInNewline) {
            out.append(NO_NEWLINE).append('\n');
          }
        }
      }
    }
    return out.toString();
  }

  private static void markIfLast(StringBuilder out, int line, int total, boolean endsInNewline) {
    if (line == total && !endsInNewline) {
      out.append(NO_NEWLINE).append('\n');
    }
  }

  /** Lines without their final {@code \n}; a {@code \r} before it stays part of the line. */
  private static List<String> lines(String content) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    while (start < content.length()) {
      int nl = content.indexOf('\n', start);
      if (nl < 0) {
        lines.add(content.substring(start));
        break;
      }
      lines.add(content.substring(start, nl));
      start = nl + 1;
    }
    return lines;
  }
}

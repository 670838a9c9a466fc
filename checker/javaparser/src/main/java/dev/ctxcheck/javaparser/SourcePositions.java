package dev.ctxcheck.javaparser;

import com.github.javaparser.Position;
import com.github.javaparser.ast.Node;
import dev.ctxcheck.engine.facts.TextRange;

/**
 * Character offsets of JavaParser positions in one file's text. JavaParser counts lines (after
 * {@code \n}, {@code \r\n} or {@code \r}) and columns in characters, a tab being one, which is what
 * javac's line map does too.
 */
final class SourcePositions {
  private final int[] lineStarts;
  private final String fileId;
  private final CharSequence text;

  SourcePositions(String fileId, CharSequence text) {
    this.fileId = fileId;
    this.text = text;
    int[] starts = new int[16];
    int n = 0;
    starts[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
        if (n == starts.length) {
          starts = java.util.Arrays.copyOf(starts, n * 2);
        }
        starts[n++] = i + 1;
      }
    }
    this.lineStarts = java.util.Arrays.copyOf(starts, n);
  }

  String fileId() {
    return fileId;
  }

  CharSequence text() {
    return text;
  }

  int offset(Position p) {
    int line = Math.min(Math.max(p.line, 1), lineStarts.length);
    return lineStarts[line - 1] + p.column - 1;
  }

  /** Where {@code node} starts, as the engine records positions; null if it has no range. */
  dev.ctxcheck.engine.facts.Position position(Node node) {
    return node.getBegin().map(b -> new dev.ctxcheck.engine.facts.Position(fileId, offset(b), b.line, b.column))
        .orElse(null);
  }

  int start(Node node) {
    return node.getBegin().map(this::offset).orElse(-1);
  }

  /** The characters of {@code node}: JavaParser's end is inclusive, a range's is not. */
  TextRange range(Node node) {
    if (node.getRange().isEmpty()) {
      return null;
    }
    int start = offset(node.getRange().get().begin);
    int end = offset(node.getRange().get().end) + 1;
    return end < start ? null : new TextRange(start, end);
  }

  /** The line (1-based) of a character offset. */
  int lineOf(int offset) {
    int i = java.util.Arrays.binarySearch(lineStarts, offset);
    return i >= 0 ? i + 1 : -i - 1;
  }
}

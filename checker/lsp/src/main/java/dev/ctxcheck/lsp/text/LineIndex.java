package dev.ctxcheck.lsp.text;

import java.util.Arrays;

/**
 * Line starts of one text, to go between character offsets and (line, character) positions. Lines
 * end after {@code \n}, {@code \r\n} or a lone {@code \r}, as in LSP and JavaParser. A character is
 * a UTF-16 code unit, which is what a Java string indexes and what LSP counts by default; JavaParser
 * columns (1-based, a tab being one) are the same unit.
 */
public final class LineIndex {

  private final CharSequence text;
  private final int length;
  private final int[] starts;

  public LineIndex(CharSequence text) {
    this.text = text;
    this.length = text.length();
    int[] found = new int[16];
    int n = 0;
    found[n++] = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n')) {
        if (n == found.length) {
          found = Arrays.copyOf(found, n * 2);
        }
        found[n++] = i + 1;
      }
    }
    this.starts = Arrays.copyOf(found, n);
  }

  public int lineCount() {
    return starts.length;
  }

  /** The line (0-based) that {@code offset} is on. */
  public int line(int offset) {
    int i = Arrays.binarySearch(starts, Math.max(0, Math.min(offset, length)));
    return i >= 0 ? i : -i - 2;
  }

  /** The offset where {@code line} (0-based) starts; the end of the text past the last line. */
  public int lineStart(int line) {
    return line < 0 ? 0 : line >= starts.length ? length : starts[line];
  }

  /** The character (0-based) of {@code offset} on its line. */
  public int character(int offset) {
    int clamped = Math.max(0, Math.min(offset, length));
    return clamped - starts[line(clamped)];
  }

  /**
   * The offset of a (0-based) line and character; a character past the end of its line (before its
   * line break), or a line past the end of the text, is clamped to that end, as LSP asks.
   */
  public int offset(int line, int character) {
    if (line >= starts.length) {
      return length;
    }
    if (line < 0) {
      return 0;
    }
    int lineEnd = line + 1 < starts.length ? starts[line + 1] : length;
    while (lineEnd > starts[line] && (text.charAt(lineEnd - 1) == '\n' || text.charAt(lineEnd - 1) == '\r')) {
      lineEnd--;
    }
    return Math.min(starts[line] + Math.max(character, 0), lineEnd);
  }

  /** The offset of a JavaParser position (1-based line and column). */
  public int offsetOfColumn(int line, int column) {
    return offset(line - 1, column - 1);
  }
}

package dev.ctxcheck.engine.facts;

/** A range of characters {@code [start, end)} in a source file. */
public record TextRange(int start, int end) {
  public TextRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad range [" + start + ", " + end + ")");
    }
  }
}

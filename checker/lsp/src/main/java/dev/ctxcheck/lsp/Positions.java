package dev.ctxcheck.lsp;

import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.lsp.analysis.Outcome;
import dev.ctxcheck.lsp.text.LineIndex;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/** LSP positions (line, UTF-16 character) of offsets in the texts one outcome analysed. */
final class Positions {

  private final Outcome outcome;
  private final Map<Path, LineIndex> lines = new ConcurrentHashMap<>();

  Positions(Outcome outcome) {
    this.outcome = outcome;
  }

  /** Null if the file is not part of the outcome. */
  LineIndex lines(Path file) {
    String text = outcome.text(file);
    return text == null ? null : lines.computeIfAbsent(file, f -> new LineIndex(text));
  }

  Range range(Path file, TextRange r) {
    LineIndex index = lines(file);
    if (index == null) {
      return new Range(new Position(0, 0), new Position(0, 0));
    }
    return new Range(position(index, r.start()), position(index, r.end()));
  }

  /** The identifier starting at {@code offset} (a step of a call path), or the empty range there. */
  Range wordAt(Path file, int offset) {
    String text = outcome.text(file);
    if (text == null) {
      return new Range(new Position(0, 0), new Position(0, 0));
    }
    int end = Math.min(Math.max(offset, 0), text.length());
    while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
      end++;
    }
    return range(file, new TextRange(Math.min(Math.max(offset, 0), text.length()), end));
  }

  /** The offset of an LSP position in the analysed text of {@code file}; -1 if it is not part of it. */
  int offset(Path file, Position p) {
    LineIndex index = lines(file);
    return index == null ? -1 : index.offset(p.getLine(), p.getCharacter());
  }

  private static Position position(LineIndex index, int offset) {
    return new Position(index.line(offset), index.character(offset));
  }
}

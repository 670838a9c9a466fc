package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.TextRange;
import java.util.List;

/**
 * A fix: text edits to one file, applied together. A renamed call is one edit of its name token;
 * when the new name is not visible where the call is, a second edit adds its static import.
 */
public record Fix(String file, List<Edit> edits, String description) {

  /** Replace {@code range} by {@code replacement} (an empty range inserts). */
  public record Edit(TextRange range, String replacement) {}

  public Fix {
    edits = List.copyOf(edits);
  }
}

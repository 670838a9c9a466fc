package dev.ctxcheck.engine.facts;

import java.util.Set;

/**
 * A declaration annotated {@code @SuppressWarnings}: findings whose site lies in {@code range} and
 * whose check is one of {@code warnings} (or {@code "all"} is) are not reported.
 *
 * @param range the whole declaration, its annotations included
 */
public record Suppression(TextRange range, Set<String> warnings) {
  public Suppression {
    warnings = Set.copyOf(warnings);
  }

  public boolean suppresses(String check, int offset) {
    return offset >= range.start() && offset < range.end() && (warnings.contains(check) || warnings.contains("all"));
  }
}

package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.TextRange;
import java.util.List;

/**
 * One diagnostic: a check's verdict on one site (a call, or a method for mask imbalance).
 *
 * @param position where the construct reported on starts; front ends find it again by its offset
 * @param nameRange the name token reported on, for editors: the method name of a call, the name
 *     of a method (a lambda's arrow); null if it has none
 * @param message the text, made by {@link Messages}
 * @param fix the suggested fix, or null
 * @param traces the call paths that explain it
 */
public record Finding(Check check, Position position, TextRange nameRange, String message, Fix fix,
    List<Trace> traces) {
  public Finding {
    traces = List.copyOf(traces);
  }
}

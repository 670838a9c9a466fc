package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.Position;
import java.util.List;

/**
 * One diagnostic: a check's verdict on one site (a call, or a method for mask imbalance).
 *
 * @param position where the construct reported on starts; front ends find it again by its offset
 * @param fix the suggested fix, or null
 * @param traces the call paths that explain it
 */
public record Finding(Check check, Position position, String message, Fix fix, List<Trace> traces) {
  public Finding {
    traces = List.copyOf(traces);
  }
}

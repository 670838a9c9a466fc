package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.MethodFacts;
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
 * @param subject what it is about, without positions
 */
public record Finding(Check check, Position position, TextRange nameRange, String message, Fix fix,
    List<Trace> traces, Subject subject) {

  /**
   * What a finding is about, in terms that survive edits elsewhere in its file (no line, offset or
   * call path), for identities such as SARIF's fingerprints. Two findings of one method may share it.
   *
   * @param method the id of the method the site is in, or of the method reported; a lambda's is its
   *     class's id followed by {@code #lambda}, since a lambda's own id depends on its position
   * @param operation the simple name of the operation called, or empty
   * @param variables the ids of the per-CPU variables updated, sorted; empty if none is known
   */
  public record Subject(String method, String operation, List<String> variables) {
    public Subject {
      variables = List.copyOf(variables);
    }

    static Subject of(MethodFacts method, String operation, List<String> variables) {
      String id = method.kind() == MethodFacts.Kind.LAMBDA ? method.declaringType() + "#lambda" : method.id();
      return new Subject(id, operation, variables);
    }
  }

  public Finding {
    traces = List.copyOf(traces);
  }
}

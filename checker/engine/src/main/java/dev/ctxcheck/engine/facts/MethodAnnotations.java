package dev.ctxcheck.engine.facts;

import java.util.List;

/**
 * What ctxcheck's annotations say about one method or constructor.
 *
 * @param contexts its context annotations
 * @param parameters per parameter, its context annotations
 * @param operation non-null if it is declared a per-CPU operation
 * @param maskEffect non-null if it is declared to mask or unmask
 * @param locks the locks it acquires or releases
 * @param pointer non-null if it returns one CPU's object of a per-CPU allocation
 */
public record MethodAnnotations(
    ContextAnnotations contexts,
    List<ContextAnnotations> parameters,
    OperationSpec operation,
    MaskEffect maskEffect,
    List<LockEffect> locks,
    PerCpuPointerSpec pointer) {

  public static final MethodAnnotations NONE =
      new MethodAnnotations(ContextAnnotations.NONE, List.of(), null, null, List.of(), null);

  public MethodAnnotations {
    parameters = List.copyOf(parameters);
    locks = List.copyOf(locks);
  }

  /** Whether a parameter is context-annotated: the method takes callbacks. */
  public boolean hasParameterContexts() {
    for (ContextAnnotations p : parameters) {
      if (!p.isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /** The annotations of parameter {@code i}; none past the end. */
  public ContextAnnotations parameter(int i) {
    return i >= 0 && i < parameters.size() ? parameters.get(i) : ContextAnnotations.NONE;
  }
}

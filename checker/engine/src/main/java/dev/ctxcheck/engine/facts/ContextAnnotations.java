package dev.ctxcheck.engine.facts;

import java.util.Set;

/**
 * The context annotations on one method, type or parameter.
 *
 * @param contexts the contexts it is entered in (a parameter: the contexts the object passed there
 *     is invoked in)
 * @param hardirqNoThread {@code @HardirqContext(noThread = true)}: under PREEMPT_RT the code stays in
 *     hard interrupt context instead of running as a thread
 */
public record ContextAnnotations(Set<ExecContext> contexts, boolean hardirqNoThread) {
  public static final ContextAnnotations NONE = new ContextAnnotations(Set.of(), false);

  public ContextAnnotations {
    contexts = Set.copyOf(contexts);
  }

  public boolean isEmpty() {
    return contexts.isEmpty();
  }
}

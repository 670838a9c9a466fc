package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which methods are per-CPU operations: those declared so by annotation, and user wrappers in the
 * kernel's convention (SPEC section 2.4): a method {@code __foo} declared beside a method {@code
 * foo} with the same parameter types, whose body performs a non-atomic operation (directly, or by
 * calling another such wrapper). A wrapper is a non-atomic update at its call sites, with {@code
 * foo} as its atomic variant.
 */
final class Operations {

  private static final String WRAPPER_PREFIX = "__";

  private final CallGraph graph;
  private final boolean acceptedRacesCount;
  /** Wrappers found, by method id, with the twin's name as atomic variant. */
  private final Map<String, OperationSpec> wrappers = new HashMap<>();

  Operations(CallGraph graph, Config config) {
    this.graph = graph;
    this.acceptedRacesCount = config.reportAcceptedRaces();
    findWrappers();
  }

  /** The operation a method is, or null: its annotation first, else the wrapper convention. */
  OperationSpec of(String methodId) {
    MethodFacts facts = graph.facts(methodId);
    if (facts != null && facts.operation() != null) {
      return facts.operation();
    }
    return wrappers.get(methodId);
  }

  boolean isWrapper(String methodId) {
    return wrappers.containsKey(methodId);
  }

  /** Whether a method's own body is an operation's implementation (its sites are not reported). */
  boolean isOperation(MethodFacts method) {
    return method.operation() != null || wrappers.containsKey(method.id());
  }

  /** Non-atomic in the sense that makes a {@code __foo} a wrapper and a site reportable. */
  boolean countsAsNonAtomic(OpKind kind) {
    return kind == OpKind.NON_ATOMIC_UPDATE || (acceptedRacesCount && kind == OpKind.ACCEPTED_RACE_UPDATE);
  }

  private void findWrappers() {
    Map<String, MethodFacts> bySignature = new HashMap<>();
    for (int i = 0; i < graph.size(); i++) {
      MethodFacts m = graph.method(i);
      bySignature.put(signature(m.declaringType(), m.name(), m.parameterTypes()), m);
    }
    // Wrappers can call wrappers: grow the set until it is stable.
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < graph.size(); i++) {
        MethodFacts m = graph.method(i);
        if (!m.hasBody() || wrappers.containsKey(m.id()) || m.operation() != null
            || !m.name().startsWith(WRAPPER_PREFIX) || m.name().length() == WRAPPER_PREFIX.length()) {
          continue;
        }
        String twin = m.name().substring(WRAPPER_PREFIX.length());
        if (!bySignature.containsKey(signature(m.declaringType(), twin, m.parameterTypes()))) {
          continue;
        }
        if (performsNonAtomicOperation(m.sites())) {
          wrappers.put(m.id(), new OperationSpec(OpKind.NON_ATOMIC_UPDATE, twin, 0));
          changed = true;
        }
      }
    }
  }

  private boolean performsNonAtomicOperation(List<CallSite> sites) {
    for (CallSite site : sites) {
      if (site.kind() != CallSite.Kind.INVOKE) {
        continue;
      }
      OperationSpec op = of(site.target());
      if (op != null && countsAsNonAtomic(op.kind())) {
        return true;
      }
    }
    return false;
  }

  private static String signature(String type, String name, List<String> parameterTypes) {
    return type + "#" + name + parameterTypes;
  }
}

package dev.ctxcheck.engine.facts;

import java.util.List;
import java.util.Set;

/**
 * A class or interface.
 *
 * @param id a name unique in the program (the binary name, e.g. {@code pkg.Outer$1})
 * @param simpleName its simple name; for an anonymous class, {@code anonymous Base}
 * @param supertypes every proper supertype, transitively (ids)
 * @param annotations context annotations on the type itself: every method and constructor declared
 *     in it is an entry point in each
 * @param inProgram whether the type's source is part of the analysed program
 */
public record TypeFacts(String id, String simpleName, List<String> supertypes, ContextAnnotations annotations,
    boolean inProgram) {
  public TypeFacts {
    supertypes = List.copyOf(supertypes);
  }

  public Set<ExecContext> contexts() {
    return annotations.contexts();
  }
}

package dev.ctxcheck.engine.facts;

import java.util.List;

/**
 * The facts of one source file, self-contained: what it declares (types, and methods,
 * constructors, lambdas and initializers with their bodies), and a stub (signature and annotation
 * facts) of every method and type outside the file that it mentions. Plain values only, holding no
 * tree: a unit can be cached per file, re-extracted alone when its file changes, or stored, and
 * {@link Program#assemble} makes a program of any set of units, in any order.
 *
 * @param file the file id, as in {@link Position#file()}
 * @param methods declared methods, in the order of their declarations in the file
 * @param stubs methods outside the file that it mentions (no bodies)
 * @param typeStubs types outside the file that its stubs belong to
 */
public record SourceFileFacts(
    String file,
    ImportFacts imports,
    List<TypeFacts> types,
    List<MethodFacts> methods,
    List<MethodFacts> stubs,
    List<TypeFacts> typeStubs,
    List<Suppression> suppressions) {

  public SourceFileFacts {
    types = List.copyOf(types);
    methods = List.copyOf(methods);
    stubs = List.copyOf(stubs);
    typeStubs = List.copyOf(typeStubs);
    suppressions = List.copyOf(suppressions);
  }

  /** This unit with no {@code @SuppressWarnings} recorded, for a run that reports suppressed findings too. */
  public SourceFileFacts withoutSuppressions() {
    return new SourceFileFacts(file, imports, types, methods, stubs, typeStubs, List.of());
  }
}

package dev.ctxcheck.javaparser;

import java.util.List;
import java.util.Map;

/**
 * The generic part of a type's declaration that resolution needs: its type parameters, and the type
 * arguments it gives each direct supertype ({@code class SkbHandler implements Handler<Skb>}), so a
 * type variable of a supertype can be replaced by what a subtype makes of it, as javac does when it
 * matches overrides and types a lambda's parameters.
 *
 * @param typeParameters the names of the type's own type parameters, in order
 * @param supertypeArguments direct supertype id to the arguments written for it; a raw or
 *     non-generic supertype has none
 */
record Generics(List<String> typeParameters, Map<String, List<Generics.Arg>> supertypeArguments) {

  static final Generics NONE = new Generics(List.of(), Map.of());

  /**
   * One type argument.
   *
   * @param variable the declaring type's own type variable it names, else null
   * @param erased its erased type id (a variable's bound); null if unknown or a wildcard without bound
   */
  record Arg(String variable, String erased) {}
}

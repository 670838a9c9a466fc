package dev.ctxcheck.lsp.analysis;

import dev.ctxcheck.engine.analysis.Reachability;
import dev.ctxcheck.engine.facts.TextRange;
import java.util.List;

/**
 * A method as an editor shows it: where it is named, and in which contexts it runs.
 *
 * @param methodId the engine's id
 * @param name what call paths call it ({@code percpu_ref_get}, {@code new Foo})
 * @param range the name token at the place asked about (declaration or call)
 * @param kind where that place is
 * @param reach for a declaration or a call of a method with a body in the program: every state the
 *     method is entered in; for a call of a method outside the program (or without a body): the
 *     states the call runs in
 */
public record MethodView(String methodId, String name, TextRange range, Kind kind, List<Reachability.Reach> reach) {

  public enum Kind {
    DECLARATION,
    CALL,
    /** A call of a method the program has no body for (a library, an interface method). */
    CALL_OUTSIDE_PROGRAM
  }

  public MethodView {
    reach = List.copyOf(reach);
  }
}

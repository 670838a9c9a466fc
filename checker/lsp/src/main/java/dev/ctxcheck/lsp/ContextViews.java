package dev.ctxcheck.lsp;

import dev.ctxcheck.engine.analysis.Reachability;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.lsp.analysis.MethodView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The words of the hover and the code lens: which contexts reach a method, masked how, by which path. */
final class ContextViews {

  private ContextViews() {}

  /** The hover: one line per state the method (or call) is reached in, each with its call path. */
  static String hover(MethodView view, boolean markdown) {
    StringBuilder out = new StringBuilder();
    String name = markdown ? "**" + view.name() + "**" : view.name();
    if (view.reach().isEmpty()) {
      out.append(name).append(view.kind() == MethodView.Kind.CALL_OUTSIDE_PROGRAM
          ? " is called here from code no entry point reaches."
          : " is reached by no entry point: no context annotation leads to it, so ctxcheck knows no context"
              + " it runs in.");
      return out.toString();
    }
    out.append(name).append(view.kind() == MethodView.Kind.CALL_OUTSIDE_PROGRAM
        ? " (outside the program) is called here in:" : " runs in:");
    out.append(markdown ? "\n\n" : "\n");
    for (Reachability.Reach r : view.reach()) {
      String state = r.context() + (r.masked().isEmpty() ? "" : " " + r.masked());
      String path = markdown ? "`" + r.path() + "`" : r.path();
      out.append(markdown ? "- " : "  ").append(markdown ? "**" + state + "**" : state).append(": ").append(path)
          .append('\n');
    }
    return out.toString().stripTrailing();
  }

  /** The code lens: the contexts, and what is masked on entry when something is, in one line. */
  static String lens(MethodView view) {
    if (view.reach().isEmpty()) {
      return "ctxcheck: reached by no entry point";
    }
    Map<ExecContext, Set<String>> masks = new LinkedHashMap<>();
    for (Reachability.Reach r : view.reach()) {
      masks.computeIfAbsent(r.context(), c -> new LinkedHashSet<>())
          .add(r.masked().isEmpty() ? "nothing masked" : r.masked().replaceFirst("^with ", ""));
    }
    List<String> parts = new ArrayList<>();
    masks.forEach((context, words) -> parts.add(
        words.equals(Set.of("nothing masked")) ? context.name() : context + " (" + String.join(" or ", words) + ")"));
    return "ctxcheck: runs in " + String.join(", ", parts);
  }
}

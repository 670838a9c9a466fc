package dev.ctxcheck.engine.modules;

import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * What a finding says races, as strings a summary can keep: one key per call path of the finding,
 * naming the check, the site, the path's role (the site itself, or a writer that interrupts it) and
 * the context it runs in. A finding of a downstream compile whose keys a dependency already had
 * adds nothing to a race that compile reported; a key it did not have is the new part.
 */
public final class RaceKeys {

  private RaceKeys() {}

  /** The key of each trace, in the finding's order; a finding without traces has one key, its site's. */
  public static List<String> of(Finding f) {
    String site = f.check().checkName() + '|' + f.position().file() + '|' + f.position().offset();
    if (f.traces().isEmpty()) {
      return List.of(site);
    }
    List<String> out = new ArrayList<>(f.traces().size());
    for (Trace t : f.traces()) {
      out.add(of(site, t));
    }
    return out;
  }

  static String of(String site, Trace t) {
    return site + '|' + t.role() + ':' + t.context();
  }
}

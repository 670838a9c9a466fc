package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.Position;
import java.util.List;

/**
 * One call path from an entry point to a site, as a diagnostic explains it and SARIF shows it as a
 * code flow.
 *
 * @param context the context the entry point runs in
 * @param masked the masks held at the end of the path, in words ("softirqs masked"), or empty
 * @param role what the path leads to: the reported site, or another writer that interrupts it
 * @param steps the entry point first, then every call site on the way, ending at the update
 */
public record Trace(ExecContext context, String masked, Role role, List<Step> steps) {

  public enum Role {
    SITE,
    INTERRUPTER
  }

  /**
   * @param method display name of the method the step is in
   * @param position where the step is (the entry's declaration, then call sites)
   * @param note what the step means ("entry point in PROCESS", "calls percpu_ref_get")
   */
  public record Step(String method, Position position, String note) {}

  public Trace {
    steps = List.copyOf(steps);
  }
}

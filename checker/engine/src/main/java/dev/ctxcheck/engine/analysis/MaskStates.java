package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MethodFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What one body has masked on the way to each of its call sites and to its exit, relative to its
 * entry, as the mask analysis finds it over the body's flow graph: for tools that show it, and to
 * compare two flow graphs of one body.
 */
public final class MaskStates {

  private final String[] atSite;
  private final String atExit;
  private final List<String> foreignReleases;

  private MaskStates(String[] atSite, String atExit, List<String> foreignReleases) {
    this.atSite = atSite;
    this.atExit = atExit;
    this.foreignReleases = foreignReleases;
  }

  /** The states of {@code method}'s body; {@code callees} looks up a site's target. */
  public static MaskStates of(MethodFacts method, Function<String, MethodFacts> callees) {
    List<CallSite> sites = method.sites();
    MaskEffect[] effects = new MaskEffect[sites.size()];
    for (int s = 0; s < sites.size(); s++) {
      CallSite site = sites.get(s);
      if (site.kind() == CallSite.Kind.INVOKE) {
        MethodFacts callee = callees.apply(site.target());
        effects[s] = callee == null ? null : callee.maskEffect();
      }
    }
    MaskFlow.Result r = MaskFlow.analyse(method, effects);
    String[] atSite = new String[sites.size()];
    for (int s = 0; s < atSite.length; s++) {
      atSite[s] = r.atSite == null ? describe(r.at(s)) : r.atSite[s] == null ? "unreached" : describe(r.atSite[s]);
    }
    List<String> foreign = new ArrayList<>();
    for (MaskFlow.ForeignRelease f : r.foreignReleases) {
      foreign.add(f.site() + ":" + f.level());
    }
    return new MaskStates(atSite, r.atExit == null ? "no exit" : describe(r.atExit), List.copyOf(foreign));
  }

  private static String describe(MaskFlow.Delta d) {
    return d + " cover " + Arrays.toString(d.cover) + " taken by " + Arrays.toString(d.takenBy);
  }

  /** Where {@code other} differs from this, one line per site (or the exit), empty if nowhere. */
  public List<String> differences(MaskStates other) {
    List<String> out = new ArrayList<>();
    int n = Math.max(atSite.length, other.atSite.length);
    for (int s = 0; s < n; s++) {
      String a = s < atSite.length ? atSite[s] : "none";
      String b = s < other.atSite.length ? other.atSite[s] : "none";
      if (!a.equals(b)) {
        out.add("site " + s + ": " + a + " / " + b);
      }
    }
    if (!atExit.equals(other.atExit)) {
      out.add("exit: " + atExit + " / " + other.atExit);
    }
    if (!foreignReleases.equals(other.foreignReleases)) {
      out.add("foreign releases: " + foreignReleases + " / " + other.foreignReleases);
    }
    return out;
  }
}

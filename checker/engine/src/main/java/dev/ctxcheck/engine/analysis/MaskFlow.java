package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mask analysis inside one method body, run once per method and independent of its callers:
 * for each call site, how many levels of each mask the method itself has taken (or released) on
 * the way there, as an interval over all paths; and what it holds when it returns.
 *
 * <p>Counts are relative to the method's entry, so a caller's state plus the delta at a site gives
 * the state the callee runs in: the interprocedural propagation stays linear. At a join the
 * interval widens; its lower end is the weaker mask, which decides what can interrupt a site, and
 * its upper end shows a mask some path leaves held.
 */
final class MaskFlow {

  /** Counts saturate here, which bounds loops that take a mask in every iteration. */
  private static final int LIMIT = 8;

  private static final int LEVELS = MaskLevel.values().length;

  /**
   * A mask delta. Per level: the least and greatest count of masks taken at exactly that level
   * over the paths (for balance), and the least number of masks that cover it, at it or above
   * (for what is masked: hardirqs masked on one path and preemption on another still leave
   * preemption disabled after the join).
   */
  static final class Delta {
    final int[] lo = new int[LEVELS];
    final int[] hi = new int[LEVELS];
    final int[] cover = new int[LEVELS];
    /** Per level, the site that took the mask the upper end counts (the earliest, of several); -1 if none. */
    final int[] takenBy = {-1, -1, -1};

    Delta copy() {
      Delta d = new Delta();
      System.arraycopy(lo, 0, d.lo, 0, LEVELS);
      System.arraycopy(hi, 0, d.hi, 0, LEVELS);
      System.arraycopy(cover, 0, d.cover, 0, LEVELS);
      System.arraycopy(takenBy, 0, d.takenBy, 0, LEVELS);
      return d;
    }

    /** Widens this by {@code other}; true if anything changed. */
    boolean join(Delta other) {
      boolean changed = false;
      for (int l = 0; l < LEVELS; l++) {
        if (other.lo[l] < lo[l]) {
          lo[l] = other.lo[l];
          changed = true;
        }
        if (other.hi[l] > hi[l]) {
          hi[l] = other.hi[l];
          changed = true;
        }
        if (other.cover[l] < cover[l]) {
          cover[l] = other.cover[l];
          changed = true;
        }
        // Of two takers the earlier site wins, whichever path the worklist brings first: messages
        // must not depend on how a front end happened to lay out and number its blocks.
        if (other.takenBy[l] >= 0 && (takenBy[l] < 0 || other.takenBy[l] < takenBy[l])) {
          takenBy[l] = other.takenBy[l];
          changed = true;
        }
      }
      return changed;
    }

    boolean isZero() {
      for (int l = 0; l < LEVELS; l++) {
        if (lo[l] != 0 || hi[l] != 0) {
          return false;
        }
      }
      return true;
    }

    /**
     * The held-mask bits after this delta is applied to {@code holds} (weaker end): a level the
     * method covers on every path is held; one it released more of than it took is not.
     */
    int apply(int holds) {
      int out = holds;
      for (int l = 0; l < LEVELS; l++) {
        int bit = 1 << l;
        if (cover[l] > 0) {
          out |= bit;
        } else if (cover[l] < 0) {
          out &= ~bit;
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return Arrays.toString(lo) + ".." + Arrays.toString(hi);
    }
  }

  /** A release of a mask that the method did not take: it drops its caller's. */
  record ForeignRelease(int site, MaskLevel level) {}

  /** Result for one method. */
  static final class Result {
    private static final Delta ZERO = new Delta();

    /** Per site, the delta before it; null means zero (saves memory for mask-free bodies). */
    final Delta[] atSite;
    /** What the method holds when it returns normally or throws on purpose; null if it cannot. */
    final Delta atExit;
    final List<ForeignRelease> foreignReleases;

    Result(Delta[] atSite, Delta atExit, List<ForeignRelease> foreignReleases) {
      this.atSite = atSite;
      this.atExit = atExit;
      this.foreignReleases = foreignReleases;
    }

    Delta at(int site) {
      Delta d = atSite == null ? null : atSite[site];
      return d == null ? ZERO : d;
    }
  }

  static final Result BALANCED = new Result(null, new Delta(), List.of());

  private MaskFlow() {}

  /**
   * Analyses one body. {@code effects[i]} is the mask effect of site i's callee (null if none);
   * a method none of whose sites has an effect is balanced without looking at its flow.
   */
  static Result analyse(MethodFacts method, MaskEffect[] effects) {
    return analyse(method, effects, false);
  }

  /**
   * As {@link #analyse(MethodFacts, MaskEffect[])}; with {@code rt}, the levels mean what they mean
   * under PREEMPT_RT, where a SOFTIRQ mask (BH disabled) serializes against softirq processing only
   * and leaves preemption on: it covers its own level and not PREEMPTION.
   */
  static Result analyse(MethodFacts method, MaskEffect[] effects, boolean rt) {
    boolean any = false;
    for (MaskEffect e : effects) {
      any |= e != null;
    }
    if (!any) {
      return BALANCED;
    }
    List<CallSite> sites = method.sites();
    FlowGraph flow = method.flow() != null ? method.flow() : FlowGraph.straightLine(sites.size());
    Delta[] in = new Delta[flow.blockCount()];
    Delta[] atSite = new Delta[sites.size()];
    FlowWalk.run(flow, atSite, in, new Delta(), new FlowWalk.Domain<Delta>() {
      @Override
      public Delta copy(Delta d) {
        return d.copy();
      }

      @Override
      public boolean join(Delta into, Delta other) {
        return into.join(other);
      }

      @Override
      public void transfer(Delta d, int s) {
        MaskFlow.transfer(d, effects[s], sites.get(s), s, rt);
      }

      // A mask that was being taken was not taken; one that was being released counts as released
      // (the weaker assumption either way).
      @Override
      public boolean undoneWhenThrown(int s) {
        return effects[s] == null || effects[s].action() == MaskEffect.Action.MASK;
      }
    });
    return new Result(atSite, in[flow.exit()], foreignReleases(atSite, effects, sites));
  }

  /** Releases reached on some path with nothing of their level taken in this method. */
  private static List<ForeignRelease> foreignReleases(Delta[] atSite, MaskEffect[] effects, List<CallSite> sites) {
    List<ForeignRelease> out = new ArrayList<>();
    for (int s = 0; s < effects.length; s++) {
      MaskEffect e = effects[s];
      if (e == null || e.action() == MaskEffect.Action.MASK || atSite[s] == null) {
        continue;
      }
      MaskLevel level = releasedLevel(e, sites.get(s));
      if (level != null && atSite[s].lo[level.ordinal()] <= 0) {
        out.add(new ForeignRelease(s, level));
      }
    }
    return out;
  }

  private static MaskLevel releasedLevel(MaskEffect effect, CallSite site) {
    return effect.action() == MaskEffect.Action.UNMASK_SCOPE ? site.scopeLevel() : effect.level();
  }

  private static void transfer(Delta d, MaskEffect effect, CallSite site, int s, boolean rt) {
    if (effect == null) {
      return;
    }
    MaskLevel level = releasedLevel(effect, site);
    if (level == null) {
      return;
    }
    int l = level.ordinal();
    int step = effect.action() == MaskEffect.Action.MASK ? 1 : -1;
    for (int covered = 0; covered <= l; covered++) {
      if (rt && level == MaskLevel.SOFTIRQ && covered == MaskLevel.PREEMPTION.ordinal()) {
        continue;
      }
      d.cover[covered] = Math.max(-LIMIT, Math.min(d.cover[covered] + step, LIMIT));
    }
    if (step > 0) {
      d.lo[l] = Math.min(d.lo[l] + 1, LIMIT);
      d.hi[l] = Math.min(d.hi[l] + 1, LIMIT);
      d.takenBy[l] = s;
    } else {
      d.lo[l] = Math.max(d.lo[l] - 1, -LIMIT);
      d.hi[l] = Math.max(d.hi[l] - 1, -LIMIT);
      if (d.hi[l] <= 0) {
        d.takenBy[l] = -1;
      }
    }
  }
}

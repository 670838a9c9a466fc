package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.FlowGraph;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A forward analysis of one body over its flow graph, to a fixed point: the mask analysis ({@link
 * MaskFlow}) and the lock analysis ({@link Locks}) differ only in their states and in what a call
 * does. States only widen at joins, so the walk ends.
 */
final class FlowWalk {

  /** The states of one analysis. */
  interface Domain<S> {
    S copy(S state);

    /** Widens {@code into} by {@code other}; true if that changed it. */
    boolean join(S into, S other);

    /** What the call at {@code site} does to {@code state}, in place. */
    void transfer(S state, int site);

    /**
     * Whether a call at {@code site} that throws leaves the state as it was before it (it was
     * taking something, so it took nothing) rather than after (it was releasing, so it released).
     */
    boolean undoneWhenThrown(int site);
  }

  /**
   * @param atSite per site, the state before it joined over every path (null where unreached)
   * @param in per block, the state at its start (the exit block's: what the body returns with)
   */
  record Result<S>(S[] atSite, S[] in) {}

  private FlowWalk() {}

  static <S> Result<S> run(FlowGraph flow, S[] atSite, S[] in, S entry, Domain<S> domain) {
    in[flow.entry()] = entry;
    boolean[] queued = new boolean[flow.blockCount()];
    Deque<Integer> work = new ArrayDeque<>();
    work.add(flow.entry());
    queued[flow.entry()] = true;
    while (!work.isEmpty()) {
      int b = work.poll();
      queued[b] = false;
      S d = domain.copy(in[b]);
      S beforeLast = d;
      int[] blockSites = flow.sites(b);
      for (int k = 0; k < blockSites.length; k++) {
        int s = blockSites[k];
        if (atSite[s] == null) {
          atSite[s] = domain.copy(d);
        } else {
          domain.join(atSite[s], d);
        }
        if (k == blockSites.length - 1) {
          beforeLast = domain.copy(d);
        }
        domain.transfer(d, s);
      }
      for (int succ : flow.successors(b)) {
        if (flowInto(in, succ, d, domain) && !queued[succ]) {
          queued[succ] = true;
          work.add(succ);
        }
      }
      int[] exceptional = flow.exceptionalSuccessors(b);
      if (exceptional.length > 0) {
        // An exceptional edge leaves when the block's last call throws.
        S thrown = blockSites.length > 0 && domain.undoneWhenThrown(blockSites[blockSites.length - 1])
            ? beforeLast : d;
        for (int succ : exceptional) {
          if (flowInto(in, succ, thrown, domain) && !queued[succ]) {
            queued[succ] = true;
            work.add(succ);
          }
        }
      }
    }
    return new Result<>(atSite, in);
  }

  /** Joins {@code d} into the entry state of {@code block}; true if that changed it. */
  private static <S> boolean flowInto(S[] in, int block, S d, Domain<S> domain) {
    if (in[block] == null) {
      in[block] = domain.copy(d);
      return true;
    }
    return domain.join(in[block], d);
  }
}

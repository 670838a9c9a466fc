package dev.ctxcheck.engine.facts;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A method body lowered to what the mask analysis needs: blocks of call sites in execution order
 * and the edges between blocks. Block 0 is the entry. Two sinks: {@link #exit()} (normal returns
 * and {@code throw} statements that leave the method directly) and {@link #uncheckedExit()}
 * (exceptions that calls throw, which leave however they pass through {@code finally} blocks),
 * which is not held to mask balance. A call site may stand in several blocks (a {@code finally} copied per exit path).
 *
 * <p>An exceptional edge leaves a block when its last site throws: the engine decides what of that
 * call's effect has happened by then. Front ends lower their own control-flow graphs to this form,
 * so the semantics of masks live once, in the engine.
 */
public final class FlowGraph {
  private final int[][] blockSites;
  private final int[][] successors;
  private final int[][] exceptionalSuccessors;
  private final int exit;
  private final int uncheckedExit;

  private FlowGraph(int[][] blockSites, int[][] successors, int[][] exceptionalSuccessors, int exit,
      int uncheckedExit) {
    this.blockSites = blockSites;
    this.successors = successors;
    this.exceptionalSuccessors = exceptionalSuccessors;
    this.exit = exit;
    this.uncheckedExit = uncheckedExit;
  }

  /** A body whose sites all run in order, one after another (no masks change inside it). */
  public static FlowGraph straightLine(int siteCount) {
    Builder b = new Builder();
    int body = b.newBlock();
    for (int i = 0; i < siteCount; i++) {
      b.addSite(body, i);
    }
    b.addEdge(b.entry(), body);
    b.addEdge(body, b.exit());
    return b.build();
  }

  public int blockCount() {
    return blockSites.length;
  }

  public int entry() {
    return 0;
  }

  public int exit() {
    return exit;
  }

  public int uncheckedExit() {
    return uncheckedExit;
  }

  public int[] sites(int block) {
    return blockSites[block];
  }

  /** Where control goes when the block runs to its end. */
  public int[] successors(int block) {
    return successors[block];
  }

  /** Where control goes when the block's last site throws. */
  public int[] exceptionalSuccessors(int block) {
    return exceptionalSuccessors[block];
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < blockSites.length; i++) {
      sb.append(i).append(Arrays.toString(blockSites[i])).append("->")
          .append(Arrays.toString(successors[i]));
      if (exceptionalSuccessors[i].length > 0) {
        sb.append(" throws->").append(Arrays.toString(exceptionalSuccessors[i]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Builds a graph; the entry, exit and unchecked exit blocks exist from the start. */
  public static final class Builder {
    private final List<List<Integer>> sites = new ArrayList<>();
    private final List<List<Integer>> edges = new ArrayList<>();
    private final List<List<Integer>> exceptionalEdges = new ArrayList<>();

    public Builder() {
      newBlock(); // entry
      newBlock(); // exit
      newBlock(); // unchecked exit
    }

    public int entry() {
      return 0;
    }

    public int exit() {
      return 1;
    }

    public int uncheckedExit() {
      return 2;
    }

    public int newBlock() {
      sites.add(new ArrayList<>());
      edges.add(new ArrayList<>());
      exceptionalEdges.add(new ArrayList<>());
      return sites.size() - 1;
    }

    public void addSite(int block, int siteIndex) {
      sites.get(block).add(siteIndex);
    }

    public void addEdge(int from, int to) {
      add(edges.get(from), to);
    }

    /** An edge taken when the last site of {@code from} throws. */
    public void addExceptionalEdge(int from, int to) {
      add(exceptionalEdges.get(from), to);
    }

    private static void add(List<Integer> out, int to) {
      if (!out.contains(to)) {
        out.add(to);
      }
    }

    public FlowGraph build() {
      int n = sites.size();
      int[][] s = new int[n][];
      int[][] e = new int[n][];
      int[][] x = new int[n][];
      for (int i = 0; i < n; i++) {
        s[i] = sites.get(i).stream().mapToInt(Integer::intValue).toArray();
        e[i] = edges.get(i).stream().mapToInt(Integer::intValue).toArray();
        x[i] = exceptionalEdges.get(i).stream().mapToInt(Integer::intValue).toArray();
      }
      return new FlowGraph(s, e, x, exit(), uncheckedExit());
    }
  }
}

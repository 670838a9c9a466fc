package dev.ctxcheck.engine.facts;

import java.util.Arrays;

/**
 * A method body lowered to what the mask analysis needs (a value: equal graphs are equal): blocks of call sites in execution order
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
  public boolean equals(Object o) {
    return o instanceof FlowGraph g && exit == g.exit && uncheckedExit == g.uncheckedExit
        && Arrays.deepEquals(blockSites, g.blockSites) && Arrays.deepEquals(successors, g.successors)
        && Arrays.deepEquals(exceptionalSuccessors, g.exceptionalSuccessors);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(blockSites) * 31 + Arrays.deepHashCode(successors);
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
    private static final int[] EMPTY = new int[0];

    private int[][] sites = new int[8][];
    private int[][] edges = new int[8][];
    private int[][] exceptionalEdges = new int[8][];
    private int[] siteCount = new int[8];
    private int[] edgeCount = new int[8];
    private int[] exceptionalCount = new int[8];
    private int blocks;

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
      if (blocks == sites.length) {
        int n = blocks * 2;
        sites = Arrays.copyOf(sites, n);
        edges = Arrays.copyOf(edges, n);
        exceptionalEdges = Arrays.copyOf(exceptionalEdges, n);
        siteCount = Arrays.copyOf(siteCount, n);
        edgeCount = Arrays.copyOf(edgeCount, n);
        exceptionalCount = Arrays.copyOf(exceptionalCount, n);
      }
      sites[blocks] = EMPTY;
      edges[blocks] = EMPTY;
      exceptionalEdges[blocks] = EMPTY;
      return blocks++;
    }

    public void addSite(int block, int siteIndex) {
      sites[block] = append(sites[block], siteCount[block]++, siteIndex);
    }

    public void addEdge(int from, int to) {
      if (!contains(edges[from], edgeCount[from], to)) {
        edges[from] = append(edges[from], edgeCount[from]++, to);
      }
    }

    /** An edge taken when the last site of {@code from} throws. */
    public void addExceptionalEdge(int from, int to) {
      if (!contains(exceptionalEdges[from], exceptionalCount[from], to)) {
        exceptionalEdges[from] = append(exceptionalEdges[from], exceptionalCount[from]++, to);
      }
    }

    private static int[] append(int[] array, int size, int value) {
      int[] out = size < array.length ? array : Arrays.copyOf(array, Math.max(4, size * 2));
      out[size] = value;
      return out;
    }

    private static boolean contains(int[] array, int size, int value) {
      for (int i = 0; i < size; i++) {
        if (array[i] == value) {
          return true;
        }
      }
      return false;
    }

    public FlowGraph build() {
      int[][] s = new int[blocks][];
      int[][] e = new int[blocks][];
      int[][] x = new int[blocks][];
      for (int i = 0; i < blocks; i++) {
        s[i] = Arrays.copyOf(sites[i], siteCount[i]);
        e[i] = Arrays.copyOf(edges[i], edgeCount[i]);
        x[i] = Arrays.copyOf(exceptionalEdges[i], exceptionalCount[i]);
      }
      return new FlowGraph(s, e, x, exit(), uncheckedExit());
    }
  }
}

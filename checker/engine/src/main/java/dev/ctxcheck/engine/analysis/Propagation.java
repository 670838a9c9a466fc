package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Which (context, mask) states reach each method, and for each one a shortest call path from an
 * entry point: one breadth-first search over (method, state) pairs, so the work is linear in the
 * call graph times the 32 possible states, with no path enumeration.
 *
 * <p>A state packs the context (2 bits) and the masks held (3 bits, one per {@link MaskLevel}).
 * What a context already implies is dropped from the held bits (hardirq and NMI code hold
 * everything that matters; softirq code only the hardirq bit can add to), which keeps the number
 * of distinct states small.
 */
final class Propagation {

  static final int STATE_COUNT = 32;
  private static final int HOLDS_MASK = 0b111;
  private static final int HARDIRQ_BIT = MaskLevel.HARDIRQ.bit();

  /** One step of a path: {@code method} in {@code state}, left through {@code site} (-1 at the end). */
  record Hop(int method, int state, int site) {}

  private final CallGraph graph;
  private final MaskFlow.Result[] flows;
  /** Per method, the bit set of reached states. */
  private final int[] reached;
  /** Per method, 4 ints per reached state: state, parent method, parent site << 5 | parent state, depth. */
  private final int[][] info;
  private final int[] infoSize;

  Propagation(CallGraph graph, MaskFlow.Result[] flows) {
    this.graph = graph;
    this.flows = flows;
    int n = graph.size();
    reached = new int[n];
    info = new int[n][];
    infoSize = new int[n];
    run();
  }

  static int state(ExecContext context, int holds) {
    int h = switch (context) {
      case PROCESS -> holds & HOLDS_MASK;
      case SOFTIRQ -> holds & HARDIRQ_BIT;
      case HARDIRQ, NMI -> 0;
    };
    return context.ordinal() << 3 | h;
  }

  static ExecContext context(int state) {
    return ExecContext.of(state >>> 3);
  }

  static int holds(int state) {
    return state & HOLDS_MASK;
  }

  /** The mask bits in force in {@code state}: what is held plus what the context implies. */
  static int effectiveMask(int state) {
    return switch (context(state)) {
      case PROCESS -> holds(state);
      case SOFTIRQ -> holds(state) | MaskLevel.PREEMPTION.bit() | MaskLevel.SOFTIRQ.bit();
      case HARDIRQ, NMI -> HOLDS_MASK;
    };
  }

  int statesOf(int method) {
    return reached[method];
  }

  /** Length of the shortest path to {@code method} in {@code state} (0 at an entry point). */
  int depth(int method, int state) {
    return info[method][slot(method, state) + 3];
  }

  /** A shortest path from an entry point to {@code method} in {@code state}, entry point first. */
  List<Hop> path(int method, int state) {
    List<Hop> hops = new ArrayList<>();
    int m = method;
    int s = state;
    int leaveBy = -1;
    while (true) {
      hops.add(new Hop(m, s, leaveBy));
      int k = slot(m, s);
      int parent = info[m][k + 1];
      if (parent < 0) {
        break;
      }
      int packed = info[m][k + 2];
      leaveBy = packed >>> 5;
      s = packed & 31;
      m = parent;
    }
    Collections.reverse(hops);
    return hops;
  }

  private int slot(int method, int state) {
    int[] a = info[method];
    for (int k = 0; k < infoSize[method]; k += 4) {
      if (a[k] == state) {
        return k;
      }
    }
    throw new IllegalStateException("state " + state + " does not reach " + graph.method(method).id());
  }

  private void run() {
    int[] queue = new int[64];
    int head = 0;
    int tail = 0;
    for (CallGraph.Entry e : graph.entries()) {
      int st = state(e.context(), 0);
      if (reach(e.method(), st, -1, 0, 0)) {
        if (tail == queue.length) {
          queue = Arrays.copyOf(queue, queue.length * 2);
        }
        queue[tail++] = e.method() << 5 | st;
      }
    }
    while (head < tail) {
      int packed = queue[head++];
      int m = packed >>> 5;
      int st = packed & 31;
      int depth = depth(m, st);
      MaskFlow.Result flow = flows[m];
      int siteCount = graph.method(m).sites().size();
      for (int s = 0; s < siteCount; s++) {
        int[] targets = graph.targets(m, s);
        if (targets.length == 0) {
          continue;
        }
        int next = state(context(st), flow.at(s).apply(holds(st)));
        for (int t : targets) {
          if (reach(t, next, m, s << 5 | st, depth + 1)) {
            if (tail == queue.length) {
              if (head > queue.length / 2) {
                System.arraycopy(queue, head, queue, 0, tail - head);
                tail -= head;
                head = 0;
              } else {
                queue = Arrays.copyOf(queue, queue.length * 2);
              }
            }
            queue[tail++] = t << 5 | next;
          }
        }
      }
    }
  }

  private boolean reach(int method, int state, int parent, int parentSiteAndState, int depth) {
    int bit = 1 << state;
    if ((reached[method] & bit) != 0) {
      return false;
    }
    reached[method] |= bit;
    int[] a = info[method];
    if (a == null) {
      a = info[method] = new int[4];
    } else if (infoSize[method] == a.length) {
      a = info[method] = Arrays.copyOf(a, a.length * 2);
    }
    int k = infoSize[method];
    a[k] = state;
    a[k + 1] = parent;
    a[k + 2] = parentSiteAndState;
    a[k + 3] = depth;
    infoSize[method] = k + 4;
    return true;
  }
}

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
 * call graph times the 64 possible states, with no path enumeration.
 *
 * <p>A state packs the context (2 bits), whether hardirq code runs in hard interrupt context (1
 * bit: under PREEMPT_RT a {@code noThread} handler, where every other handler is a thread) and the
 * masks held (3 bits, one per {@link MaskLevel}). What a context already implies is dropped from the
 * held bits (on mainline hardirq and NMI code hold everything that matters, softirq code only the
 * hardirq bit can add to; under PREEMPT_RT softirq and threaded hardirq code are threads that hold
 * what they take), which keeps the number of distinct states small. On mainline the hard bit is
 * never set: every hardirq is hard.
 *
 * <p>Under PREEMPT_RT it also records, per reached (method, state), up to two distinct entry points
 * that reach it: two sites in the same thread context (a softirq, an irq thread) interleave only
 * when different entry points reach them.
 */
final class Propagation {

  static final int STATE_COUNT = 64;
  private static final int HOLDS_MASK = 0b111;
  private static final int HARD_BIT = 0b1000;
  private static final int STATE_BITS = 6;
  private static final int STATE_MASK = (1 << STATE_BITS) - 1;
  private static final int HARDIRQ_BIT = MaskLevel.HARDIRQ.bit();

  /** One step of a path: {@code method} in {@code state}, left through {@code site} (-1 at the end). */
  record Hop(int method, int state, int site) {}

  private final CallGraph graph;
  private final MaskFlow.Result[] flows;
  private final boolean rt;
  /** Per method, the bit set of reached states. */
  private final long[] reached;
  /** Per method, 4 ints per reached state: state, parent method, parent site << 6 | parent state, depth. */
  private final int[][] info;
  private final int[] infoSize;
  /** Under PREEMPT_RT, per method, 2 ints per slot of {@link #info}: entry points reaching it (-1 none). */
  private int[][] entryPoints;

  Propagation(CallGraph graph, MaskFlow.Result[] flows, boolean rt) {
    this.graph = graph;
    this.flows = flows;
    this.rt = rt;
    int n = graph.size();
    reached = new long[n];
    info = new int[n][];
    infoSize = new int[n];
    run();
    if (rt) {
      collectEntryPoints();
    }
  }

  boolean preemptRt() {
    return rt;
  }

  /**
   * The state of code in {@code context} holding {@code holds}; {@code hard} for hardirq code in hard
   * interrupt context under PREEMPT_RT (ignored on mainline, and for other contexts).
   */
  static int state(ExecContext context, boolean hard, int holds, boolean rt) {
    int h;
    boolean hardBit = false;
    if (!rt) {
      h = switch (context) {
        case PROCESS -> holds & HOLDS_MASK;
        case SOFTIRQ -> holds & HARDIRQ_BIT;
        case HARDIRQ, NMI -> 0;
      };
    } else {
      hardBit = context == ExecContext.HARDIRQ && hard;
      h = switch (context) {
        case PROCESS -> holds & HOLDS_MASK;
        // Softirq processing is what a softirq thread is serialized against already.
        case SOFTIRQ -> holds & HOLDS_MASK & ~MaskLevel.SOFTIRQ.bit();
        case HARDIRQ -> hard ? 0 : holds & HOLDS_MASK;
        case NMI -> 0;
      };
    }
    return context.ordinal() << 4 | (hardBit ? HARD_BIT : 0) | h;
  }

  /** The state a call in {@code state} enters its callee in, given what the caller holds there. */
  static int next(int state, int holdsAtSite, boolean rt) {
    return state(context(state), isHard(state), holdsAtSite, rt);
  }

  static ExecContext context(int state) {
    return ExecContext.of(state >>> 4);
  }

  /** Hardirq code in hard interrupt context under PREEMPT_RT (a {@code noThread} handler). */
  static boolean isHard(int state) {
    return (state & HARD_BIT) != 0;
  }

  /** Code that runs as a preemptible thread under PREEMPT_RT: process, softirq and threaded hardirq. */
  static boolean isThread(int state) {
    ExecContext c = context(state);
    return c == ExecContext.PROCESS || c == ExecContext.SOFTIRQ || c == ExecContext.HARDIRQ && !isHard(state);
  }

  static int holds(int state) {
    return state & HOLDS_MASK;
  }

  /** The mask bits in force in {@code state}: what is held plus what the context implies. */
  static int effectiveMask(int state, boolean rt) {
    if (rt) {
      return switch (context(state)) {
        case PROCESS -> holds(state);
        // A softirq thread is serialized against softirq processing, and nothing more.
        case SOFTIRQ -> holds(state) | MaskLevel.SOFTIRQ.bit();
        case HARDIRQ -> isHard(state) ? HOLDS_MASK : holds(state);
        case NMI -> HOLDS_MASK;
      };
    }
    return switch (context(state)) {
      case PROCESS -> holds(state);
      case SOFTIRQ -> holds(state) | MaskLevel.PREEMPTION.bit() | MaskLevel.SOFTIRQ.bit();
      case HARDIRQ, NMI -> HOLDS_MASK;
    };
  }

  long statesOf(int method) {
    return reached[method];
  }

  /** Whether {@code method} is reached in {@code state}. */
  boolean reaches(int method, int state) {
    return (reached[method] & (1L << state)) != 0;
  }

  /**
   * Up to two distinct entry points (method indexes) from which {@code method} is reached in {@code
   * state} under PREEMPT_RT; -1 fills what there is not.
   */
  int[] entryPoints(int method, int state) {
    int k = slot(method, state) / 4 * 2;
    return new int[] {entryPoints[method][k], entryPoints[method][k + 1]};
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
      leaveBy = packed >>> STATE_BITS;
      s = packed & STATE_MASK;
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
      int st = entryState(e);
      if (reach(e.method(), st, -1, 0, 0)) {
        if (tail == queue.length) {
          queue = Arrays.copyOf(queue, queue.length * 2);
        }
        queue[tail++] = e.method() << STATE_BITS | st;
      }
    }
    while (head < tail) {
      int packed = queue[head++];
      int m = packed >>> STATE_BITS;
      int st = packed & STATE_MASK;
      int depth = depth(m, st);
      MaskFlow.Result flow = flows[m];
      int siteCount = graph.method(m).sites().size();
      for (int s = 0; s < siteCount; s++) {
        int[] targets = graph.targets(m, s);
        if (targets.length == 0) {
          continue;
        }
        int next = next(st, flow.at(s).apply(holds(st)), rt);
        for (int t : targets) {
          if (reach(t, next, m, s << STATE_BITS | st, depth + 1)) {
            if (tail == queue.length) {
              if (head > queue.length / 2) {
                System.arraycopy(queue, head, queue, 0, tail - head);
                tail -= head;
                head = 0;
              } else {
                queue = Arrays.copyOf(queue, queue.length * 2);
              }
            }
            queue[tail++] = t << STATE_BITS | next;
          }
        }
      }
    }
  }

  int entryState(CallGraph.Entry e) {
    return state(e.context(), e.noThread(), 0, rt);
  }

  /**
   * A fixed point over the reached (method, state) pairs: each keeps up to two distinct entry points
   * among those of the pairs that call it (a set capped at two only grows, so it terminates).
   */
  private void collectEntryPoints() {
    int n = graph.size();
    entryPoints = new int[n][];
    for (int m = 0; m < n; m++) {
      if (info[m] != null) {
        entryPoints[m] = new int[infoSize[m] / 2];
        Arrays.fill(entryPoints[m], -1);
      }
    }
    java.util.ArrayDeque<int[]> work = new java.util.ArrayDeque<>();
    for (CallGraph.Entry e : graph.entries()) {
      int st = entryState(e);
      if (addEntryPoint(e.method(), st, e.method())) {
        work.add(new int[] {e.method(), st});
      }
    }
    while (!work.isEmpty()) {
      int[] item = work.poll();
      int m = item[0];
      int st = item[1];
      int[] mine = entryPoints(m, st);
      MaskFlow.Result flow = flows[m];
      int siteCount = graph.method(m).sites().size();
      for (int s = 0; s < siteCount; s++) {
        int[] targets = graph.targets(m, s);
        if (targets.length == 0) {
          continue;
        }
        int next = next(st, flow.at(s).apply(holds(st)), rt);
        for (int t : targets) {
          boolean changed = false;
          for (int e : mine) {
            changed |= e >= 0 && addEntryPoint(t, next, e);
          }
          if (changed) {
            work.add(new int[] {t, next});
          }
        }
      }
    }
  }

  private boolean addEntryPoint(int method, int state, int entry) {
    int k = slot(method, state) / 4 * 2;
    int[] a = entryPoints[method];
    if (a[k] == entry || a[k + 1] == entry || a[k + 1] >= 0) {
      return false;
    }
    if (a[k] < 0) {
      a[k] = entry;
    } else {
      a[k + 1] = entry;
    }
    return true;
  }

  private boolean reach(int method, int state, int parent, int parentSiteAndState, int depth) {
    long bit = 1L << state;
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

package dev.ctxcheck.bench.gen;

import java.util.ArrayList;
import java.util.List;

/**
 * The part of SPEC section 2 the generator needs to know which generated code is safe: contexts,
 * mask levels, who interrupts whom. Generated code is built from "kinds" (the set of states a
 * method may run in, each context with the least mask level it is guaranteed) and "variable
 * classes" (the set of contexts that may update a per-CPU variable). A method of kind K may update
 * a variable of class V at all only if every context of K is in V, and non-atomically only if, in
 * every state of K, the code is not preemptible process code and no context of V can interrupt it.
 * Since every call is made from a region whose states are a subset of the callee's kind, the
 * contexts that really reach a method are a subset of its kind, and both rules stay true.
 */
public final class Model {

  private Model() {}

  public static final int P = 0;
  public static final int S = 1;
  public static final int H = 2;
  public static final int N = 3;
  static final String[] CONTEXT_NAMES = {"PROCESS", "SOFTIRQ", "HARDIRQ", "NMI"};

  /** Mask levels: what is held off. Each level holds off the ones below it. */
  public static final int NONE = 0;
  public static final int PREEMPT = 1;
  public static final int BH = 2;
  public static final int IRQ = 3;

  /** Whether code in {@code interrupter} context can run in the middle of code in context {@code c} at {@code level}. */
  static boolean interrupts(int interrupter, int c, int level) {
    return switch (interrupter) {
      case N -> c != N;
      case H -> (c == P || c == S) && level < IRQ;
      case S -> c == P && level < BH;
      default -> false;
    };
  }

  /** The least level a context always has: softirq holds off preemption and softirqs, hardirq and NMI everything. */
  static int floor(int c) {
    return switch (c) {
      case P -> NONE;
      case S -> BH;
      default -> IRQ;
    };
  }

  /** A set of states: per context, the least mask level, or -1 if the context is not in the set. */
  record Kind(String name, int[] min) {
    static Kind of(String name, int p, int s, int h, int n) {
      return new Kind(name, new int[] {p, s, h, n});
    }

    boolean has(int c) {
      return min[c] >= 0;
    }

    int contexts() {
      int bits = 0;
      for (int c = 0; c < 4; c++) {
        if (has(c)) {
          bits |= 1 << c;
        }
      }
      return bits;
    }

    /** Every state of this is a state of {@code k}: a region of this kind may call a method of kind {@code k}. */
    boolean within(Kind k) {
      for (int c = 0; c < 4; c++) {
        if (has(c) && (!k.has(c) || min[c] < k.min[c])) {
          return false;
        }
      }
      return true;
    }

    /** The states after taking a mask of {@code level}. */
    Kind raise(int level) {
      int[] m = min.clone();
      for (int c = 0; c < 4; c++) {
        if (m[c] >= 0) {
          m[c] = Math.max(Math.max(m[c], level), floor(c));
        }
      }
      return new Kind(name + "+" + level, m);
    }

    /** The single context, or -1 if there are several. */
    int single() {
      int bits = contexts();
      return Integer.bitCount(bits) == 1 ? Integer.numberOfTrailingZeros(bits) : -1;
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(name).append('{');
      for (int c = 0; c < 4; c++) {
        if (has(c)) {
          sb.append(CONTEXT_NAMES[c].charAt(0)).append(min[c]);
        }
      }
      return sb.append('}').toString();
    }
  }

  /** A class of per-CPU variables: the contexts that may update them. */
  record VarClass(String name, int writers) {}

  static final VarClass V_P = new VarClass("P", 1 << P);
  static final VarClass V_PS = new VarClass("PS", 1 << P | 1 << S);
  static final VarClass V_PSH = new VarClass("PSH", 1 << P | 1 << S | 1 << H);
  static final VarClass V_ALL = new VarClass("PSHN", 0b1111);
  static final VarClass V_S = new VarClass("S", 1 << S);
  static final VarClass V_H = new VarClass("H", 1 << H);
  static final VarClass V_SH = new VarClass("SH", 1 << S | 1 << H);
  static final VarClass V_N = new VarClass("N", 1 << N);
  static final List<VarClass> VAR_CLASSES = List.of(V_P, V_PS, V_PSH, V_ALL, V_S, V_H, V_SH, V_N);

  /** A region of kind {@code k} may update a variable of class {@code v} (atomically). */
  static boolean mayWrite(Kind k, VarClass v) {
    int ctx = k.contexts();
    return ctx != 0 && (ctx & ~v.writers()) == 0;
  }

  /** A region of kind {@code k} may update a variable of class {@code v} non-atomically. */
  static boolean mayWriteNonAtomic(Kind k, VarClass v) {
    if (!mayWrite(k, v)) {
      return false;
    }
    for (int c = 0; c < 4; c++) {
      if (!k.has(c)) {
        continue;
      }
      int level = k.min[c];
      if (c == P && level < PREEMPT) {
        return false; // PerCpuUpdateInPreemptibleCode
      }
      for (int w = 0; w < 4; w++) {
        if ((v.writers() & 1 << w) != 0 && interrupts(w, c, level)) {
          return false; // NonAtomicPerCpuUpdate
        }
      }
    }
    return true;
  }

  static final Kind P0 = Kind.of("P0", 0, -1, -1, -1);
  static final Kind P1 = Kind.of("P1", 1, -1, -1, -1);
  static final Kind P2 = Kind.of("P2", 2, -1, -1, -1);
  static final Kind P3 = Kind.of("P3", 3, -1, -1, -1);
  static final Kind S2 = Kind.of("S2", -1, 2, -1, -1);
  static final Kind S3 = Kind.of("S3", -1, 3, -1, -1);
  static final Kind H3 = Kind.of("H", -1, -1, 3, -1);
  static final Kind N3 = Kind.of("N", -1, -1, -1, 3);
  static final Kind PS2 = Kind.of("PS2", 2, 2, -1, -1);
  static final Kind PS3 = Kind.of("PS3", 3, 3, -1, -1);
  static final Kind PSH3 = Kind.of("PSH3", 3, 3, 3, -1);
  static final Kind P0S = Kind.of("P0S", 0, 2, -1, -1);
  static final Kind P0SH = Kind.of("P0SH", 0, 2, 3, -1);
  static final Kind ALL = Kind.of("ALL", 0, 2, 3, 3);
  static final Kind SH = Kind.of("SH", -1, 2, 3, -1);
  static final Kind HN = Kind.of("HN", -1, -1, 3, 3);

  /** The kinds helpers are made in, with weights. */
  static final List<Kind> HELPER_KINDS = List.of(P0, P1, P2, P3, S2, S3, H3, N3, PS2, PS3, PSH3, P0S, P0SH, ALL, SH, HN);
  static final int[] HELPER_WEIGHTS = {14, 5, 8, 7, 10, 4, 8, 2, 8, 3, 6, 8, 5, 4, 3, 2};

  /** Entry kinds by context. */
  static Kind entry(int c) {
    return switch (c) {
      case P -> P0;
      case S -> S2;
      case H -> H3;
      default -> N3;
    };
  }

  /** Checks the table above against itself; thrown at generator start if the model is inconsistent. */
  static List<String> selfCheck() {
    List<String> problems = new ArrayList<>();
    if (mayWriteNonAtomic(P0, V_P)) {
      problems.add("P0 must not update non-atomically");
    }
    if (!mayWriteNonAtomic(P1, V_P) || mayWriteNonAtomic(P1, V_PS)) {
      problems.add("P1");
    }
    if (!mayWriteNonAtomic(P2, V_PS) || mayWriteNonAtomic(P2, V_PSH)) {
      problems.add("P2");
    }
    if (!mayWriteNonAtomic(P3, V_PSH) || mayWriteNonAtomic(P3, V_ALL)) {
      problems.add("P3");
    }
    if (!mayWriteNonAtomic(S2, V_PS) || mayWriteNonAtomic(S2, V_PSH) || !mayWriteNonAtomic(S3, V_PSH)) {
      problems.add("S");
    }
    if (!mayWriteNonAtomic(H3, V_PSH) || mayWriteNonAtomic(H3, V_ALL) || !mayWriteNonAtomic(N3, V_N)) {
      problems.add("H/N");
    }
    if (!P0.raise(BH).within(PS2) || P0.within(PS2) || !S2.within(P0S) || !S2.raise(IRQ).within(PSH3)) {
      problems.add("within/raise");
    }
    return problems;
  }
}

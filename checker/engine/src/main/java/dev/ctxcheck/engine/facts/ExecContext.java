package dev.ctxcheck.engine.facts;

/** The execution contexts of one CPU, lowest first (SPEC section 2.1). */
public enum ExecContext {
  PROCESS,
  SOFTIRQ,
  HARDIRQ,
  NMI;

  private static final ExecContext[] VALUES = values();

  public static ExecContext of(int ordinal) {
    return VALUES[ordinal];
  }
}

package dev.ctxcheck.engine.analysis;

/** The checks the engine runs, by the names users see and suppress. */
public enum Check {
  /** A non-atomic per-CPU update that a context which also updates the variable can interrupt. */
  NON_ATOMIC_PER_CPU_UPDATE("NonAtomicPerCpuUpdate"),
  /** A non-atomic per-CPU update reached in process context with preemption enabled. */
  PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE("PerCpuUpdateInPreemptibleCode"),
  /** A method that returns with another mask than it was entered with, or releases its caller's. */
  CONTEXT_MASK_IMBALANCE("ContextMaskImbalance");

  private final String checkName;

  Check(String checkName) {
    this.checkName = checkName;
  }

  /** The name in {@code -Xep:NAME}, {@code @SuppressWarnings("NAME")} and SARIF {@code ruleId}. */
  public String checkName() {
    return checkName;
  }

  public static Check byName(String name) {
    for (Check c : values()) {
      if (c.checkName.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no check named " + name);
  }
}

package dev.ctxcheck.engine.analysis;

/**
 * The checks the engine runs, by the names users see and suppress, with the one-line summary every
 * front end shows. The explanation of a check lives in its docs page ({@link #docsPage()}) only.
 */
public enum Check {
  NON_ATOMIC_PER_CPU_UPDATE("NonAtomicPerCpuUpdate", Summary.NON_ATOMIC_PER_CPU_UPDATE),
  PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE("PerCpuUpdateInPreemptibleCode", Summary.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE),
  CONTEXT_MASK_IMBALANCE("ContextMaskImbalance", Summary.CONTEXT_MASK_IMBALANCE);

  /** The summaries as compile-time constants, so that {@code @BugPattern(summary = ...)} can name them. */
  public static final class Summary {
    public static final String NON_ATOMIC_PER_CPU_UPDATE = "A non-atomic per-CPU update can be interrupted by"
        + " another context that updates the same variable, and an update is lost";
    public static final String PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE =
        "A non-atomic per-CPU update runs in process context with preemption enabled";
    public static final String CONTEXT_MASK_IMBALANCE = "A method returns with another interrupt/preemption mask"
        + " than it was entered with, or releases a mask its caller took";

    private Summary() {}
  }

  private final String checkName;
  private final String summary;

  Check(String checkName, String summary) {
    this.checkName = checkName;
    this.summary = summary;
  }

  /** The name in {@code -Xep:NAME}, {@code @SuppressWarnings("NAME")} and SARIF {@code ruleId}. */
  public String checkName() {
    return checkName;
  }

  /** One line: what the check reports. */
  public String summary() {
    return summary;
  }

  /** The check's page, relative to the documentation folder ({@code docs/} of the repository). */
  public String docsPage() {
    return checkName + ".md";
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

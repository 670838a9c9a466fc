package dev.ctxcheck.engine.facts;

/**
 * What a masking primitive holds off; each level implies the lower ones, as in the kernel
 * (SPEC section 2.2). Mirrors {@code dev.ctxcheck.annotations.Masked}.
 */
public enum MaskLevel {
  PREEMPTION("preemption"),
  SOFTIRQ("softirqs"),
  HARDIRQ("hardirqs");

  private final String description;

  MaskLevel(String description) {
    this.description = description;
  }

  /** Words for messages: "softirqs" in "with softirqs masked". */
  public String description() {
    return description;
  }

  /** Bit of this level in a held-mask bit set. */
  public int bit() {
    return 1 << ordinal();
  }
}

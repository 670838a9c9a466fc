package dev.ctxcheck.engine.facts;

/** What a masking primitive masks under PREEMPT_RT. Mirrors {@code dev.ctxcheck.annotations.PreemptRt}. */
public enum PreemptRtEffect {
  /** As on mainline. */
  SAME,
  /** Nothing: a sleeping lock that serializes only the holders of the same lock. */
  NOTHING,
  /** Serialization against softirq processing on the CPU only. */
  SOFTIRQ_PROCESSING
}

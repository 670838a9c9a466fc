package dev.ctxcheck.engine.analysis;

/**
 * Options of one analysis.
 *
 * @param reportAcceptedRaces also report {@code ACCEPTED_RACE_UPDATE} operations ({@code
 *     raw_cpu_*}) and count them in {@code __foo} wrappers, as if they were non-atomic
 * @param preemptRt analyse under the PREEMPT_RT model (SPEC section 2.7, docs/preempt-rt.md):
 *     softirqs and threaded handlers are preemptible threads, and masks mean what their {@code
 *     preemptRt} element says
 */
public record Config(boolean reportAcceptedRaces, boolean preemptRt) {
  public static final Config DEFAULT = new Config(false, false);

  /** The mainline model. */
  public Config(boolean reportAcceptedRaces) {
    this(reportAcceptedRaces, false);
  }

  /** The same options in the other model. */
  public Config withPreemptRt(boolean rt) {
    return new Config(reportAcceptedRaces, rt);
  }
}

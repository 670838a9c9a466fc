package dev.ctxcheck.engine.analysis;

/**
 * Options of one analysis.
 *
 * @param reportAcceptedRaces also report {@code ACCEPTED_RACE_UPDATE} operations ({@code
 *     raw_cpu_*}) and count them in {@code __foo} wrappers, as if they were non-atomic
 */
public record Config(boolean reportAcceptedRaces) {
  public static final Config DEFAULT = new Config(false);
}

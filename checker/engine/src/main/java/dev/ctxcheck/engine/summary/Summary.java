package dev.ctxcheck.engine.summary;

import dev.ctxcheck.engine.facts.SourceFileFacts;
import java.util.List;

/**
 * What one module's compile leaves in its class output for the compiles that depend on it (and for
 * its own next incremental compile): the facts of its source files, the source excerpts that
 * messages about them quote, and the races its analysis already knew of.
 *
 * @param units the facts of every source file of the module, by file id
 * @param excerpts per file, the source text messages quote (the arguments of per-CPU update calls),
 *     since a dependency's sources are not at hand downstream
 * @param races the {@link RaceKeys} of every finding the module's analysis made, its dependencies'
 *     code included: a downstream compile does not report these again
 */
public record Summary(List<SourceFileFacts> units, List<Excerpt> excerpts, List<String> races) {

  /** The format {@link SummaryCodec} writes and reads; a summary of another format is skipped. */
  public static final int FORMAT = 1;

  /** Where in a class output (and so in a jar) the summary lies. */
  public static final String RESOURCE = "META-INF/ctxcheck/summary.smile.gz";

  public Summary {
    units = List.copyOf(units);
    excerpts = List.copyOf(excerpts);
    races = List.copyOf(races);
  }

  /** The text at {@code start} of {@code file}. */
  public record Excerpt(String file, int start, String text) {}
}

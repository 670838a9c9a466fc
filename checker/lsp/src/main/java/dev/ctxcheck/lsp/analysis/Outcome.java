package dev.ctxcheck.lsp.analysis;

import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Fix;
import dev.ctxcheck.engine.facts.TextRange;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one analysis of a {@link Snapshot} found. Offsets are character offsets into {@link
 * #text(Path)}, the text that was analysed, which may already differ from the editor's.
 */
public interface Outcome {

  /** A file, or part of one, that could not be analysed. */
  record Problem(Path file, long line, String message) {}

  /** The findings, after {@code @SuppressWarnings}, in file and offset order. */
  List<Finding> findings();

  /** What could not be read or parsed (left out of the program). */
  List<Problem> problems();

  /** Where the run's time went: milliseconds by phase, in the order the phases ran (for the log). */
  java.util.Map<String, Long> phaseMillis();

  /** The text analysed for this file, or null if it is not part of the program. */
  String text(Path file);

  /** The name token of what a finding reports on (the operation's name, or the method's). */
  TextRange reportedRange(Finding finding);

  /** The method declared or called at this offset (on its name), with what reaches it. */
  Optional<MethodView> methodAt(Path file, int offset);

  /** The methods declared in this file whose bodies update per-CPU data, in source order. */
  List<MethodView> perCpuUpdaters(Path file);

  /**
   * The edit that adds {@code @SuppressWarnings("<check>")} to the method or constructor around
   * {@code offset} (into its {@code @SuppressWarnings} if it has one); empty if there is none, or it
   * already suppresses the check.
   */
  Optional<Fix> suppression(Path file, int offset, String check);
}

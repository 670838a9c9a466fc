package dev.ctxcheck.lsp.analysis;

import java.nio.file.Path;
import java.util.List;

/**
 * The user's settings that change what is analysed (docs/editors.md).
 *
 * @param classpath the analysed program's class path (the annotations and the percpu runtime are
 *     always on it)
 * @param reportAcceptedRaces also report {@code raw_cpu_*}-style operations
 * @param preemptRt analyse under the PREEMPT_RT model (docs/preempt-rt.md)
 */
public record Options(List<Path> classpath, boolean reportAcceptedRaces, boolean preemptRt) {
  public static final Options DEFAULT = new Options(List.of(), false, false);

  public Options {
    classpath = List.copyOf(classpath);
  }
}

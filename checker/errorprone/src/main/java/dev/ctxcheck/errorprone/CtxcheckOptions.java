package dev.ctxcheck.errorprone;

import com.google.errorprone.ErrorProneFlags;
import com.sun.tools.javac.util.Context;
import dev.ctxcheck.engine.analysis.CheckDocs;
import dev.ctxcheck.engine.analysis.Config;
import java.nio.file.Path;

/**
 * ctxcheck's {@code -XepOpt:} flags, shared by all its checks:
 *
 * <ul>
 *   <li>{@code -XepOpt:Ctxcheck:ReportAcceptedRaces=true}: also report {@code raw_cpu_*}-style
 *       operations (declared {@code ACCEPTED_RACE_UPDATE}), and let them make a {@code __foo}
 *       wrapper non-atomic.
 *   <li>{@code -XepOpt:Ctxcheck:PreemptRt=true}: analyse under the PREEMPT_RT model (softirqs and
 *       threaded interrupt handlers are preemptible threads; see docs/preempt-rt.md).
 *   <li>{@code -XepOpt:Ctxcheck:PrintStats=true}: print the program's size and the engine's time
 *       per phase as a compiler note.
 *   <li>{@code -XepOpt:Ctxcheck:StatsFile=PATH}: write the same figures to PATH as JSON ({@link
 *       StatsFile}).
 *   <li>{@code -XepOpt:Ctxcheck:DocsUrl=URL}: the base URL (or absolute path) of the folder holding
 *       the checks' pages, which diagnostics link to; by default the one the build recorded ({@link
 *       CheckDocs}).
 *   <li>{@code -XepOpt:Ctxcheck:SummaryOut=DIR}: write the module's summary (docs/modules.md) under
 *       DIR instead of the class output; a run without a class output ({@code -d}) writes one only
 *       with this flag.
 *   <li>{@code -XepOpt:Ctxcheck:Summaries=false}: neither read the summaries on the class path nor
 *       write one (a single-module build that wants the time back; incremental compiles then see
 *       only the files they compile).
 * </ul>
 *
 * <p>A tool that runs javac in its own process gives the analysis options directly instead: it puts
 * a {@link Config} into the javac {@link Context} under {@link #CONFIG_KEY}, which then stands for the
 * flags' one.
 *
 * @param statsFile null if none was asked for
 * @param summaryOut where to write the module's summary instead of the class output; null: there
 * @param summaries whether to read and write summaries at all
 * @param problem what is wrong with the flags, or null; the analysis reports it and does not run
 */
public record CtxcheckOptions(Config config, boolean printStats, Path statsFile, Path summaryOut,
    boolean summaries, CheckDocs docs, String problem) {

  /** An in-process caller's analysis options, in place of the {@code -XepOpt:} flags'. */
  public static final Context.Key<Config> CONFIG_KEY = new Context.Key<>();

  static final String PREFIX = "Ctxcheck:";

  public static CtxcheckOptions from(ErrorProneFlags flags) {
    CheckDocs docs = CheckDocs.NONE;
    String problem = null;
    try {
      docs = flags.get(PREFIX + "DocsUrl").map(CheckDocs::at).orElseGet(CheckDocs::recorded);
    } catch (IllegalArgumentException e) {
      // Thrown here, it would stop javac with a stack trace: the analysis says it instead.
      problem = "-XepOpt:" + PREFIX + "DocsUrl: " + e.getMessage();
    }
    return new CtxcheckOptions(
        new Config(flags.getBoolean(PREFIX + "ReportAcceptedRaces").orElse(false),
            flags.getBoolean(PREFIX + "PreemptRt").orElse(false)),
        flags.getBoolean(PREFIX + "PrintStats").orElse(false),
        flags.get(PREFIX + "StatsFile").map(Path::of).orElse(null),
        flags.get(PREFIX + "SummaryOut").map(Path::of).orElse(null),
        flags.getBoolean(PREFIX + "Summaries").orElse(true),
        docs,
        problem);
  }

  /** The analysis options of this javac run: an in-process caller's, else the flags'. */
  Config config(Context context) {
    Config given = context.get(CONFIG_KEY);
    return given != null ? given : config;
  }
}

package dev.ctxcheck.errorprone;

import com.google.errorprone.ErrorProneFlags;
import dev.ctxcheck.engine.analysis.Config;

/**
 * ctxcheck's {@code -XepOpt:} flags, shared by all its checks:
 *
 * <ul>
 *   <li>{@code -XepOpt:Ctxcheck:ReportAcceptedRaces=true}: also report {@code raw_cpu_*}-style
 *       operations (declared {@code ACCEPTED_RACE_UPDATE}), and let them make a {@code __foo}
 *       wrapper non-atomic.
 *   <li>{@code -XepOpt:Ctxcheck:PrintStats=true}: print the program's size and the engine's time
 *       per phase as a compiler note.
 * </ul>
 */
public record CtxcheckOptions(Config config, boolean printStats) {

  static final String PREFIX = "Ctxcheck:";

  public static CtxcheckOptions from(ErrorProneFlags flags) {
    return new CtxcheckOptions(
        new Config(flags.getBoolean(PREFIX + "ReportAcceptedRaces").orElse(false)),
        flags.getBoolean(PREFIX + "PrintStats").orElse(false));
  }
}

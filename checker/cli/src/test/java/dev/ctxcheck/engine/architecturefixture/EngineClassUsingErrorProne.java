package dev.ctxcheck.engine.architecturefixture;

import com.google.errorprone.BugPattern;

/** Breaks the engine's rule on purpose, so that ArchitectureTest can show its rules catch a breach. */
public final class EngineClassUsingErrorProne {

  private EngineClassUsingErrorProne() {}

  public static String severity(BugPattern pattern) {
    return pattern.severity().name();
  }
}

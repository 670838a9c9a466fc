package dev.ctxcheck.errorprone;

import com.sun.tools.javac.util.Context;
import dev.ctxcheck.engine.analysis.Finding;
import java.util.List;

/**
 * Receives each finding as Error Prone reports it (so after suppression and severity flags), for
 * tools that run javac in-process and want the structured finding (paths, fix) rather than the
 * diagnostic text. Put one into the javac {@link Context} under {@link #KEY} before compiling.
 */
public interface FindingSink {

  Context.Key<FindingSink> KEY = new Context.Key<>();

  /**
   * The analysis ran: every finding, before suppression and severity flags, in the engine's order.
   * The findings {@link #reported} afterwards are among these very objects.
   */
  default void analysed(List<Finding> findings) {}

  void reported(Finding finding);

  /** The analysis could not run; {@code message} says why. No findings follow. */
  void failed(String message);
}

package dev.ctxcheck.engine.summary;

/** A summary that cannot be used: damaged, or of another format. The message says which. */
public final class SummaryException extends Exception {
  public SummaryException(String message, Throwable cause) {
    super(message, cause);
  }
}

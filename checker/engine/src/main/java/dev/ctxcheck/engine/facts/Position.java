package dev.ctxcheck.engine.facts;

/**
 * A place in a source file: {@code offset} is the character offset of the start of the construct
 * (what a front end uses to find the construct again), {@code line} and {@code column} are 1-based.
 */
public record Position(String file, int offset, int line, int column) {

  /** {@code File.java:12}, for messages. */
  public String shortForm() {
    int slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
    return file.substring(slash + 1) + ":" + line;
  }
}

package dev.ctxcheck.cli;

import dev.ctxcheck.engine.analysis.Finding;
import java.nio.file.Path;
import java.util.List;

/** javac's diagnostic form: {@code file:line:col: warning: [Check] message}, one line each. */
final class TextWriter {

  private TextWriter() {}

  static String write(List<Finding> findings, Path workingDirectory) {
    StringBuilder out = new StringBuilder();
    for (Finding f : findings) {
      out.append(SourceFiles.display(SourceFiles.pathOf(f.position().file()), workingDirectory))
          .append(':').append(f.position().line())
          .append(':').append(f.position().column())
          .append(": warning: [").append(f.check().checkName()).append("] ")
          .append(f.message())
          .append('\n');
    }
    if (!findings.isEmpty()) {
      out.append(findings.size()).append(findings.size() == 1 ? " warning\n" : " warnings\n");
    }
    return out.toString();
  }
}

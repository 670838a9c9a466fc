package dev.ctxcheck.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A scratch directory to run the command in, in-process, with copies of test inputs. */
final class CliSandbox {

  record Run(int exit, String out, String err) {}

  private final Path root;

  CliSandbox(Path root) {
    this.root = root;
  }

  /** Runs {@code bin/ctxcheck args} as if started in {@code workingDirectory}. */
  Run ctxcheck(Path workingDirectory, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = Main.run(args, workingDirectory, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  /** A copy of the seed scenario's sources in {@code name} under the sandbox. */
  Path copySeed(String name) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name));
    try (Stream<Path> files = Files.list(Scenario.root().resolve("seed-aio-percpu-refcount"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    return dir;
  }

  Path write(String relative, String content) throws IOException {
    Path file = root.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }
}

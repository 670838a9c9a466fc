package dev.ctxcheck.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/** The program's source files, found under the paths given on the command line. */
final class SourceFiles {

  /** A path given on the command line that cannot be analysed; the message names it. */
  static final class BadPathException extends Exception {
    BadPathException(String message) {
      super(message);
    }
  }

  private final List<Path> roots;
  private final List<Path> files;

  private SourceFiles(List<Path> roots, List<Path> files) {
    this.roots = roots;
    this.files = files;
  }

  /**
   * Every .java file under each path (a file or a directory), by its real path, in a stable order.
   * Paths are taken as given: resolve relative ones before.
   */
  static SourceFiles collect(List<Path> paths) throws BadPathException, IOException {
    List<Path> roots = new ArrayList<>();
    TreeSet<Path> files = new TreeSet<>();
    for (Path given : paths) {
      Path p = given.toAbsolutePath().normalize();
      if (!Files.exists(p)) {
        throw new BadPathException(given + ": no such file or directory");
      }
      Path real = p.toRealPath();
      roots.add(real);
      if (Files.isDirectory(real)) {
        try (Stream<Path> walk = Files.walk(real)) {
          for (Path f : (Iterable<Path>) walk::iterator) {
            if (Files.isRegularFile(f) && f.getFileName().toString().endsWith(".java")) {
              files.add(f.toRealPath()); // a link is analysed (and fixed) where it really lies
            }
          }
        }
      } else if (real.getFileName().toString().endsWith(".java")) {
        files.add(real);
      } else {
        throw new BadPathException(given + ": not a .java file or a directory");
      }
    }
    if (files.isEmpty()) {
      throw new BadPathException("no .java files under " + String.join(", ", paths.stream().map(Path::toString).toList()));
    }
    return new SourceFiles(List.copyOf(roots), List.copyOf(files));
  }

  List<Path> files() {
    return files;
  }

  /** Whether {@code file} lies under one of the paths given, the only places fixes may write. */
  boolean isInsideRoots(Path file) {
    Path p = file.toAbsolutePath().normalize();
    for (Path root : roots) {
      if (p.startsWith(root)) {
        return true;
      }
    }
    return false;
  }

  /** The path of a finding's file id (a file URI). */
  static Path pathOf(String fileId) {
    return Path.of(URI.create(fileId));
  }

  /** {@code file} relative to the working directory where it lies below it, else absolute. */
  static String display(Path file, Path workingDirectory) {
    Path abs = file.toAbsolutePath().normalize();
    return abs.startsWith(workingDirectory) ? workingDirectory.relativize(abs).toString() : abs.toString();
  }

  /** {@code path:line: message} for a problem in a file, with the path shown as {@link #display}. */
  static String problem(String file, long line, String message, Path workingDirectory) {
    if (file == null) {
      return message;
    }
    return display(Path.of(file), workingDirectory) + (line > 0 ? ":" + line : "") + ": " + message;
  }

  static String read(Path file) throws IOException {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + ": vanished during analysis", e);
    }
  }
}

package dev.ctxcheck.cli;

import com.google.errorprone.ErrorProneOptions;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.errorprone.CtxcheckOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One folder of {@code test-inputs/}: plain .java files analysed as one program, with
 * {@code // BUG: Diagnostic contains: TEXT} markers. A marker expects a diagnostic containing TEXT
 * on the next line that is not itself a marker; markers stack, one diagnostic each. A
 * {@code fixed/} folder holds the files as the fixes should leave them; an optional
 * {@code scenario.properties} gives {@code flags} (extra {@code -Xep} flags).
 */
record Scenario(String name, Path dir, List<Path> sources, List<Marker> markers, List<String> flags) {

  private static final Pattern MARKER = Pattern.compile("^\\s*// BUG: Diagnostic contains: (.*)$");

  record Marker(Path file, int line, String text) {
    @Override
    public String toString() {
      return file.getFileName() + ":" + line + ": " + text;
    }
  }

  static Path root() {
    return Path.of(System.getProperty("ctxcheck.root", "../..")).toAbsolutePath().normalize().resolve("test-inputs");
  }

  /** Every scenario, or those whose name contains {@code -Dctxcheck.scenario=TEXT}. */
  static List<Scenario> all() {
    String only = System.getProperty("ctxcheck.scenario", "");
    try (Stream<Path> dirs = Files.list(root())) {
      return dirs.filter(Files::isDirectory)
          .filter(d -> d.getFileName().toString().contains(only))
          .sorted()
          .map(Scenario::load)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The analysis options its Error Prone flags give, read as Error Prone reads them. */
  /**
   * The sources without a module declaration, for tools that compile the scenario on the class
   * path (beside the runtime, as running it needs); findings come from the scenario as written.
   */
  List<Path> classPathSources() {
    return sources.stream().filter(p -> !p.getFileName().toString().equals("module-info.java")).toList();
  }

  Config config() {
    return CtxcheckOptions.from(ErrorProneOptions.processArgs(flags).getFlags()).config();
  }

  static Scenario load(Path dir) {
    try {
      List<Path> sources;
      try (Stream<Path> files = Files.list(dir)) {
        sources = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
      }
      List<Marker> markers = new ArrayList<>();
      for (Path file : sources) {
        markers.addAll(markers(file));
      }
      List<String> flags = new ArrayList<>();
      Path props = dir.resolve("scenario.properties");
      if (Files.exists(props)) {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(props)) {
          p.load(in);
        }
        for (String f : p.getProperty("flags", "").trim().split("\\s+")) {
          if (!f.isEmpty()) {
            flags.add(f);
          }
        }
      }
      return new Scenario(dir.getFileName().toString(), dir, sources, markers, flags);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Marker> markers(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Marker> out = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i));
      if (m.matches()) {
        pending.add(m.group(1).trim());
        continue;
      }
      for (String text : pending) {
        out.add(new Marker(file, i + 1, text));
      }
      pending.clear();
    }
    if (!pending.isEmpty()) {
      throw new IllegalStateException(file + ": marker at the end of the file has no line to apply to");
    }
    return out;
  }

  Path fixedDir() {
    return dir.resolve("fixed");
  }

  @Override
  public String toString() {
    return name;
  }
}

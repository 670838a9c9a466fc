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
 * One folder of {@code test-inputs/}, in one of the two models: plain .java files analysed as one
 * program, with {@code // BUG: Diagnostic contains: TEXT} markers. A marker expects a diagnostic
 * containing TEXT on the next line that is not itself a marker; markers stack, one diagnostic each.
 * {@code // BUG[mainline]: ...} and {@code // BUG[rt]: ...} expect it in one model only (mainline, or
 * PREEMPT_RT); a plain {@code // BUG:} in both. Every scenario runs in both models. Instead of inline
 * markers for PREEMPT_RT, a scenario may list its findings there in {@code preempt-rt.txt}, one
 * {@code File.java:LINE: TEXT} per line ({@code #} starts a comment), which then are all it expects
 * in that model: this keeps the sources, their line numbers and their {@code fixed/} copies as they
 * are. A {@code fixed/}
 * folder holds the files as the fixes should leave them (mainline); an optional {@code
 * scenario.properties} gives {@code flags} (extra {@code -Xep} flags).
 */
record Scenario(String name, Path dir, List<Path> sources, List<Marker> allMarkers, List<String> flags,
    boolean rtListed, boolean preemptRt) {

  private static final Pattern MARKER =
      Pattern.compile("^\\s*// BUG(?:\\[(rt|mainline)\\])?: Diagnostic contains: (.*)$");

  /**
   * {@code model}: "rt" or "mainline" for a marker of one model, null for both; {@code listed}: from
   * {@code preempt-rt.txt}.
   */
  record Marker(Path file, int line, String text, String model, boolean listed) {
    Marker(Path file, int line, String text, String model) {
      this(file, line, text, model, false);
    }

    @Override
    public String toString() {
      return file.getFileName() + ":" + line + ": " + (model == null ? "" : "[" + model + "] ") + text;
    }

    boolean appliesTo(boolean preemptRt) {
      return model == null || model.equals(preemptRt ? "rt" : "mainline");
    }
  }

  /** The markers of this scenario's model. */
  List<Marker> markers() {
    boolean listed = preemptRt && rtListed;
    return allMarkers.stream().filter(m -> m.appliesTo(preemptRt) && (!listed || m.listed())).toList();
  }

  /** The same scenario in the PREEMPT_RT model ({@code true}) or the mainline one. */
  Scenario inModel(boolean rt) {
    return new Scenario(name, dir, sources, allMarkers, flags, rtListed, rt);
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
    return CtxcheckOptions.from(ErrorProneOptions.processArgs(flags).getFlags()).config().withPreemptRt(preemptRt);
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
      Path listed = dir.resolve(RT_LIST);
      boolean rtListed = Files.exists(listed);
      if (rtListed) {
        if (markers.stream().anyMatch(m -> "rt".equals(m.model()))) {
          throw new IllegalStateException(dir + ": both " + RT_LIST + " and // BUG[rt] markers");
        }
        markers.addAll(listedMarkers(listed, sources));
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
      return new Scenario(dir.getFileName().toString(), dir, sources, markers, flags, rtListed, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String RT_LIST = "preempt-rt.txt";
  private static final Pattern LISTED = Pattern.compile("^(\\S+\\.java):(\\d+): (.*)$");

  /** The findings {@code preempt-rt.txt} lists. */
  static List<Marker> listedMarkers(Path list, List<Path> sources) throws IOException {
    List<Marker> out = new ArrayList<>();
    List<String> lines = Files.readAllLines(list);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LISTED.matcher(line);
      if (!m.matches()) {
        throw new IllegalStateException(list + ":" + (i + 1) + ": not FILE.java:LINE: TEXT: " + line);
      }
      Path file = sources.stream().filter(f -> f.getFileName().toString().equals(m.group(1))).findFirst()
          .orElseThrow(() -> new IllegalStateException(list + ":" + m.group(1) + " is not a source of the scenario"));
      out.add(new Marker(file, Integer.parseInt(m.group(2)), m.group(3), "rt", true));
    }
    return out;
  }

  static List<Marker> markers(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    List<Marker> out = new ArrayList<>();
    List<String[]> pending = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = MARKER.matcher(lines.get(i));
      if (m.matches()) {
        pending.add(new String[] {m.group(1), m.group(2).trim()});
        continue;
      }
      for (String[] p : pending) {
        out.add(new Marker(file, i + 1, p[1], p[0]));
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
    return preemptRt ? name + " [rt]" : name;
  }
}

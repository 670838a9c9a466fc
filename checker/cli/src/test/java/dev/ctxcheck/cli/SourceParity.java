package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Source mode against the javac engine on one scenario: the same findings — site (file, line),
 * check, and message, which names the contexts and their call paths. Every difference fails unless
 * {@code test-inputs/source-mode-exceptions.txt} lists it with a reason; an entry that matches no
 * difference fails too, so the list stays true.
 */
final class SourceParity {

  /** {@code SCENARIO FILE:LINE CHECK -- REASON} */
  private static final Pattern ENTRY = Pattern.compile("^(\\S+)\\s+(\\S+):(\\d+)\\s+(\\S+)\\s+--\\s+(\\S.*)$");

  record Exception(String scenario, String file, int line, String check, String reason) {
    String site() {
      return file + ":" + line + " " + check;
    }
  }

  private SourceParity() {}

  static Path exceptionsFile() {
    return Scenario.root().resolve("source-mode-exceptions.txt");
  }

  static List<Exception> exceptions() {
    List<Exception> out = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(exceptionsFile());
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        Matcher m = ENTRY.matcher(line);
        if (!m.matches()) {
          throw new IllegalStateException(exceptionsFile() + ":" + (i + 1) + ": not SCENARIO FILE:LINE CHECK -- REASON");
        }
        out.add(new Exception(m.group(1), m.group(2), Integer.parseInt(m.group(3)), m.group(4), m.group(5)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Fails with every difference that the exceptions file does not list. */
  static void check(Scenario scenario, List<Finding> javac) throws IOException {
    SourceAnalyzer.Result source = SourceAnalyzer.analyze(scenario.sources(), List.of(), scenario.config());
    if (!source.problems().isEmpty()) {
      fail(scenario + ": source mode could not parse it: " + source.problems());
    }
    Map<String, List<String>> javacBySite = bySite(javac);
    Map<String, List<String>> sourceBySite = bySite(source.findings());
    Map<String, String> differences = new LinkedHashMap<>();
    for (String site : union(javacBySite, sourceBySite)) {
      List<String> a = javacBySite.getOrDefault(site, List.of());
      List<String> b = sourceBySite.getOrDefault(site, List.of());
      if (!a.equals(b)) {
        differences.put(site, "\n    javac:  " + a + "\n    source: " + b);
      }
    }
    // A call left unresolved is a gap even where the findings agree: list it (check "unresolved") or fix it.
    for (SourceAnalyzer.Unresolved u : source.unresolved()) {
      differences.putIfAbsent(Path.of(u.file()).getFileName() + ":" + u.line() + " unresolved", ": " + u.what());
    }
    List<String> errors = new ArrayList<>();
    List<Exception> listed = exceptions().stream().filter(e -> e.scenario().equals(scenario.name())).toList();
    for (Map.Entry<String, String> d : differences.entrySet()) {
      if (listed.stream().noneMatch(e -> e.site().equals(d.getKey()))) {
        errors.add(d.getKey() + d.getValue());
      }
    }
    for (Exception e : listed) {
      if (!differences.containsKey(e.site())) {
        errors.add("listed in " + exceptionsFile().getFileName() + " but no longer different: " + e.site());
      }
    }
    if (!errors.isEmpty()) {
      fail(scenario + ": source mode differs from javac:\n  " + String.join("\n  ", errors));
    }
  }

  private static List<String> union(Map<String, List<String>> a, Map<String, List<String>> b) {
    TreeMap<String, Boolean> all = new TreeMap<>();
    a.keySet().forEach(k -> all.put(k, true));
    b.keySet().forEach(k -> all.put(k, true));
    return new ArrayList<>(all.keySet());
  }

  /** Findings by {@code File.java:LINE CHECK}, each as its message, in order. */
  private static Map<String, List<String>> bySite(List<Finding> findings) {
    Map<String, List<String>> out = new TreeMap<>();
    for (Finding f : findings) {
      String file = SourceFiles.pathOf(f.position().file()).getFileName().toString();
      out.computeIfAbsent(file + ":" + f.position().line() + " " + f.check().checkName(), k -> new ArrayList<>())
          .add(f.message());
    }
    out.values().forEach(l -> l.sort(null));
    return out;
  }
}

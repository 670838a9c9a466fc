package dev.ctxcheck.bench.gen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The generator's record of a corpus: its parameters, its size and the findings ctxcheck must
 * report, as a tab-separated file that is easy to read back and to diff:
 *
 * <pre>
 * # key=value lines (seed, target, lines, files, packages, counts...)
 * file TAB line TAB check TAB scenario
 * </pre>
 */
public final class Manifest {

  public final Map<String, String> properties;
  public final List<CorpusGenerator.Expected> expected;

  public Manifest(Map<String, String> properties, List<CorpusGenerator.Expected> expected) {
    this.properties = properties;
    this.expected = expected;
  }

  public static Manifest of(CorpusGenerator.Options o, CorpusGenerator.Result r) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("generator", CorpusGenerator.VERSION);
    p.put("seed", Long.toString(o.seed()));
    p.put("targetLines", Long.toString(o.targetLines()));
    p.put("lines", Long.toString(r.lines()));
    p.put("files", Integer.toString(r.files()));
    p.put("packages", Integer.toString(r.packages()));
    r.counts().forEach((k, v) -> p.put("count." + k, Long.toString(v)));
    return new Manifest(p, r.expected());
  }

  public long lines() {
    return Long.parseLong(properties.get("lines"));
  }

  public void write(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    properties.forEach((k, v) -> out.add("# " + k + "=" + v));
    for (CorpusGenerator.Expected e : expected) {
      out.add(e.file() + "\t" + e.line() + "\t" + e.check() + "\t" + e.scenario());
    }
    Files.write(file, out, StandardCharsets.UTF_8);
  }

  public static Manifest read(Path file) throws IOException {
    Map<String, String> p = new LinkedHashMap<>();
    List<CorpusGenerator.Expected> expected = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.startsWith("# ")) {
        int eq = line.indexOf('=');
        p.put(line.substring(2, eq), line.substring(eq + 1));
      } else if (!line.isBlank()) {
        String[] f = line.split("\t", 4);
        expected.add(new CorpusGenerator.Expected(f[0], Integer.parseInt(f[1]), f[2], f.length > 3 ? f[3] : ""));
      }
    }
    return new Manifest(p, expected);
  }
}

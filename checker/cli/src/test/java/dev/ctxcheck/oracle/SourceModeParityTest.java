package dev.ctxcheck.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxcheck.cli.Analyzer;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import dev.ctxcheck.oracle.Model.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Source mode against the javac engine on the oracle's generated programs: for each batch, both
 * engines analyse the same files and must report the same findings (file, line, check, message).
 * System properties: {@code sourceparity.programs} (default {@value #DEFAULT_PROGRAMS}),
 * {@code oracle.seed} as for {@link OracleComparisonTest}.
 */
class SourceModeParityTest {

  static final int DEFAULT_PROGRAMS = 400;
  static final int BATCH = 40;

  @TempDir
  Path dir;

  @Test
  void sourceModeFindsWhatJavacFinds() throws IOException {
    int programs = Integer.getInteger("sourceparity.programs", DEFAULT_PROGRAMS);
    long master = Comparison.parseSeed(System.getProperty("oracle.seed",
        String.valueOf(OracleComparisonTest.DEFAULT_SEED)));
    List<Program> all = new ArrayList<>();
    HandWritten.all().forEach(c -> all.add(c.program()));
    for (int i = 0; i < programs; i++) {
      all.add(ProgramGenerator.generate(ProgramGenerator.programSeed(master, i), "p" + i));
    }
    List<String> differences = new ArrayList<>();
    int findings = 0;
    for (int from = 0; from < all.size(); from += BATCH) {
      List<Program> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      List<Path> sources = new ArrayList<>();
      TreeMap<String, Program> byFile = new TreeMap<>();
      for (Program p : batch) {
        Path file = dir.resolve(p.pkg()).resolve(JavaRenderer.CLASS + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, JavaRenderer.render(p).source());
        sources.add(file);
        byFile.put(file.toUri().toString(), p);
      }
      Analyzer.Result javac = new Analyzer().analyze(sources, List.of(), Config.DEFAULT);
      assertTrue(javac.problems().isEmpty(), () -> "generated programs do not compile: " + javac.problems());
      SourceAnalyzer.Result source = SourceAnalyzer.analyze(sources, List.of(), Config.DEFAULT);
      assertTrue(source.problems().isEmpty() && source.unresolved().isEmpty(),
          () -> "source mode left something out: " + source.problems() + source.unresolved());
      List<String> a = render(javac.findings(), byFile);
      List<String> b = render(source.findings(), byFile);
      findings += a.size();
      if (!a.equals(b)) {
        List<String> onlyJavac = new ArrayList<>(a);
        onlyJavac.removeAll(b);
        List<String> onlySource = new ArrayList<>(b);
        onlySource.removeAll(a);
        onlyJavac.forEach(f -> differences.add("javac only:  " + f));
        onlySource.forEach(f -> differences.add("source only: " + f));
      }
      for (Path s : sources) {
        Files.delete(s);
        Files.delete(s.getParent());
      }
    }
    System.out.println("source-mode parity: " + all.size() + " programs, " + findings + " findings, "
        + differences.size() + " differences");
    if (!differences.isEmpty()) {
      fail(differences.size() + " differences:\n  " + String.join("\n  ", differences.subList(0,
          Math.min(20, differences.size()))));
    }
  }

  /** {@code seed:line [Check] message}, in the engines' order. */
  private static List<String> render(List<Finding> findings, TreeMap<String, Program> byFile) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      Program p = byFile.get(f.position().file());
      String where = p == null ? f.position().file() : Comparison.seedText(p.seed());
      out.add(where + ":" + f.position().line() + " [" + f.check().checkName() + "] " + f.message());
    }
    return out;
  }
}

package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** For each scenario with a {@code fixed/} folder, {@code --fix} writes exactly those files. */
class FixedScenariosTest {

  @TempDir Path tmp;

  static Stream<Scenario> scenarios() {
    List<Scenario> withFixes = Scenario.all().stream().filter(s -> Files.isDirectory(s.fixedDir())).toList();
    assertFalse(withFixes.isEmpty(), "no scenario has a fixed/ folder");
    return withFixes.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void fixGivesTheFixedFiles(Scenario scenario) throws Exception {
    Path copy = Files.createDirectories(tmp.resolve(scenario.name()));
    for (Path source : scenario.sources()) {
      Files.copy(source, copy.resolve(source.getFileName()));
    }
    StringWriter err = new StringWriter();
    int exit = Main.run(new String[] {"--fix", copy.toString()}, tmp, new PrintWriter(new StringWriter()),
        new PrintWriter(err));
    assertEquals(Main.FINDINGS, exit, err.toString());
    for (Path source : scenario.sources()) {
      Path expected = scenario.fixedDir().resolve(source.getFileName());
      String want = Files.exists(expected) ? Files.readString(expected) : Files.readString(source);
      assertEquals(want, Files.readString(copy.resolve(source.getFileName())), source.getFileName().toString());
    }
  }

  /**
   * The fixed files compile and, analysed again by each engine, need no further fix: every finding
   * a fix was applied for is gone (what is left has no fix, e.g. against an NMI writer).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void fixedFilesNeedNoFurtherFix(Scenario scenario) throws Exception {
    for (String engine : List.of("javac", "source")) {
      Path copy = Files.createDirectories(tmp.resolve(scenario.name() + "-" + engine));
      for (Path source : scenario.sources()) {
        Path fixed = scenario.fixedDir().resolve(source.getFileName());
        Files.copy(Files.exists(fixed) ? fixed : source, copy.resolve(source.getFileName()));
      }
      StringWriter err = new StringWriter();
      int exit = Main.run(new String[] {"--fix", "--engine=" + engine, copy.toString()}, tmp,
          new PrintWriter(new StringWriter()), new PrintWriter(err));
      assertTrue(exit == 0 || exit == Main.FINDINGS, engine + ": " + err);
      for (Path source : scenario.sources()) {
        Path fixed = scenario.fixedDir().resolve(source.getFileName());
        String want = Files.readString(Files.exists(fixed) ? fixed : source);
        assertEquals(want, Files.readString(copy.resolve(source.getFileName())),
            engine + " fixed " + source.getFileName() + " again");
      }
    }
  }
}

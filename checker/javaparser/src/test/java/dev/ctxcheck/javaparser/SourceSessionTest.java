package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.engine.analysis.Check;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.javaparser.SourceAnalyzer.Input;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The incremental source mode: after every edit a session's run must give what a whole-program run
 * of the same texts gives, while parsing and extracting only what the edit can change.
 */
class SourceSessionTest {

  private final SourceSession session = newSession();
  private final Map<String, String> texts = new LinkedHashMap<>();

  private static SourceSession newSession() {
    try {
      return new SourceSession(List.of());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() throws IOException {
    session.close();
  }

  private static final String STATS = """
      package d;
      import dev.ctxcheck.percpu.PerCpuLong;
      class Stats {
        static final PerCpuLong X = new PerCpuLong();
      }
      """;

  /** Two overloads, one non-atomic: which one a call in another file runs depends on their parameters. */
  private static final String LIB = """
      package d;
      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
      import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
      class Lib {
        static void count(short n) { __this_cpu_inc(Stats.X); }
        static void count(long n) { this_cpu_inc(Stats.X); }
      }
      """;

  private static final String USERS = """
      package d;
      import dev.ctxcheck.annotations.*;
      class Users {
        @ProcessContext static void process() { Lib.count(1); }
        @SoftirqContext static void softirq() { Lib.count(1); }
      }
      """;

  @Test
  void aChangedParameterTypeReResolvesTheCallsOfOtherFiles() {
    put("Stats.java", STATS);
    put("Lib.java", LIB);
    put("Users.java", USERS);
    assertEquals(List.of(), run());

    // count(1) now picks count(int), the non-atomic one: the calls in Users.java must follow.
    put("Lib.java", LIB.replace("count(short n)", "count(int n)"));
    List<Finding> findings = run();
    assertEquals(2, findings.size(), findings.toString());
    assertTrue(findings.get(0).position().file().endsWith("Lib.java"), findings.toString());
    SourceSession.Work work = session.lastWork();
    assertEquals(1, work.parsed());
    assertEquals(2, work.extracted(), "Lib.java and Users.java, which calls count; not Stats.java");
    assertFalse(work.everyFile());

    put("Lib.java", LIB);
    assertEquals(List.of(), run());
  }

  @Test
  void aBodyEditReExtractsOnlyTheEditedFile() {
    put("Stats.java", STATS);
    put("Lib.java", LIB.replace("count(short n)", "count(int n)"));
    put("Users.java", USERS);
    assertEquals(2, run().size());
    put("Lib.java", LIB.replace("count(short n)", "count(int n)").replace("{ __this_cpu_inc", "{ this_cpu_inc"));
    assertEquals(List.of(), run());
    SourceSession.Work edited = session.lastWork();
    assertEquals(List.of(3, 1, 1, false), List.of(edited.files(), edited.parsed(), edited.extracted(),
        edited.everyFile()));
    // Nothing changed: nothing parsed or extracted, the same findings, every method's masks kept.
    assertEquals(List.of(), run());
    SourceSession.Work same = session.lastWork();
    assertEquals(List.of(3, 0, 0, false), List.of(same.files(), same.parsed(), same.extracted(), same.everyFile()));
    // After the edit, the methods of Users.java and Stats.java kept their mask analysis, Lib.java's
    // (its methods and the operations it was first to call) were analysed again; then none was.
    int methods = session.analyze(inputs(), List.of(), Config.DEFAULT, () -> false).result().stats().methods();
    assertEquals(methods, same.methodsReused(), same.toString());
    assertTrue(edited.methodsReused() > 0 && edited.methodsReused() <= methods - 2, edited.toString());
  }

  private static final String BASE = """
      package d;
      class Base {
        static void helper() { }
      }
      """;

  private static final String SUB = """
      package d;
      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
      class Sub extends Base {
      }
      """;

  @Test
  void aMethodAddedThatHidesAnInheritedOneTakesOverOtherFilesCalls() {
    put("Stats.java", STATS);
    put("Base.java", BASE);
    put("Sub.java", SUB);
    put("Users.java", USERS.replace("Lib.count(1)", "Sub.helper()"));
    assertEquals(List.of(), run());

    put("Sub.java", SUB.replace("extends Base {", "extends Base {\n  static void helper() { __this_cpu_inc(Stats.X); }"));
    List<Finding> findings = run();
    assertEquals(2, findings.size(), findings.toString());
    assertTrue(findings.get(0).position().file().endsWith("Sub.java"), findings.toString());

    // The method removed again: the calls go back to Base.helper.
    put("Sub.java", SUB);
    assertEquals(List.of(), run());
  }

  @Test
  void aNewSupertypeChangesWhatOtherFilesCallsRun() {
    put("Stats.java", STATS);
    put("Base.java", BASE);
    put("Racy.java", BASE.replace("class Base", "class Racy")
        .replace("{ }", "{ dev.ctxcheck.percpu.PerCpu.__this_cpu_inc(Stats.X); }"));
    put("Sub.java", SUB);
    put("Users.java", USERS.replace("Lib.count(1)", "Sub.helper()"));
    assertEquals(List.of(), run());

    put("Sub.java", SUB.replace("extends Base", "extends Racy"));
    assertEquals(2, run().size());
    assertTrue(session.lastWork().everyFile(), "a type's header changed");
  }

  @Test
  void anAnnotationAddedInOneFileReportsInAnother() {
    put("Stats.java", STATS);
    put("Lib.java", LIB.replace("count(short n)", "count(int n)"));
    put("Users.java", USERS.replace("@SoftirqContext ", ""));
    List<Finding> processOnly = run();
    assertEquals(List.of(Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE), processOnly.stream().map(Finding::check).toList());
    put("Users.java", USERS);
    List<Finding> both = run();
    assertEquals(2, both.size());
    assertTrue(both.stream().anyMatch(f -> f.check() == Check.NON_ATOMIC_PER_CPU_UPDATE), both.toString());
  }

  @Test
  void filesJoinAndLeaveTheProgram() {
    put("Stats.java", STATS);
    put("Lib.java", LIB.replace("count(short n)", "count(int n)"));
    assertEquals(List.of(), run());
    put("Users.java", USERS);
    assertEquals(2, run().size());
    texts.remove("Users.java");
    assertEquals(List.of(), run());
    texts.remove("Stats.java");
    run(); // Stats.X unresolved now, as in a whole-program run
    assertTrue(session.lastWork().everyFile(), "a type removed");
  }

  @Test
  void brokenCodeKeepsWhatParsesAndTheOtherFilesFindings() {
    put("Stats.java", STATS);
    put("Lib.java", LIB.replace("count(short n)", "count(int n)"));
    put("Users.java", USERS);
    assertEquals(2, run().size());
    // Half-typed, in a file of its own: the others' findings stay.
    put("Typing.java", "package d; class Typing { void typing() { int x = ");
    assertEquals(2, run().size());
    // Half-typed at the end of a file with callers: what comes before it is kept.
    put("Users.java", USERS.replace("\n}\n", "\n  void typing() { Lib.count(\n}\n"));
    assertEquals(2, run().size());
    put("Lib.java", "package d; class Lib { static void count(int n) { dev.ctxcheck.percpu.PerCpu.__this_cpu_inc(");
    run();
    put("Lib.java", LIB.replace("count(short n)", "count(int n)"));
    assertEquals(2, run().size());
  }

  @Test
  void aCancelledRunLeavesTheSessionAsItWas() {
    put("Stats.java", STATS);
    put("Lib.java", LIB);
    put("Users.java", USERS);
    assertEquals(List.of(), run());
    put("Lib.java", LIB.replace("count(short n)", "count(int n)"));
    assertThrows(CancellationException.class,
        () -> session.analyze(inputs(), List.of(), Config.DEFAULT, () -> true));
    assertEquals(2, run().size());
    assertEquals(2, session.lastWork().extracted());
  }

  /**
   * Every scenario of test-inputs, edited file by file in ways that change what is reported (an
   * update made atomic or non-atomic, the context annotations dropped, a method's parameters
   * changed, code cut short): after every edit, and after undoing it, the session gives exactly
   * what a whole-program run gives.
   */
  @Test
  void everyScenarioEditedFileByFileMatchesAWholeProgramRun() throws IOException {
    Path inputs = Path.of(System.getProperty("ctxcheck.root", "../..")).toAbsolutePath().normalize()
        .resolve("test-inputs");
    List<Path> scenarios;
    try (Stream<Path> list = Files.list(inputs)) {
      scenarios = list.filter(Files::isDirectory).sorted().toList();
    }
    assertTrue(scenarios.size() > 30, "test-inputs: " + scenarios);
    int edits = 0;
    for (Path scenario : scenarios) {
      List<Path> sources;
      try (Stream<Path> walk = Files.walk(scenario)) {
        sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
      }
      try (SourceSession scenarioSession = new SourceSession(List.of())) {
        Map<String, String> program = new LinkedHashMap<>();
        for (Path source : sources) {
          program.put(scenario.relativize(source).toString(), Files.readString(source));
        }
        assertSameAsWholeProgram(scenario + ": as written", scenarioSession, program);
        for (String file : List.copyOf(program.keySet())) {
          String original = program.get(file);
          for (String edited : edits(original)) {
            program.put(file, edited);
            assertSameAsWholeProgram(scenario + ": " + file + " edited to\n" + edited, scenarioSession, program);
            edits++;
          }
          program.put(file, original);
          assertSameAsWholeProgram(scenario + ": " + file + " back as written", scenarioSession, program);
        }
      }
    }
    assertTrue(edits > 200, "edits: " + edits);
  }

  private static List<String> edits(String text) {
    List<String> out = new ArrayList<>();
    out.add(text.contains("__this_cpu_") ? text.replaceFirst("__this_cpu_", "this_cpu_")
        : text.replaceFirst("(?<![_\\w])this_cpu_", "__this_cpu_"));
    out.add(text.replaceAll("@(Process|Softirq|Hardirq|Nmi)Context(\\([^)]*\\))?", ""));
    out.add(text.replaceFirst("\\(\\)\\s*\\{", "(int added) {"));
    out.add(text.replaceFirst("static", "").replaceFirst("void (\\w+)\\(", "void $1_renamed("));
    int cut = text.indexOf('{', text.indexOf('{') + 1);
    if (cut > 0) {
      out.add(text.substring(0, cut + 1) + " int x = ");
    }
    out.removeIf(text::equals);
    return out;
  }

  private static void assertSameAsWholeProgram(String what, SourceSession session, Map<String, String> program)
      throws IOException {
    List<Input> inputs = new ArrayList<>();
    program.forEach((file, text) -> inputs.add(new Input("file:///" + file, file, text)));
    SourceAnalyzer.Result whole = SourceAnalyzer.analyzeTexts(inputs, List.of(), Config.DEFAULT);
    SourceAnalyzer.Result incremental = session.analyze(inputs, List.of(), Config.DEFAULT, () -> false).result();
    assertEquals(whole.findings(), incremental.findings(), what);
    assertEquals(whole.problems(), incremental.problems(), what);
    assertEquals(whole.unresolved(), incremental.unresolved(), what);
    assertEquals(whole.stats().methods(), incremental.stats().methods(), what);
  }

  private void put(String file, String text) {
    texts.put(file, text);
  }

  private List<Input> inputs() {
    List<Input> inputs = new ArrayList<>();
    texts.forEach((file, text) -> inputs.add(new Input("file:///d/" + file, "d/" + file, text)));
    return inputs;
  }

  /** A session run, checked against a whole-program run of the same texts. */
  private List<Finding> run() {
    try {
      List<Finding> findings = session.analyze(inputs(), List.of(), Config.DEFAULT, () -> false).result().findings();
      assertEquals(SourceAnalyzer.analyzeTexts(inputs(), List.of(), Config.DEFAULT).findings(), findings,
          "a whole-program run of the same texts");
      return findings;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}

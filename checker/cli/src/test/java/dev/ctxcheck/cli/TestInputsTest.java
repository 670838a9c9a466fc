package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxcheck.engine.analysis.Finding;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every scenario of {@code test-inputs/}, in the mainline and the PREEMPT_RT model, through the
 * javac + Error Prone front end: each
 * marker must meet a diagnostic on its line that contains its text, and every diagnostic must meet
 * a marker. Each scenario also runs through the source front end (JavaParser), whose findings must
 * be javac's (see {@link SourceParity}).
 */
class TestInputsTest {

  /** Every scenario in both models, mainline first. */
  static Stream<Scenario> scenarios() {
    List<Scenario> all = Scenario.all();
    assertFalse(all.isEmpty(), "no scenarios under " + Scenario.root());
    return all.stream().flatMap(s -> Stream.of(s, s.inModel(true)));
  }

  /** javac's result per scenario, shared by the marker check and the source-mode comparison. */
  private static final Map<String, Analyzer.Result> JAVAC = new ConcurrentHashMap<>();

  static Analyzer.Result javac(Scenario scenario) throws Exception {
    Analyzer.Result cached = JAVAC.get(scenario.toString());
    if (cached == null) {
      cached = new Analyzer().analyze(scenario.sources(), List.of(), scenario.config());
      JAVAC.put(scenario.toString(), cached);
    }
    return cached;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void findingsMatchMarkers(Scenario scenario) throws Exception {
    Analyzer.Result result = javac(scenario);
    assertTrue(result.problems().isEmpty(), scenario + " does not compile: " + result.problems());
    List<String> errors = compare(scenario.markers(), result.findings());
    if (!errors.isEmpty()) {
      fail(scenario + ":\n  " + String.join("\n  ", errors));
    }
  }

  /** The source engine finds what javac finds, but for the differences listed in source-mode-exceptions.txt. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void sourceModeAgreesWithJavac(Scenario scenario) throws Exception {
    Analyzer.Result result = javac(scenario);
    assertTrue(result.problems().isEmpty(), scenario + " does not compile: " + result.problems());
    SourceParity.check(scenario, result.findings());
  }

  /**
   * Every finding points editors at the name it is about: the method name of the call, or the
   * reported method's name (a constructor's class name, a lambda's arrow) — in both engines.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void findingsCarryTheRangeOfTheReportedName(Scenario scenario) throws Exception {
    List<Finding> all = new ArrayList<>(javac(scenario).findings());
    all.addAll(dev.ctxcheck.javaparser.SourceAnalyzer.analyze(scenario.sources(), List.of(),
        scenario.config()).findings());
    for (Finding f : all) {
      assertTrue(f.nameRange() != null, scenario + ": no name range: " + render(f));
      String text = java.nio.file.Files.readString(SourceFiles.pathOf(f.position().file()))
          .substring(f.nameRange().start(), f.nameRange().end());
      if (text.matches("[-+*/%&|^<>]*=|\\+\\+|--")) {
        // A field update: its operator, in the update the message quotes before naming the variable.
        String update = f.message().substring(0, f.message().indexOf(" on "));
        assertTrue(update.contains(text) && update.contains("."), scenario + ": " + render(f));
        continue;
      }
      String subject = f.message().substring(0, f.message().indexOf(f.check().checkName().equals("ContextMaskImbalance")
          ? ' ' : '('));
      String expected = subject.startsWith("lambda@") ? "->" : subject.startsWith("new") ? "new" : subject;
      if (expected.equals("new")) {
        expected = f.message().substring(4, f.message().indexOf(' ', 4));
      }
      org.junit.jupiter.api.Assertions.assertEquals(expected, text, scenario + ": " + render(f));
    }
  }

  /** Pairs markers with findings; returns what is missing or unexpected. */
  static List<String> compare(List<Scenario.Marker> markers, List<Finding> findings) {
    List<Finding> unmatched = new ArrayList<>(findings);
    List<String> errors = new ArrayList<>();
    for (Scenario.Marker m : markers) {
      Iterator<Finding> it = unmatched.iterator();
      boolean met = false;
      while (it.hasNext()) {
        Finding f = it.next();
        if (isAt(f, m.file(), m.line()) && render(f).contains(m.text())) {
          it.remove();
          met = true;
          break;
        }
      }
      if (!met) {
        List<String> onLine = findings.stream().filter(f -> isAt(f, m.file(), m.line())).map(TestInputsTest::render).toList();
        errors.add("missing: " + m + (onLine.isEmpty() ? " (nothing reported on that line)" : "\n    reported there: " + onLine));
      }
    }
    for (Finding f : unmatched) {
      errors.add("unexpected: " + SourceFiles.pathOf(f.position().file()).getFileName() + ":" + f.position().line()
          + ": " + render(f));
    }
    return errors;
  }

  static boolean isAt(Finding f, Path file, int line) {
    return SourceFiles.pathOf(f.position().file()).equals(file.toAbsolutePath().normalize())
        && f.position().line() == line;
  }

  static String render(Finding f) {
    return "[" + f.check().checkName() + "] " + f.message();
  }
}

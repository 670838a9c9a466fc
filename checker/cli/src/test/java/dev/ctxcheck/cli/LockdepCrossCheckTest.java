package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Trace;
import dev.ctxcheck.percpu.Lockdep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runtime twin against the checker (SPEC §2.8, issue 12): each {@code test-inputs} scenario is
 * compiled and run by {@link ScenarioDriver} on the simulated runtime, every entry point in each of
 * its contexts and every registered callback in its registered context, and Lockdep's reports are
 * held against the checker's static findings for the same scenario.
 *
 * <ul>
 *   <li><b>Lockdep ⊆ checker</b>: every report (a variable, a non-atomic update in context C, an
 *       update in a context C' that can interrupt it) is explained by a {@code NonAtomicPerCpuUpdate}
 *       finding at a frame of the non-atomic update's stack (its site, or the call of a {@code __foo}
 *       wrapper around it) that names C among the site's contexts and C' among its contexts or
 *       interrupters. A report the checker misses is a false negative of the checker: it fails the
 *       test unless listed as {@code checker-misses}, with what the checker gets wrong.
 *   <li><b>The run covers the paths</b>: every call of a runtime update in the scenario executes,
 *       and every finding is reproduced in each context it names for its site, except for the
 *       differences listed, with their reasons, in {@code test-inputs/lockdep-crosscheck.txt}
 *       (an entry that matches no difference fails the test, so the list holds only real ones).
 * </ul>
 *
 * <p>{@code PerCpuUpdateInPreemptibleCode} and {@code ContextMaskImbalance} are not compared: their
 * runtime twins are CONFIG_DEBUG_PREEMPT and the runtime's mask bookkeeping, not Lockdep.
 */
class LockdepCrossCheckTest {

  private static final Path EXCEPTIONS = Scenario.root().resolve("lockdep-crosscheck.txt");
  private static final Pattern ENTRY =
      Pattern.compile("^(\\S+)\\s+(?:(\\S+:\\d+)\\s+)?"
          + "(checker-misses|unreproduced|unexecuted|not-runnable)\\s+--\\s+(.+)$");
  private static final String CHECK = "NonAtomicPerCpuUpdate";

  /** One listed difference: {@code SCENARIO [FILE:LINE] KIND -- REASON}. */
  record Listed(String scenario, String site, String kind, String reason) {
    String key() {
      return scenario + " " + (site == null ? "" : site + " ") + kind;
    }
  }

  @TempDir Path tmp;

  static Stream<Scenario> scenarios() {
    List<Scenario> all = Scenario.all();
    assertFalse(all.isEmpty(), "no scenarios under " + Scenario.root());
    return all.stream();
  }

  static Map<String, Listed> listed() {
    Map<String, Listed> out = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(EXCEPTIONS)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        Matcher m = ENTRY.matcher(line.trim());
        assertTrue(m.matches(), EXCEPTIONS + ": not SCENARIO [FILE:LINE] KIND -- REASON: " + line);
        Listed e = new Listed(m.group(1), m.group(2), m.group(3), m.group(4));
        assertTrue((e.site() == null) == e.kind().equals("not-runnable"), EXCEPTIONS + ": " + line);
        assertTrue(out.put(e.key(), e) == null, EXCEPTIONS + ": listed twice: " + line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  @Test
  void everyListedScenarioExists() throws IOException {
    Set<String> names;
    try (Stream<Path> dirs = Files.list(Scenario.root())) {
      names = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).collect(Collectors.toSet());
    }
    for (Listed e : listed().values()) {
      assertTrue(names.contains(e.scenario()), EXCEPTIONS + " names no scenario: " + e.scenario());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void lockdepReportsASubsetOfTheStaticFindings(Scenario scenario) throws Exception {
    Map<String, Listed> listed = new LinkedHashMap<>();
    listed().forEach((k, v) -> {
      if (v.scenario().equals(scenario.name())) {
        listed.put(k, v);
      }
    });
    if (listed.containsKey(scenario.name() + " not-runnable")) {
      return; // said why in the list; nothing of it is compared
    }
    Analyzer.Result analysis = staticFindings(scenario);
    assertTrue(analysis.problems().isEmpty(), scenario + " does not compile: " + analysis.problems());
    List<Finding> findings = analysis.findings().stream().filter(f -> f.check().checkName().equals(CHECK)).toList();

    ScenarioProgram program = ScenarioProgram.compile(scenario, tmp.resolve("classes"));
    assertTrue(program.notRunnable().isEmpty(),
        scenario + " cannot be run (list it as not-runnable with the reason): " + program.notRunnable());
    assertTrue(ScenarioDriver.DEBUG_PREEMPT_OFF, "the percpu runtime started with CONFIG_DEBUG_PREEMPT on before"
        + " this test could switch it off: another test on this JVM used it first");
    ScenarioDriver.Result run =
        assertTimeoutPreemptively(Duration.ofMinutes(2), () -> new ScenarioDriver(12, 80, 1).run(program));

    List<String> errors = new ArrayList<>();
    Set<String> differences = new LinkedHashSet<>();
    for (Lockdep.Report r : run.reports()) {
      if (findings.stream().noneMatch(f -> explains(f, r))) {
        StackTraceElement site = r.nonAtomic().site();
        String key = scenario.name() + " " + site.getFileName() + ":" + site.getLineNumber() + " checker-misses";
        differences.add(key);
        if (!listed.containsKey(key)) {
          errors.add("Lockdep reports what the checker does not:\n" + indent(r.toString()));
        }
      }
    }
    for (Finding f : findings) {
      for (String context : contexts(f, Trace.Role.SITE)) {
        boolean reproduced = run.reports().stream()
            .anyMatch(r -> explains(f, r) && r.nonAtomic().context().name().equals(context));
        if (!reproduced) {
          String key = scenario.name() + " " + site(f) + " unreproduced";
          differences.add(key);
          if (!listed.containsKey(key)) {
            errors.add("not reproduced in " + context + ": " + site(f) + ": " + f.message());
          }
        }
      }
    }
    for (ScenarioProgram.Site s : program.updateSites()) {
      boolean executed = run.usages().values().stream().flatMap(List::stream)
          .anyMatch(u -> u.site() != null && s.file().equals(u.site().getFileName())
              && s.line() == u.site().getLineNumber());
      if (!executed) {
        String key = scenario.name() + " " + s.file() + ":" + s.line() + " unexecuted";
        differences.add(key);
        if (!listed.containsKey(key)) {
          errors.add("never executed: " + s);
        }
      }
    }
    for (String key : listed.keySet()) {
      if (!differences.contains(key)) {
        errors.add(EXCEPTIONS.getFileName() + " lists a difference that does not exist: " + key);
      }
    }
    if (!errors.isEmpty()) {
      fail(scenario + ":\n  " + String.join("\n  ", errors)
          + "\n  (what invocations threw, for diagnosis: " + run.failures().size() + " kinds)\n    "
          + run.failures().stream().limit(20).collect(Collectors.joining("\n    ")));
    }
  }

  /**
   * What the checker finds in the scenario. Where the scenario suppresses findings with {@code
   * @SuppressWarnings}, Error Prone is told to ignore the suppressions: Lockdep has none, and what
   * it is held against is what the checker finds, not what a user chose to silence.
   */
  private static Analyzer.Result staticFindings(Scenario scenario) throws Exception {
    boolean suppresses = false;
    for (Path source : scenario.sources()) {
      suppresses |= Files.readString(source).contains("@SuppressWarnings");
    }
    if (!suppresses) {
      return TestInputsTest.javac(scenario);
    }
    return new Analyzer().analyze(scenario.sources(), List.of(), scenario.config(),
        List.of("-XepIgnoreSuppressionAnnotations"));
  }

  /**
   * Whether finding {@code f} explains report {@code r}: it stands at a frame of the non-atomic
   * update's stack, names the update's context among its site's, and the interrupter's among all.
   */
  static boolean explains(Finding f, Lockdep.Report r) {
    Path file = SourceFiles.pathOf(f.position().file()).getFileName();
    boolean atAFrame = r.nonAtomic().stack().stream()
        .anyMatch(frame -> file.toString().equals(frame.getFileName()) && frame.getLineNumber() == f.position().line())
        || updatesTheStructure(f, r);
    return atAFrame
        && contexts(f, Trace.Role.SITE).contains(r.nonAtomic().context().name())
        && (contexts(f, Trace.Role.SITE).contains(r.interrupting().context().name())
            || contexts(f, Trace.Role.INTERRUPTER).contains(r.interrupting().context().name()));
  }

  /**
   * For a per-CPU structure, Lockdep sees the {@code this_cpu_ptr}/{@code get_cpu_ptr} access, not
   * the field updates that follow it (SPEC §2.8): its report is about the allocation. A finding on a
   * field update explains it when the finding's variable is a field of that allocation, which the
   * checker identifies by the field that holds it, declared in the class whose code allocated it.
   */
  private static boolean updatesTheStructure(Finding f, Lockdep.Report r) {
    if (!r.variable().startsWith("PerCpuPtr") || r.allocatedAt() == null) {
      return false;
    }
    String frame = r.allocatedAt().replaceAll("\\(.*$", "");
    String allocatingClass = frame.substring(0, Math.max(0, frame.lastIndexOf('.')));
    return f.subject().variables().stream().anyMatch(v -> v.startsWith(allocatingClass + "#") && v.contains("/"));
  }

  private static Set<String> contexts(Finding f, Trace.Role role) {
    return f.traces().stream().filter(t -> t.role() == role).map(t -> t.context().name())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  private static String site(Finding f) {
    return SourceFiles.pathOf(f.position().file()).getFileName() + ":" + f.position().line();
  }

  private static String indent(String text) {
    return text.lines().map(l -> "    " + l).collect(Collectors.joining("\n"));
  }
}

package dev.ctxcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.javac.util.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the checks behave in a build: flags, suppression, compile policy, and their own failures. */
class BuildIntegrationTest {

  @TempDir Path tmp;

  private static final String RACY = """
      package drv;
      import static dev.ctxcheck.percpu.PerCpu.*;
      import dev.ctxcheck.annotations.*;
      import dev.ctxcheck.percpu.PerCpuLong;
      class Drv {
        static final PerCpuLong EVENTS = new PerCpuLong();
        @SoftirqContext static void poll() { __this_cpu_inc(EVENTS); }
        @HardirqContext static void irq() { this_cpu_inc(EVENTS); }
      }
      """;

  private Compiler.Outcome compile(String source, String... args) throws Exception {
    return compile(source, context -> { }, args);
  }

  private Compiler.Outcome compile(String source, Consumer<Context> setup, String... args) throws Exception {
    Path file = tmp.resolve("Drv.java");
    Files.writeString(file, source);
    return Compiler.compile(List.of(file), Files.createDirectories(tmp.resolve("classes")), setup, args);
  }

  @Test
  void warnsByDefault() throws Exception {
    Compiler.Outcome o = compile(RACY);
    assertTrue(o.success());
    List<String> warnings = o.messages(Diagnostic.Kind.WARNING);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("[NonAtomicPerCpuUpdate] __this_cpu_inc(EVENTS) can lose updates: "
        + "reached in SOFTIRQ (poll) and updated in HARDIRQ by this_cpu_inc(EVENTS)"), warnings.get(0));
  }

  @Test
  void severityFlagMakesItAnError() throws Exception {
    Compiler.Outcome o = compile(RACY, "-Xep:NonAtomicPerCpuUpdate:ERROR");
    assertFalse(o.success());
    assertEquals(1, o.messages(Diagnostic.Kind.ERROR).size(), o.diagnostics().toString());
  }

  @Test
  void severityFlagTurnsItOff() throws Exception {
    Compiler.Outcome o = compile(RACY, "-Xep:NonAtomicPerCpuUpdate:OFF");
    assertTrue(o.success());
    assertTrue(o.messages(Diagnostic.Kind.WARNING).isEmpty(), o.diagnostics().toString());
  }

  @Test
  void suppressWarningsOnTheMethodSilencesIt() throws Exception {
    Compiler.Outcome o = compile(RACY.replace("@SoftirqContext static void poll()",
        "@SuppressWarnings(\"NonAtomicPerCpuUpdate\") @SoftirqContext static void poll()"));
    assertTrue(o.success());
    assertTrue(o.messages(Diagnostic.Kind.WARNING).isEmpty(), o.diagnostics().toString());
  }

  @Test
  void suppressWarningsOnTheClassSilencesIt() throws Exception {
    Compiler.Outcome o = compile(RACY.replace("class Drv {", "@SuppressWarnings(\"NonAtomicPerCpuUpdate\") class Drv {"));
    assertTrue(o.messages(Diagnostic.Kind.WARNING).isEmpty(), o.diagnostics().toString());
  }

  @Test
  void byFilePolicyIsRefusedWithOneClearError() throws Exception {
    Compiler.Outcome o = compile(RACY, "-XDcompilePolicy=byfile");
    assertFalse(o.success());
    List<String> errors = o.messages(Diagnostic.Kind.ERROR);
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).contains("needs the whole program, which javac gives only under -XDcompilePolicy=simple"),
        errors.get(0));
    assertTrue(errors.get(0).contains("'byfile'"), errors.get(0));
  }

  @Test
  void aFailureInsideTheAnalysisIsOneWarningAndJavacCarriesOn() throws Exception {
    Runnable failing = () -> {
      throw new IllegalStateException("injected");
    };
    // A raw type, so javac has a warning of its own to report.
    Compiler.Outcome o = compile(RACY.replace("class Drv {", "class Drv {\n  java.util.List raw;"),
        context -> context.put(WholeProgram.BEFORE_ANALYSIS, failing), "-Xlint:rawtypes");
    assertTrue(o.success(), "javac completes: " + o.diagnostics());
    List<String> warnings = o.messages(Diagnostic.Kind.WARNING);
    assertEquals(2, warnings.size(), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith(
        "[ctxcheck] the analysis failed and reports nothing for this compilation: java.lang.IllegalStateException: injected")),
        warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.contains("raw type")), warnings.toString());
  }

  @Test
  void aProgramThatUsesNoneOfTheVocabularyIsNotAnalysed() throws Exception {
    Compiler.Outcome o = compile("""
        package drv;
        class Drv {
          static long events;
          static void poll() { events++; helper(); }
          static void helper() { poll(); }
        }
        """, "-XepOpt:Ctxcheck:PrintStats=true");
    assertTrue(o.success(), o.diagnostics().toString());
    assertEquals("0 methods", statsNote(o).split(", ")[0], statsNote(o));
  }

  @Test
  void vocabularySeenOnlyOnClassFilesIsEnoughToAnalyse() throws Exception {
    // No ctxcheck annotation in source: the per-CPU operations carry theirs in the runtime's class files.
    Compiler.Outcome o = compile("""
        package drv;
        import static dev.ctxcheck.percpu.PerCpu.*;
        import dev.ctxcheck.percpu.PerCpuLong;
        class Drv {
          static final PerCpuLong EVENTS = new PerCpuLong();
          static void poll() { __this_cpu_inc(EVENTS); }
        }
        """, "-XepOpt:Ctxcheck:PrintStats=true");
    assertTrue(o.success(), o.diagnostics().toString());
    assertFalse(statsNote(o).startsWith("0 methods"), statsNote(o));
    assertTrue(statsNote(o).contains(" 1 update sites,"), statsNote(o));
  }

  /** The statistics note, without its "[ctxcheck] " prefix. */
  private static String statsNote(Compiler.Outcome o) {
    List<String> notes = o.messages(Diagnostic.Kind.NOTE).stream().filter(n -> n.startsWith("[ctxcheck] ")).toList();
    assertEquals(1, notes.size(), o.diagnostics().toString());
    return notes.get(0).substring("[ctxcheck] ".length());
  }

  @Test
  void aDiagnosticLinksToTheChecksPageInTheCheckout() throws Exception {
    String warning = compile(RACY).messages(Diagnostic.Kind.WARNING).get(0);
    Matcher link = Pattern.compile("\n    \\(see (file:///\\S+)\\)\n").matcher(warning);
    assertTrue(link.find(), warning);
    Path page = Path.of(URI.create(link.group(1)));
    assertTrue(page.endsWith(Path.of("docs", "NonAtomicPerCpuUpdate.md")), page.toString());
    assertTrue(Files.readString(page).startsWith("# NonAtomicPerCpuUpdate\n"), page + " is the check's page");
  }

  @Test
  void theDocsUrlFlagPointsTheLinkAtHostedPages() throws Exception {
    String warning = compile(RACY, "-XepOpt:Ctxcheck:DocsUrl=https://docs.example.org/ctxcheck")
        .messages(Diagnostic.Kind.WARNING).get(0);
    assertTrue(warning.contains("\n    (see https://docs.example.org/ctxcheck/NonAtomicPerCpuUpdate.md)\n"), warning);
  }

  @Test
  void aDocsUrlThatIsNoUrlIsRefusedWithItsName() throws Exception {
    Compiler.Outcome o = compile(RACY, "-XepOpt:Ctxcheck:DocsUrl=docs");
    assertFalse(o.success());
    List<String> errors = o.messages(Diagnostic.Kind.ERROR);
    assertEquals(1, errors.size(), o.diagnostics().toString());
    assertTrue(errors.get(0).startsWith("[ctxcheck] -XepOpt:Ctxcheck:DocsUrl: 'docs' is neither an absolute URL"
        + " nor an absolute path"), errors.get(0));
  }

  @Test
  void theReportAcceptedRacesFlagReportsRawOperations() throws Exception {
    String raw = RACY.replace("__this_cpu_inc(EVENTS)", "raw_cpu_inc(EVENTS)");
    assertTrue(compile(raw).messages(Diagnostic.Kind.WARNING).isEmpty());
    List<String> warnings = compile(raw, "-XepOpt:Ctxcheck:ReportAcceptedRaces=true").messages(Diagnostic.Kind.WARNING);
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("[NonAtomicPerCpuUpdate] raw_cpu_inc(EVENTS) can lose updates"), warnings.get(0));
  }

  @Test
  void theStatsFileFlagWritesTheFiguresAsJson() throws Exception {
    Path stats = tmp.resolve("stats/ctxcheck.json");
    assertTrue(compile(RACY, "-XepOpt:Ctxcheck:StatsFile=" + stats).success());
    JsonNode json = new ObjectMapper().readTree(stats.toFile());
    assertEquals(1, json.at("/format").asInt());
    assertEquals(1, json.at("/program/files").asInt());
    assertEquals(2, json.at("/program/updateSites").asInt(), json.toString());
    assertEquals(2, json.at("/program/entryPoints").asInt(), json.toString());
    List<String> phases = new ArrayList<>();
    json.at("/phaseNanos").fieldNames().forEachRemaining(phases::add);
    assertEquals(List.of("facts", "graph", "masks", "contexts", "variables", "rules", "summaries"), phases);
    for (String phase : phases) {
      assertTrue(json.at("/phaseNanos/" + phase).asLong() >= 0, phase);
    }
    long flows = json.at("/phasePartNanos/facts/flows").asLong(-1);
    assertTrue(flows >= 0 && flows <= json.at("/phaseNanos/facts").asLong(), json.toString());
    try (Stream<Path> left = Files.list(stats.getParent())) {
      assertEquals(List.of(stats), left.toList(), "no temporary file is left");
    }
  }

  @Test
  void aStatsFileThatCannotBeWrittenIsAWarningNotAFailure() throws Exception {
    Files.writeString(tmp.resolve("occupied"), "a file, not a folder");
    Compiler.Outcome o = compile(RACY, "-XepOpt:Ctxcheck:StatsFile=" + tmp.resolve("occupied/ctxcheck.json"));
    assertTrue(o.success(), o.diagnostics().toString());
    List<String> warnings = o.messages(Diagnostic.Kind.WARNING);
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("[ctxcheck] cannot write the stats file ")), warnings.toString());
    assertTrue(warnings.stream().anyMatch(w -> w.startsWith("[NonAtomicPerCpuUpdate]")), "findings are still reported");
  }
}

package dev.ctxcheck.oracle;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ctxcheck.oracle.Model.Program;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compares the engine, run through javac + Error Prone exactly as users run it, with the
 * brute-force {@link Oracle} on the hand-written programs and on thousands of generated ones.
 *
 * <p>System properties: {@code oracle.programs} (default {@value #DEFAULT_PROGRAMS}),
 * {@code oracle.seed} (master seed, default {@value #DEFAULT_SEED}), {@code oracle.batch} (programs
 * per javac run, default {@value #DEFAULT_BATCH}), {@code oracle.replay} (comma-separated program
 * seeds to run instead of a campaign), {@code oracle.minimize} (shrink the first program of each
 * kind of disagreement before reporting it), {@code oracle.report} (file to write the full report
 * to; default {@code target/oracle-report.txt}), {@code oracle.model} ({@code mainline}, {@code rt}
 * (PREEMPT_RT) or {@code both}, the default: the same programs in each model).
 *
 * <p>On failure the message shows, for each kind of disagreement ("missing NonAtomicPerCpuUpdate",
 * "unexpected ContextMaskImbalance", ...), the first program showing it: the seed, what differs, and
 * the program as a ready-to-paste {@code test-inputs/} folder with the oracle's markers.
 */
class OracleComparisonTest {

  /** Per model: the default run checks both models, 2 x 1000 programs, in CI time. */
  static final int DEFAULT_PROGRAMS = 1000;
  static final long DEFAULT_SEED = 20140919L; // the date of Linux 0c36b390a546
  static final int DEFAULT_BATCH = 40;
  /** Disagreeing programs written in full to the report file; the others get one line each. */
  static final int FULL = 50;

  @TempDir
  Path dir;

  @Test
  void engineAgreesWithOracle() throws IOException {
    String model = System.getProperty("oracle.model", "both");
    List<String> failures = new ArrayList<>();
    if (!model.equals("rt")) {
      campaign(false, failures);
    }
    if (!model.equals("mainline")) {
      campaign(true, failures);
    }
    if (!failures.isEmpty()) {
      fail(String.join("\n\n", failures));
    }
  }

  private void campaign(boolean rt, List<String> failures) throws IOException {
    int programs = Integer.getInteger("oracle.programs", DEFAULT_PROGRAMS);
    long master = Comparison.parseSeed(System.getProperty("oracle.seed", String.valueOf(DEFAULT_SEED)));
    int batchSize = Integer.getInteger("oracle.batch", DEFAULT_BATCH);
    String replay = System.getProperty("oracle.replay", "").trim();
    boolean minimize = Boolean.getBoolean("oracle.minimize");
    long start = System.nanoTime();

    List<Program> all = new ArrayList<>();
    if (replay.isEmpty()) {
      HandWritten.all().forEach(c -> all.add(c.program()));
      for (int i = 0; i < programs; i++) {
        all.add(ProgramGenerator.generate(ProgramGenerator.programSeed(master, i), "p" + i));
      }
    } else {
      int i = 0;
      for (String s : replay.split(",")) {
        all.add(ProgramGenerator.generate(Comparison.parseSeed(s), "p" + i++));
      }
    }

    List<Comparison.Disagreement> disagreements = new ArrayList<>();
    int sites = 0;
    int expectedFindings = 0;
    for (int from = 0; from < all.size(); from += batchSize) {
      List<Program> batch = all.subList(from, Math.min(all.size(), from + batchSize));
      EngineRunner.Batch result = EngineRunner.run(batch, dir, rt);
      assertTrue(result.problems().isEmpty(), () -> "generated programs do not compile: " + result.problems()
          + "\n" + result.rendered().values().iterator().next().source());
      for (Program p : batch) {
        Oracle.Result o = Oracle.analyze(p, rt);
        sites += p.updates().size();
        expectedFindings += o.expected().size();
        Optional<Comparison.Disagreement> d = Comparison.compare(p, o, result.rendered().get(p.pkg()),
            result.findings().getOrDefault(p.pkg(), List.of()));
        d.ifPresent(disagreements::add);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    String summary = String.format("oracle campaign (%s): %d programs (%d hand-written), master seed %s, "
        + "%d update sites, %d findings expected, %d disagreeing programs, %.1f s",
        rt ? "PREEMPT_RT" : "mainline", all.size(), replay.isEmpty() ? HandWritten.all().size() : 0,
        Comparison.seedText(master), sites, expectedFindings, disagreements.size(), seconds);
    System.out.println(summary);
    if (disagreements.isEmpty()) {
      return;
    }

    // One representative per kind of disagreement, so that a rare kind is not buried under a common one.
    Map<String, Comparison.Disagreement> representatives = new TreeMap<>();
    Map<String, Integer> bySignature = new TreeMap<>();
    for (Comparison.Disagreement d : disagreements) {
      for (String kind : d.signature()) {
        bySignature.merge(kind, 1, Integer::sum);
        representatives.putIfAbsent(kind, d);
      }
    }
    StringBuilder seeds = new StringBuilder();
    for (Comparison.Disagreement d : disagreements) {
      seeds.append(seeds.length() == 0 ? "" : ",").append(Comparison.seedText(d.program().seed()));
    }
    StringBuilder shown = new StringBuilder(summary).append('\n')
        .append("disagreeing programs by kind: ").append(bySignature).append('\n');
    StringBuilder full = new StringBuilder(shown)
        .append("replay all with -Doracle.model=").append(rt ? "rt" : "mainline").append(" -Doracle.replay=")
        .append(seeds).append("\n\n");
    for (Map.Entry<String, Comparison.Disagreement> e : representatives.entrySet()) {
      Comparison.Disagreement d = e.getValue();
      if (minimize) {
        d = Minimizer.minimize(d, e.getKey(), dir, rt);
      }
      String r = "##### first program with \"" + e.getKey() + "\"" + (minimize ? ", minimized" : "") + ":\n"
          + Comparison.report(d);
      shown.append(r).append('\n');
      full.append(r).append('\n');
    }
    full.append("##### all disagreeing programs").append(disagreements.size() > FULL ? " (the first " + FULL
        + " in full, then one line each)" : "").append(":\n");
    for (int i = 0; i < disagreements.size(); i++) {
      Comparison.Disagreement d = disagreements.get(i);
      full.append(i < FULL ? Comparison.report(d) + "\n"
          : Comparison.seedText(d.program().seed()) + " " + d.signature() + "\n");
    }
    Path report = Path.of(System.getProperty("oracle.report", "target/oracle-report.txt")
        .replace(".txt", rt ? "-rt.txt" : ".txt")).toAbsolutePath();
    Files.createDirectories(report.getParent());
    Files.writeString(report, full);
    shown.append("full report (every disagreeing program, replay seeds): ").append(report).append('\n');
    failures.add(shown.toString());
  }
}

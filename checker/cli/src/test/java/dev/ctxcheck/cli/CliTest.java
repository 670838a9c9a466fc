package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/ctxcheck's contract (SPEC section 3), run in-process against copies of test inputs. */
class CliTest {

  @TempDir Path tmp;

  private CliSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new CliSandbox(tmp);
  }

  @Test
  void seedIsReportedInJavacForm() throws IOException {
    sandbox.copySeed("seed");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "seed");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals(3, lines.size(), run.out());
    assertTrue(lines.get(0).startsWith("seed/PercpuRef.java:21:5: warning: [NonAtomicPerCpuUpdate] "
        + "__this_cpu_inc(ref.pcpu_count) can lose updates: reached in PROCESS with preemption disabled "
        + "(io_submit -> io_submit_one -> aio_get_req -> percpu_ref_get [rcu_read_lock_sched])"), lines.get(0));
    assertTrue(lines.get(1).startsWith("seed/PercpuRef.java:28:5: warning: [NonAtomicPerCpuUpdate] "
        + "__this_cpu_dec(ref.pcpu_count)"), lines.get(1));
    assertEquals("2 warnings", lines.get(2));
  }

  @Test
  void programWithoutFindingsExitsZero() throws IOException {
    sandbox.write("ok/Stats.java", """
        package ok;
        import static dev.ctxcheck.percpu.PerCpu.*;
        import dev.ctxcheck.annotations.*;
        import dev.ctxcheck.percpu.PerCpuLong;
        class Stats {
          static final PerCpuLong RX = new PerCpuLong();
          @ProcessContext static void read() { this_cpu_inc(RX); }
          @HardirqContext static void irq() { __this_cpu_inc(RX); }
        }
        """);
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "ok");
    assertEquals(0, run.exit(), run.err() + run.out());
    assertEquals("", run.out());
  }

  @Test
  void missingPathIsBadUsageAndNamed() {
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "no/such/dir");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("no/such/dir: no such file or directory"), run.err());
  }

  @Test
  void fileThatIsNotJavaIsBadUsage() throws IOException {
    sandbox.write("notes.txt", "hello");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "notes.txt");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("notes.txt: not a .java file or a directory"), run.err());
  }

  @Test
  void directoryWithoutJavaFilesIsBadUsage() throws IOException {
    Files.createDirectories(tmp.resolve("empty"));
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "empty");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("no .java files under"), run.err());
  }

  @Test
  void unknownOptionIsBadUsage() throws IOException {
    sandbox.copySeed("seed");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--format", "xml", "seed");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("--format"), run.err());
  }

  @Test
  void fileThatDoesNotParseIsNamedWithItsProblem() throws IOException {
    sandbox.copySeed("seed");
    sandbox.write("seed/Broken.java", "package seed;\nclass Broken {\n  void f( {\n}\n");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "seed");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("seed/Broken.java:3: "), run.err());
    assertEquals("", run.out(), "no partial report");
  }

  @Test
  void unknownClassIsNamedWithItsProblem() throws IOException {
    sandbox.write("bad/Uses.java", "package bad;\nclass Uses {\n  Nope field;\n}\n");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "bad");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("bad/Uses.java:3: cannot find symbol"), run.err());
  }

  @Test
  void missingClasspathEntryIsBadUsage() throws IOException {
    sandbox.copySeed("seed");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--classpath", "lib/none.jar", "seed");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("lib/none.jar: no such file or directory"), run.err());
  }

  @Test
  void sarifIsValidAndCarriesSitePathsAndFix() throws Exception {
    sandbox.copySeed("seed");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--format", "sarif", "--output", "out.sarif", "seed");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    String sarif = Files.readString(tmp.resolve("out.sarif"));
    assertSchemaValid(sarif);
    JsonNode results = new ObjectMapper().readTree(sarif).at("/runs/0/results");
    assertEquals(2, results.size());
    JsonNode inc = results.get(0);
    assertEquals("NonAtomicPerCpuUpdate", inc.at("/ruleId").asText());
    assertEquals("seed/PercpuRef.java", inc.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
    assertEquals(21, inc.at("/locations/0/physicalLocation/region/startLine").asInt());
    // One code flow for the site's context, one for the softirq writer that interrupts it.
    assertEquals(2, inc.at("/codeFlows").size());
    JsonNode site = inc.at("/codeFlows/0/threadFlows/0/locations");
    assertEquals("io_submit runs in PROCESS", site.get(0).at("/location/message/text").asText());
    assertEquals(21, site.get(site.size() - 1).at("/location/physicalLocation/region/startLine").asInt());
    JsonNode replacements = inc.at("/fixes/0/artifactChanges/0/replacements");
    assertEquals("this_cpu_inc", replacements.get(replacements.size() - 1).at("/insertedContent/text").asText());
  }

  @Test
  void sarifUsesAbsoluteUrisForFilesOutsideTheWorkingDirectory() throws Exception {
    Path seed = sandbox.copySeed("seed");
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    CliSandbox.Run run = sandbox.ctxcheck(elsewhere, "--format", "sarif", seed.toString());
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    JsonNode uri = new ObjectMapper().readTree(run.out()).at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation");
    assertTrue(uri.at("/uri").asText().startsWith("file:///"), uri.toString());
    assertTrue(uri.at("/uriBaseId").isMissingNode(), uri.toString());
  }

  @Test
  void patchAppliesWithGitApplyAndTheResultCompilesClean() throws Exception {
    Path repo = sandbox.copySeed("repo");
    git(repo, "init", "-q");
    CliSandbox.Run run = sandbox.ctxcheck(repo, "--patch", "fix.patch", ".");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    git(repo, "apply", "fix.patch");
    Files.delete(repo.resolve("fix.patch"));
    String fixed = Files.readString(repo.resolve("PercpuRef.java"));
    assertTrue(fixed.contains("    this_cpu_inc(ref.pcpu_count);"), fixed);
    assertTrue(fixed.contains("import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;"), fixed);
    CliSandbox.Run after = sandbox.ctxcheck(repo, ".");
    assertEquals(0, after.exit(), "the patched program compiles and is clean: " + after.err() + after.out());
  }

  @Test
  void fixGivesTheSameFilesAsThePatch() throws Exception {
    Path patched = sandbox.copySeed("patched");
    git(patched, "init", "-q");
    sandbox.ctxcheck(patched, "--patch", "fix.patch", ".");
    git(patched, "apply", "fix.patch");
    Path fixed = sandbox.copySeed("fixed");
    CliSandbox.Run run = sandbox.ctxcheck(fixed, "--fix", ".");
    assertEquals(Main.FINDINGS, run.exit(), "the findings are reported as they were found");
    assertTrue(run.err().contains("fixed 1 file"), run.err());
    for (String name : List.of("Aio.java", "Block.java", "PercpuRef.java")) {
      assertEquals(Files.readString(patched.resolve(name)), Files.readString(fixed.resolve(name)), name);
    }
  }

  @Test
  void fixTouchesNothingWhenOneFileLiesOutsideThePaths() throws Exception {
    Path outside = sandbox.copySeed("outside");
    Path program = Files.createDirectories(tmp.resolve("program"));
    for (String name : List.of("Aio.java", "Block.java")) {
      Files.copy(outside.resolve(name), program.resolve(name));
    }
    Files.createSymbolicLink(program.resolve("PercpuRef.java"), outside.resolve("PercpuRef.java"));
    sandbox.write("program/Extra.java", """
        package seed;
        import static dev.ctxcheck.percpu.PerCpu.*;
        import dev.ctxcheck.annotations.*;
        import dev.ctxcheck.percpu.PerCpuLong;
        class Extra {
          static final PerCpuLong X = new PerCpuLong();
          @ProcessContext static void a() { __this_cpu_inc(X); }
          @SoftirqContext static void b() { __this_cpu_inc(X); }
        }
        """);
    String extraBefore = Files.readString(program.resolve("Extra.java"));
    String refBefore = Files.readString(outside.resolve("PercpuRef.java"));
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--fix", "program");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("PercpuRef.java: lies outside the paths given; no file was fixed"), run.err());
    assertEquals(extraBefore, Files.readString(program.resolve("Extra.java")));
    assertEquals(refBefore, Files.readString(outside.resolve("PercpuRef.java")));
    try (Stream<Path> left = Files.list(program)) {
      assertFalse(left.anyMatch(p -> p.toString().endsWith(".ctxcheck")), "no temporary file is left");
    }
  }

  @Test
  void fixKeepsEverythingButTheNameToken() throws IOException {
    String before = "package tok;\r\n"
        + "import dev.ctxcheck.annotations.*;\r\n"
        + "import dev.ctxcheck.percpu.*;\r\n"
        + "class Tok {\r\n"
        + "\tstatic final PerCpuLong X = new PerCpuLong();\r\n"
        + "\t@ProcessContext @SoftirqContext static void both() {\r\n"
        + "\t\tPerCpu . /* why: */ __this_cpu_add(X,\t2 /* two */);\r\n"
        + "\t}\r\n"
        + "}";
    Path file = sandbox.write("tok/Tok.java", before);
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--fix", "tok");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    assertEquals(before.replace("__this_cpu_add(", "this_cpu_add("), Files.readString(file));
  }

  @Test
  void patchOfACrlfFileWithoutFinalNewlineAppliesAndMatchesFix() throws Exception {
    String source = "package tok;\r\n"
        + "import static dev.ctxcheck.percpu.PerCpu.*;\r\n"
        + "import dev.ctxcheck.annotations.*;\r\n"
        + "import dev.ctxcheck.percpu.PerCpuLong;\r\n"
        + "class Tok {\r\n"
        + "  static final PerCpuLong X = new PerCpuLong();\r\n"
        + "  @SoftirqContext @HardirqContext static void both() { __this_cpu_inc(X); }}";
    Path patched = sandbox.write("p/tok/Tok.java", source);
    git(tmp.resolve("p"), "init", "-q");
    assertEquals(Main.FINDINGS, sandbox.ctxcheck(tmp.resolve("p"), "--patch", "fix.patch", "tok").exit());
    git(tmp.resolve("p"), "apply", "fix.patch");
    Path fixed = sandbox.write("f/tok/Tok.java", source);
    assertEquals(Main.FINDINGS, sandbox.ctxcheck(tmp.resolve("f"), "--fix", "tok").exit());
    String expected = source.replace("__this_cpu_inc(", "this_cpu_inc(");
    assertEquals(expected, Files.readString(fixed));
    assertEquals(expected, Files.readString(patched));
  }

  @Test
  void relativePathsAreTakenAgainstTheWorkingDirectory() throws IOException {
    sandbox.copySeed("deep/seed");
    CliSandbox.Run run = sandbox.ctxcheck(tmp.resolve("deep"), "seed");
    assertEquals(Main.FINDINGS, run.exit(), run.err());
    assertTrue(run.out().startsWith("seed/PercpuRef.java:21:5: "), run.out());
  }

  static void assertSchemaValid(String sarif) throws IOException {
    try (InputStream schema = com.contrastsecurity.sarif.SarifSchema210.class.getResourceAsStream(
        "/schema/sarif-schema-2.1.0.json")) {
      JsonSchema s = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
      Set<ValidationMessage> errors = s.validate(new ObjectMapper().readTree(sarif));
      assertTrue(errors.isEmpty(), "SARIF schema violations: " + errors);
    }
  }

  private static void git(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-c", "user.email=test@ctxcheck.dev", "-c", "user.name=test"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "git timed out");
    assertEquals(0, p.exitValue(), "git " + String.join(" ", args) + ": " + output);
  }
}

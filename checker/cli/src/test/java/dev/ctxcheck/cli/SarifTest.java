package dev.ctxcheck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ctxcheck.engine.analysis.Check;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SARIF for code-scanning services: rules that link to their pages, results with stable fingerprints. */
class SarifTest {

  private static final Path DOCS = Scenario.root().getParent().resolve("docs").toAbsolutePath().normalize();
  private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)]*)\\)");

  @TempDir Path tmp;

  private CliSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new CliSandbox(tmp);
  }

  private JsonNode sarif(Path workingDirectory, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("--format", "sarif"));
    all.addAll(List.of(args));
    CliSandbox.Run run = sandbox.ctxcheck(workingDirectory, all.toArray(String[]::new));
    assertTrue(run.exit() == 0 || run.exit() == Main.FINDINGS, run.err());
    CliTest.assertSchemaValid(run.out());
    return new ObjectMapper().readTree(run.out());
  }

  private static JsonNode rule(JsonNode log, Check check) {
    for (JsonNode r : log.at("/runs/0/tool/driver/rules")) {
      if (r.at("/id").asText().equals(check.checkName())) {
        return r;
      }
    }
    throw new AssertionError("no rule " + check.checkName());
  }

  @Test
  void eachRuleLinksToItsPageAndCarriesItsText() throws Exception {
    sandbox.copySeed("seed");
    JsonNode log = sarif(tmp, "seed");
    assertTrue(log.at("/runs/0/tool/driver/informationUri").isMissingNode(), "no invented address");
    for (Check check : Check.values()) {
      JsonNode rule = rule(log, check);
      Path page = DOCS.resolve(check.checkName() + ".md");
      assertEquals(page.toUri(), URI.create(rule.at("/helpUri").asText()));
      assertTrue(Files.isRegularFile(Path.of(URI.create(rule.at("/helpUri").asText()))));
      assertEquals(check.summary(), rule.at("/shortDescription/text").asText());
      String description = rule.at("/fullDescription/text").asText();
      assertFalse(description.isBlank());
      assertFalse(description.contains("`") || description.contains("](") || description.contains("\n"),
          "plain text, one line: " + description);
      String firstWords = description.substring(0, description.indexOf(' ', 20));
      assertTrue(Files.readString(page).replace('\n', ' ').contains(firstWords), firstWords);
      String help = rule.at("/help/markdown").asText();
      assertTrue(help.startsWith("# " + check.checkName() + "\n"), help);
      assertFalse(help.contains("<!--"), "no notes for the page's maintainers");
      Matcher links = MARKDOWN_LINK.matcher(help);
      int count = 0;
      while (links.find()) {
        count++;
        URI target = URI.create(links.group(1));
        assertTrue(target.isAbsolute(), "absolute link in help: " + target);
        if (target.getScheme().equals("file")) {
          assertTrue(Files.exists(Path.of(target.getPath())), "link to an existing file: " + target);
        }
      }
      assertTrue(count > 0, "the page links to others: " + check);
    }
  }

  @Test
  void theDocsUrlOptionPointsRulesAtHostedPages() throws Exception {
    sandbox.copySeed("seed");
    JsonNode log = sarif(tmp, "--docs-url", "https://docs.example.org/ctxcheck", "seed");
    JsonNode rule = rule(log, Check.NON_ATOMIC_PER_CPU_UPDATE);
    assertEquals("https://docs.example.org/ctxcheck/NonAtomicPerCpuUpdate.md", rule.at("/helpUri").asText());
    assertTrue(rule.at("/help/markdown").asText().contains("(https://docs.example.org/ctxcheck/model.md)"),
        rule.at("/help/markdown").asText());
  }

  @Test
  void aDocsUrlThatIsNoUrlIsBadUsage() throws Exception {
    sandbox.copySeed("seed");
    CliSandbox.Run run = sandbox.ctxcheck(tmp, "--format", "sarif", "--docs-url", "docs", "seed");
    assertEquals(Main.BAD_INPUT, run.exit());
    assertTrue(run.err().contains("--docs-url: 'docs' is neither an absolute URL nor an absolute path"), run.err());
  }

  private static List<String> fingerprints(JsonNode log) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : log.at("/runs/0/results")) {
      String fp = r.at("/partialFingerprints/" + SarifWriter.FINGERPRINT.replace("/", "~1")).asText();
      assertFalse(fp.isEmpty(), r.toString());
      out.add(fp);
    }
    return out;
  }

  private static List<Integer> lines(JsonNode log) {
    List<Integer> out = new ArrayList<>();
    for (JsonNode r : log.at("/runs/0/results")) {
      out.add(r.at("/locations/0/physicalLocation/region/startLine").asInt());
    }
    return out;
  }

  @Test
  void aFingerprintSurvivesCodeInsertedAboveAndDiffersBetweenSites() throws Exception {
    Path seed = sandbox.copySeed("seed");
    JsonNode before = sarif(tmp, "seed");
    List<String> fingerprints = fingerprints(before);
    assertEquals(2, fingerprints.size());
    assertNotEquals(fingerprints.get(0), fingerprints.get(1), "the inc and the dec of one file");

    Path ref = seed.resolve("PercpuRef.java");
    Files.writeString(ref, Files.readString(ref).replace("final class PercpuRef {\n", """
        final class PercpuRef {
          // Added above the sites: every line below moves.
          static int unrelated(int x) {
            return x + 1;
          }

        """));
    JsonNode after = sarif(tmp, "seed");
    assertEquals(List.of(lines(before).get(0) + 5, lines(before).get(1) + 5), lines(after));
    assertEquals(fingerprints, fingerprints(after));
  }

  @Test
  void twoLikeFindingsInOneMethodHaveTheirOwnFingerprints() throws Exception {
    sandbox.write("twice/Stats.java", """
        package twice;
        import static dev.ctxcheck.percpu.PerCpu.*;
        import dev.ctxcheck.annotations.*;
        import dev.ctxcheck.percpu.PerCpuLong;
        class Stats {
          static final PerCpuLong RX = new PerCpuLong();
          @ProcessContext @SoftirqContext static void both() {
            __this_cpu_inc(RX);
            __this_cpu_inc(RX);
          }
        }
        """);
    List<String> fingerprints = fingerprints(sarif(tmp, "twice"));
    assertEquals(4, fingerprints.size(), "two sites, each reported by both race checks: " + fingerprints);
    assertEquals(4, fingerprints.stream().distinct().count(), fingerprints.toString());
  }
}

package dev.ctxcheck.cli;

import com.contrastsecurity.sarif.ArtifactChange;
import com.contrastsecurity.sarif.ArtifactContent;
import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.CodeFlow;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.OriginalUriBaseIds;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.Replacement;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.ThreadFlow;
import com.contrastsecurity.sarif.ThreadFlowLocation;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ctxcheck.engine.analysis.Check;
import dev.ctxcheck.engine.analysis.CheckDocs;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Trace;
import dev.ctxcheck.engine.facts.Position;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SARIF 2.1.0: one result per finding, the site as its first location, each call path as a code
 * flow, the fix as a replacement. A file below the working directory gets a relative {@code uri}
 * (against {@code %SRCROOT%}), any other an absolute {@code file://} URI. Each rule links to its
 * check's page ({@code helpUri}, when {@link CheckDocs} knows where the pages are) and carries the
 * page's text; each result carries a fingerprint that code-scanning services track it by across
 * commits ({@link #FINGERPRINT}).
 */
final class SarifWriter {

  private static final String SRCROOT = "%SRCROOT%";

  /**
   * The {@code partialFingerprints} entry: a SHA-256 of the check, the file's URI as written here,
   * and the finding's {@link Finding.Subject} (method, operation, variables), with the finding's rank
   * among those that share all of them. No line or column goes in, so inserting or moving code keeps
   * it; two findings of one file differ at least by their rank.
   */
  static final String FINGERPRINT = "ctxcheckSite/v1";

  private final Path workingDirectory;
  private final CheckDocs docs;
  private final Map<Path, String> contents = new HashMap<>();

  SarifWriter(Path workingDirectory, CheckDocs docs) {
    this.workingDirectory = workingDirectory;
    this.docs = docs;
  }

  String write(List<Finding> findings) throws IOException {
    List<Result> results = new ArrayList<>();
    Map<String, Integer> ranks = new HashMap<>();
    for (Finding f : findings) {
      Result r = result(f);
      String identity = String.join("\n", f.check().checkName(),
          r.getLocations().get(0).getPhysicalLocation().getArtifactLocation().getUri(),
          f.subject().method(), f.subject().operation(), String.join(",", f.subject().variables()));
      int rank = ranks.merge(identity, 1, Integer::sum);
      results.add(r.withPartialFingerprints(new PartialFingerprints().withAdditionalProperty(FINGERPRINT,
          sha256(identity + "\n" + rank))));
    }
    SarifSchema210 log = new SarifSchema210()
        .with$schema(URI.create("https://json.schemastore.org/sarif-2.1.0.json"))
        .withVersion(SarifSchema210.Version._2_1_0)
        .withRuns(List.of(new Run()
            .withTool(new Tool().withDriver(new ToolComponent()
                .withName("ctxcheck")
                .withRules(rules())))
            .withOriginalUriBaseIds(new OriginalUriBaseIds().withAdditionalProperty(SRCROOT,
                new ArtifactLocation().withUri(workingDirectory.toUri().toString())))
            .withResults(results)));
    ObjectMapper mapper = new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
    return mapper.writeValueAsString(log) + "\n";
  }

  /** One rule per check: its summary, its page's first paragraph and the page itself, and the page's address. */
  private Set<ReportingDescriptor> rules() {
    Set<ReportingDescriptor> rules = new LinkedHashSet<>();
    for (Check c : Check.values()) {
      RuleHelp page = new RuleHelp(c, docs);
      URI url = docs.url(c);
      rules.add(new ReportingDescriptor()
          .withId(c.checkName())
          .withName(c.checkName())
          .withShortDescription(new MultiformatMessageString().withText(c.summary()))
          .withFullDescription(page.description())
          .withHelpUri(url)
          .withHelp(page.help(c, url)));
    }
    return rules;
  }

  private Result result(Finding f) throws IOException {
    Result r = new Result()
        .withRuleId(f.check().checkName())
        .withLevel(Result.Level.WARNING)
        .withMessage(new Message().withText(f.message()))
        .withLocations(List.of(location(f.position(), null)));
    List<CodeFlow> flows = new ArrayList<>();
    for (Trace t : f.traces()) {
      List<ThreadFlowLocation> steps = new ArrayList<>();
      for (Trace.Step s : t.steps()) {
        steps.add(new ThreadFlowLocation().withLocation(location(s.position(), s.note())));
      }
      String what = (t.role() == Trace.Role.SITE ? "reached in " : "interrupted by ") + t.context()
          + (t.masked().isEmpty() ? "" : " " + t.masked());
      flows.add(new CodeFlow().withMessage(new Message().withText(what))
          .withThreadFlows(List.of(new ThreadFlow().withLocations(steps))));
    }
    r.withCodeFlows(flows);
    if (f.fix() != null) {
      Path file = SourceFiles.pathOf(f.fix().file());
      String content = content(file);
      List<Replacement> replacements = new ArrayList<>();
      for (dev.ctxcheck.engine.analysis.Fix.Edit e : f.fix().edits()) {
        int start = e.range().start();
        int end = e.range().end();
        replacements.add(new Replacement()
            .withDeletedRegion(new Region()
                .withCharOffset(start)
                .withCharLength(end - start)
                .withStartLine(line(content, start))
                .withStartColumn(column(content, start))
                .withEndLine(line(content, end))
                .withEndColumn(column(content, end)))
            .withInsertedContent(new ArtifactContent().withText(e.replacement())));
      }
      r.withFixes(Set.of(new com.contrastsecurity.sarif.Fix()
          .withDescription(new Message().withText(f.fix().description()))
          .withArtifactChanges(Set.of(new ArtifactChange()
              .withArtifactLocation(artifact(file))
              .withReplacements(replacements)))));
    }
    return r;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private Location location(Position p, String note) {
    Location l = new Location().withPhysicalLocation(new PhysicalLocation()
        .withArtifactLocation(artifact(SourceFiles.pathOf(p.file())))
        .withRegion(new Region().withStartLine(p.line()).withStartColumn(p.column())));
    return note == null ? l : l.withMessage(new Message().withText(note));
  }

  private ArtifactLocation artifact(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (abs.startsWith(workingDirectory)) {
      return new ArtifactLocation()
          .withUri(workingDirectory.relativize(abs).toString().replace('\\', '/'))
          .withUriBaseId(SRCROOT);
    }
    return new ArtifactLocation().withUri(abs.toUri().toString());
  }

  private String content(Path file) throws IOException {
    String c = contents.get(file);
    if (c == null) {
      c = SourceFiles.read(file);
      contents.put(file, c);
    }
    return c;
  }

  private static int line(String content, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (content.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static int column(String content, int offset) {
    int nl = content.lastIndexOf('\n', offset - 1);
    return offset - nl;
  }
}

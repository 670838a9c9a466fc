package dev.ctxcheck.lsp;

import dev.ctxcheck.engine.analysis.Check;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Trace;
import dev.ctxcheck.lsp.analysis.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.lsp4j.DiagnosticCodeDescription;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.PublishDiagnosticsParams;

/**
 * Findings as LSP diagnostics, and their publication: after each analysis, every file whose
 * diagnostics changed is published (an empty list clears it), and no other.
 */
final class Diagnostics {

  static final String SOURCE = "ctxcheck";

  private final Path docs;
  /** What each URI was last published with. */
  private final Map<String, List<Diagnostic>> published = new HashMap<>();

  /** @param docs the folder of the checks' pages ({@code docs/<Check>.md}), or null if unknown */
  Diagnostics(Path docs) {
    this.docs = docs;
  }

  /** The diagnostics of one outcome, by the URI each file is published under. */
  Map<String, List<Diagnostic>> of(Analyser.Published run, Positions positions) {
    Map<String, List<Diagnostic>> out = new LinkedHashMap<>();
    for (Finding f : run.outcome().findings()) {
      Path file = Uris.path(f.position().file());
      if (file == null) {
        continue;
      }
      out.computeIfAbsent(uriOf(run, file), k -> new ArrayList<>()).add(diagnostic(run.outcome(), positions, f));
    }
    return out;
  }

  /** Publishes what changed since the last call; returns the URIs published. */
  synchronized List<String> publish(Analyser.Published run, Positions positions,
      Consumer<PublishDiagnosticsParams> client) {
    Map<String, List<Diagnostic>> now = of(run, positions);
    List<String> sent = new ArrayList<>();
    for (Map.Entry<String, List<Diagnostic>> e : now.entrySet()) {
      if (!e.getValue().equals(published.get(e.getKey()))) {
        client.accept(params(run, e.getKey(), e.getValue()));
        sent.add(e.getKey());
      }
    }
    for (String uri : List.copyOf(published.keySet())) {
      if (!now.containsKey(uri)) {
        client.accept(params(run, uri, List.of()));
        sent.add(uri);
      }
    }
    published.clear();
    published.putAll(now);
    return sent;
  }

  private static PublishDiagnosticsParams params(Analyser.Published run, String uri, List<Diagnostic> list) {
    PublishDiagnosticsParams p = new PublishDiagnosticsParams(uri, list);
    Path file = Uris.path(uri);
    Workspace.Document doc = file == null ? null : run.documents().get(file);
    if (doc != null) {
      p.setVersion(doc.version());
    }
    return p;
  }

  Diagnostic diagnostic(Outcome outcome, Positions positions, Finding f) {
    Path file = Uris.path(f.position().file());
    Diagnostic d = new Diagnostic(positions.range(file, outcome.reportedRange(f)), f.message(),
        DiagnosticSeverity.Warning, SOURCE, f.check().checkName());
    String href = docsHref(f.check());
    if (href != null) {
      d.setCodeDescription(new DiagnosticCodeDescription(href));
    }
    List<DiagnosticRelatedInformation> related = new ArrayList<>();
    for (Trace trace : f.traces()) {
      List<Trace.Step> steps = trace.steps();
      for (int i = 0; i < steps.size(); i++) {
        Trace.Step step = steps.get(i);
        Path stepFile = Uris.path(step.position().file());
        if (stepFile == null) {
          continue;
        }
        boolean otherWriter = trace.role() == Trace.Role.INTERRUPTER && i == steps.size() - 1;
        String message = trace.context() + (otherWriter ? " (other writer)" : "") + ", step " + (i + 1) + " of "
            + steps.size() + ": " + step.method() + ": " + step.note();
        related.add(new DiagnosticRelatedInformation(
            new Location(Uris.uri(stepFile), positions.wordAt(stepFile, step.position().offset())), message));
      }
    }
    if (!related.isEmpty()) {
      d.setRelatedInformation(related);
    }
    return d;
  }

  /** A {@code file:} URI of the check's page in this checkout, if it is there. */
  String docsHref(Check check) {
    if (docs == null) {
      return null;
    }
    Path page = docs.resolve(check.checkName() + ".md");
    return Files.isRegularFile(page) ? Uris.uri(page) : null;
  }

  /** The URI a file is published under: the client's own for an open buffer. */
  static String uriOf(Analyser.Published run, Path file) {
    Workspace.Document doc = run.documents().get(file);
    return doc != null ? doc.uri() : Uris.uri(file);
  }
}

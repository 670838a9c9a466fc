package dev.ctxcheck.lsp;

import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Fix;
import dev.ctxcheck.lsp.analysis.Outcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentEdit;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * The code actions on findings: the engine's fix (exactly the edit {@code --fix} makes) as the
 * preferred quick fix, a quick fix that suppresses the check on the enclosing method, and {@code
 * source.fixAll.ctxcheck} with every fix of the file.
 */
final class CodeActions {

  static final String FIX_ALL = CodeActionKind.SourceFixAll + ".ctxcheck";

  private final Diagnostics diagnostics;
  private final boolean documentChanges;

  /** @param documentChanges whether the client takes versioned {@code documentChanges} edits */
  CodeActions(Diagnostics diagnostics, boolean documentChanges) {
    this.diagnostics = diagnostics;
    this.documentChanges = documentChanges;
  }

  /** The actions for {@code params} in {@code file}, whose analysed text is the buffer's current text. */
  List<Either<org.eclipse.lsp4j.Command, CodeAction>> actions(Analyser.Published run, Path file,
      CodeActionParams params) {
    Outcome outcome = run.outcome();
    Positions positions = new Positions(outcome);
    List<String> only = params.getContext() == null ? null : params.getContext().getOnly();
    List<Diagnostic> asked = params.getContext() == null || params.getContext().getDiagnostics() == null ? List.of()
        : params.getContext().getDiagnostics();
    List<Either<org.eclipse.lsp4j.Command, CodeAction>> out = new ArrayList<>();
    List<Finding> inFile = outcome.findings().stream().filter(f -> file.equals(Uris.path(f.position().file())))
        .toList();
    if (wanted(only, CodeActionKind.QuickFix)) {
      for (Finding f : inFile) {
        Diagnostic d = diagnostics.diagnostic(outcome, positions, f);
        if (!overlaps(d.getRange(), params.getRange()) && !matchesAny(d, asked)) {
          continue;
        }
        if (f.fix() != null) {
          CodeAction fix = new CodeAction(capitalised(f.fix().description()));
          fix.setKind(CodeActionKind.QuickFix);
          fix.setDiagnostics(List.of(d));
          fix.setIsPreferred(true);
          fix.setEdit(edit(run, positions, f.fix().file(), f.fix().edits()));
          out.add(Either.forRight(fix));
        }
        outcome.suppression(file, f.position().offset(), f.check().checkName()).ifPresent(s -> {
          CodeAction suppress = new CodeAction(s.description());
          suppress.setKind(CodeActionKind.QuickFix);
          suppress.setDiagnostics(List.of(d));
          suppress.setEdit(edit(run, positions, s.file(), s.edits()));
          out.add(Either.forRight(suppress));
        });
      }
    }
    if (wanted(only, FIX_ALL)) {
      Set<Fix.Edit> edits = new LinkedHashSet<>();
      int fixes = 0;
      for (Finding f : inFile) {
        if (f.fix() != null) {
          edits.addAll(f.fix().edits()); // two fixes adding the same import add it once
          fixes++;
        }
      }
      if (fixes > 0) {
        CodeAction all = new CodeAction("Apply every ctxcheck fix in this file (" + fixes + ")");
        all.setKind(FIX_ALL);
        all.setEdit(edit(run, positions, Uris.uri(file), List.copyOf(edits)));
        out.add(Either.forRight(all));
      }
    }
    return out;
  }

  /** Whether the client asked for this kind: no filter, or a filter naming it or a kind above it. */
  private static boolean wanted(List<String> only, String kind) {
    if (only == null || only.isEmpty()) {
      return true;
    }
    for (String o : only) {
      if (kind.equals(o) || kind.startsWith(o + ".")) {
        return true;
      }
    }
    return false;
  }

  private WorkspaceEdit edit(Analyser.Published run, Positions positions, String fileId, List<Fix.Edit> edits) {
    Path file = Uris.path(fileId);
    List<TextEdit> textEdits = new ArrayList<>();
    for (Fix.Edit e : edits) {
      textEdits.add(new TextEdit(positions.range(file, e.range()), e.replacement()));
    }
    String uri = Diagnostics.uriOf(run, file);
    if (documentChanges) {
      Workspace.Document doc = run.documents().get(file);
      VersionedTextDocumentIdentifier id =
          new VersionedTextDocumentIdentifier(uri, doc == null ? null : doc.version());
      return new WorkspaceEdit(List.of(Either.forLeft(new TextDocumentEdit(id, textEdits))));
    }
    return new WorkspaceEdit(Map.of(uri, textEdits));
  }

  private static boolean overlaps(Range a, Range b) {
    return !before(a.getEnd(), b.getStart()) && !before(b.getEnd(), a.getStart());
  }

  private static boolean before(org.eclipse.lsp4j.Position x, org.eclipse.lsp4j.Position y) {
    return x.getLine() < y.getLine() || (x.getLine() == y.getLine() && x.getCharacter() < y.getCharacter());
  }

  /**
   * Whether the client named this diagnostic in the request's context. Clients rebuild what they send
   * from their own form of it (Neovim keeps neither the source's words nor UTF-16 columns), so a
   * diagnostic of ours, or of no stated source, whose range overlaps counts.
   */
  private static boolean matchesAny(Diagnostic d, List<Diagnostic> asked) {
    for (Diagnostic a : asked) {
      if ((a.getSource() == null || Diagnostics.SOURCE.equals(a.getSource())) && a.getRange() != null
          && overlaps(d.getRange(), a.getRange())) {
        return true;
      }
    }
    return false;
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}

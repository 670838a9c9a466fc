package dev.ctxcheck.errorprone;

import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.Tree;
import dev.ctxcheck.engine.analysis.Check;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Fix;
import java.net.URI;

/** Turns the engine's findings on a tree into Error Prone descriptions. */
final class Findings {

  private Findings() {}

  static Description describe(BugChecker checker, Check check, Tree tree, VisitorState state,
      CtxcheckOptions options) {
    WholeProgram program = WholeProgram.get(state, options);
    if (program.failed()) {
      return Description.NO_MATCH;
    }
    Finding finding = program.at(state.getPath().getCompilationUnit().getSourceFile(),
        ASTHelpers.getStartPosition(tree), check);
    if (finding == null) {
      return Description.NO_MATCH;
    }
    Description.Builder description = checker.buildDescription(tree).setMessage(finding.message());
    URI page = options.docs().url(check);
    if (page != null) {
      description.setLinkUrl(page.toString());
    }
    Fix fix = finding.fix();
    if (fix != null) {
      SuggestedFix.Builder edits = SuggestedFix.builder();
      for (Fix.Edit e : program.edits(state.getPath().getCompilationUnit().getSourceFile(), finding)) {
        edits.replace(e.range().start(), e.range().end(), e.replacement());
      }
      description.addFix(edits.build());
    }
    FindingSink sink = state.context.get(FindingSink.KEY);
    if (sink != null) {
      sink.reported(finding);
    }
    return description.build();
  }
}

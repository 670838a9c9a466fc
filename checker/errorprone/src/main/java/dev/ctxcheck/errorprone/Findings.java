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
    if (finding == null || !within(finding, tree, state)) {
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

  /**
   * Whether the finding's name token lies in {@code tree}: {@code this_cpu_ptr(p).rx++} and the call
   * it starts with begin at one offset, and the update's finding belongs to the update.
   */
  private static boolean within(Finding finding, Tree tree, VisitorState state) {
    if (finding.nameRange() == null) {
      return true;
    }
    int end = state.getEndPosition(tree);
    return end < 0 || finding.nameRange().end() <= end;
  }
}

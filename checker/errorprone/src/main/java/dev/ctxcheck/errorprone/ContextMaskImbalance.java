package dev.ctxcheck.errorprone;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.LambdaExpressionTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import dev.ctxcheck.engine.analysis.Check;
import javax.inject.Inject;

/** {@link Check#CONTEXT_MASK_IMBALANCE}, explained in {@code docs/ContextMaskImbalance.md}. */
@AutoService(BugChecker.class)
@BugPattern(
    summary = Check.Summary.CONTEXT_MASK_IMBALANCE,
    severity = WARNING,
    // The link is set per diagnostic: where the pages are is known at run time (CheckDocs).
    linkType = BugPattern.LinkType.NONE)
public final class ContextMaskImbalance extends BugChecker
    implements MethodTreeMatcher, LambdaExpressionTreeMatcher {

  private final CtxcheckOptions options;

  /** For the service loader, which finds plugin checks; Error Prone itself injects the flags. */
  public ContextMaskImbalance() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public ContextMaskImbalance(ErrorProneFlags flags) {
    this.options = CtxcheckOptions.from(flags);
  }

  @Override
  public Description matchMethod(MethodTree tree, VisitorState state) {
    return Findings.describe(this, Check.CONTEXT_MASK_IMBALANCE, tree, state, options);
  }

  @Override
  public Description matchLambdaExpression(LambdaExpressionTree tree, VisitorState state) {
    return Findings.describe(this, Check.CONTEXT_MASK_IMBALANCE, tree, state, options);
  }
}

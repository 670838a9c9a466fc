package dev.ctxcheck.errorprone;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.AssignmentTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.CompoundAssignmentTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.bugpatterns.BugChecker.UnaryTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.UnaryTree;
import dev.ctxcheck.engine.analysis.Check;
import javax.inject.Inject;

/** {@link Check#PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE}, explained in {@code docs/PerCpuUpdateInPreemptibleCode.md}. */
@AutoService(BugChecker.class)
@BugPattern(
    summary = Check.Summary.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE,
    severity = WARNING,
    // The link is set per diagnostic: where the pages are is known at run time (CheckDocs).
    linkType = BugPattern.LinkType.NONE)
public final class PerCpuUpdateInPreemptibleCode extends BugChecker implements MethodInvocationTreeMatcher,
    UnaryTreeMatcher, CompoundAssignmentTreeMatcher, AssignmentTreeMatcher {

  private final CtxcheckOptions options;

  /** For the service loader, which finds plugin checks; Error Prone itself injects the flags. */
  public PerCpuUpdateInPreemptibleCode() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public PerCpuUpdateInPreemptibleCode(ErrorProneFlags flags) {
    this.options = CtxcheckOptions.from(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return Findings.describe(this, Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, tree, state, options);
  }

  // Field updates through per-CPU objects (x.f++, x.f += v, x.f = v).

  @Override
  public Description matchUnary(UnaryTree tree, VisitorState state) {
    return Findings.describe(this, Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, tree, state, options);
  }

  @Override
  public Description matchCompoundAssignment(CompoundAssignmentTree tree, VisitorState state) {
    return Findings.describe(this, Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, tree, state, options);
  }

  @Override
  public Description matchAssignment(AssignmentTree tree, VisitorState state) {
    return Findings.describe(this, Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, tree, state, options);
  }
}

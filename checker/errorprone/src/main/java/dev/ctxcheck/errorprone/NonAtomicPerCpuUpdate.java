package dev.ctxcheck.errorprone;

import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;

import com.google.auto.service.AutoService;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.MethodInvocationTree;
import dev.ctxcheck.engine.analysis.Check;
import javax.inject.Inject;

/** See {@code docs/NonAtomicPerCpuUpdate.md}. */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "A non-atomic per-CPU update can be interrupted by another context that updates the same"
        + " variable, and an update is lost",
    explanation = "__this_cpu_* operations are a read-modify-write that an interrupt can split. ctxcheck infers"
        + " which contexts reach each update through the whole call graph and what is masked there; when a"
        + " context that can interrupt the update also updates the variable, use the atomic this_cpu_*"
        + " variant or mask that context around the update.",
    severity = WARNING,
    linkType = BugPattern.LinkType.NONE)
public final class NonAtomicPerCpuUpdate extends BugChecker implements MethodInvocationTreeMatcher {

  private final CtxcheckOptions options;

  /** For the service loader, which finds plugin checks; Error Prone itself injects the flags. */
  public NonAtomicPerCpuUpdate() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public NonAtomicPerCpuUpdate(ErrorProneFlags flags) {
    this.options = CtxcheckOptions.from(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree tree, VisitorState state) {
    return Findings.describe(this, Check.NON_ATOMIC_PER_CPU_UPDATE, tree, state, options);
  }
}

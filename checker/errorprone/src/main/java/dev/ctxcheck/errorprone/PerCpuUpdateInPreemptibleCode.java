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

/** See {@code docs/PerCpuUpdateInPreemptibleCode.md}. */
@AutoService(BugChecker.class)
@BugPattern(
    summary = "A non-atomic per-CPU update runs in process context with preemption enabled",
    explanation = "Another task scheduled on the same CPU can run between the read and the write of a"
        + " __this_cpu_* update made with preemption enabled (also under migrate_disable or rcu_read_lock)."
        + " This is the static twin of the kernel's CONFIG_DEBUG_PREEMPT check.",
    severity = WARNING,
    linkType = BugPattern.LinkType.NONE)
public final class PerCpuUpdateInPreemptibleCode extends BugChecker implements MethodInvocationTreeMatcher {

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
}

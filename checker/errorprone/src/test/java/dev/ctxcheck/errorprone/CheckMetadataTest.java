package dev.ctxcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.errorprone.BugPattern;
import dev.ctxcheck.engine.analysis.Check;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each check's Error Prone metadata comes from the engine's {@link Check}; its explanation is its page. */
class CheckMetadataTest {

  private static final Map<Check, Class<?>> CHECKERS = Map.of(
      Check.NON_ATOMIC_PER_CPU_UPDATE, NonAtomicPerCpuUpdate.class,
      Check.PER_CPU_UPDATE_IN_PREEMPTIBLE_CODE, PerCpuUpdateInPreemptibleCode.class,
      Check.CONTEXT_MASK_IMBALANCE, ContextMaskImbalance.class);

  @ParameterizedTest
  @EnumSource(Check.class)
  void bugPatternIsTheChecks(Check check) {
    Class<?> checker = CHECKERS.get(check);
    BugPattern pattern = checker.getAnnotation(BugPattern.class);
    assertEquals(check.checkName(), checker.getSimpleName(), "the check's name is the class name Error Prone uses");
    assertEquals(check.summary(), pattern.summary());
    assertEquals("", pattern.explanation(), "the explanation lives in docs/" + check.docsPage() + " only");
  }
}

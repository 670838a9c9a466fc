package dev.ctxcheck.engine.analysis;

import static dev.ctxcheck.engine.analysis.Facts.field;
import static dev.ctxcheck.engine.facts.ExecContext.HARDIRQ;
import static dev.ctxcheck.engine.facts.ExecContext.PROCESS;
import static dev.ctxcheck.engine.facts.ExecContext.SOFTIRQ;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ctxcheck.engine.facts.MethodFacts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a finding is about, without positions: the identity that SARIF fingerprints hash. */
class FindingSubjectTest {

  @Test
  void anUpdateNamesItsMethodOperationAndVariables() {
    Facts f = new Facts();
    f.method("tasklet").in(SOFTIRQ).api("__inc", field("hits")).add();
    f.method("irq").in(HARDIRQ).api("inc", field("hits")).add();
    List<Finding> findings = f.run();
    assertEquals(1, findings.size(), findings.toString());
    assertEquals(new Finding.Subject("app.A#tasklet()", "__inc", List.of("app.A#hits")), findings.get(0).subject());
  }

  @Test
  void aLambdaIsNamedByItsClassNotByItsOffset() {
    Facts f = new Facts();
    Facts.M lambda = f.method("lambda@1234").in(PROCESS).api("__inc", field("hits"));
    lambda.kind = MethodFacts.Kind.LAMBDA;
    lambda.add();
    List<Finding> findings = f.run();
    assertEquals(1, findings.size(), findings.toString());
    assertEquals(new Finding.Subject("app.A#lambda", "__inc", List.of("app.A#hits")), findings.get(0).subject());
  }

  @Test
  void anImbalanceNamesItsMethodOnly() {
    Facts f = new Facts();
    f.method("leaky").in(PROCESS).api("bh_off").add();
    List<Finding> findings = f.run();
    assertEquals(1, findings.size(), findings.toString());
    assertEquals(Check.CONTEXT_MASK_IMBALANCE, findings.get(0).check());
    assertEquals(new Finding.Subject("app.A#leaky()", "", List.of()), findings.get(0).subject());
  }
}

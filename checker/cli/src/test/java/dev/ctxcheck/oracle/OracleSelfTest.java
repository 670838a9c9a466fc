package dev.ctxcheck.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.oracle.Model.Ctx;
import dev.ctxcheck.oracle.Model.Level;
import dev.ctxcheck.oracle.Model.Program;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The oracle alone: hand-worked programs, the interruption table, and the generator's contract. */
class OracleSelfTest {

  static Stream<HandWritten.Case> cases() {
    return HandWritten.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void oracleFindsWhatWasWorkedOutByHand(HandWritten.Case c) {
    Oracle.Result r = Oracle.analyze(c.program());
    assertEquals(c.expected(), r.expected(), () -> c.name() + "\n" + JavaRenderer.render(c.program()).source());
  }

  @Test
  void interruptionTable() {
    for (Level l : Level.values()) {
      // NMI interrupts everything but NMI, whatever is masked.
      assertTrue(Oracle.canInterrupt(Ctx.NMI, Ctx.PROCESS, l));
      assertTrue(Oracle.canInterrupt(Ctx.NMI, Ctx.SOFTIRQ, l));
      assertTrue(Oracle.canInterrupt(Ctx.NMI, Ctx.HARDIRQ, l));
      assertFalse(Oracle.canInterrupt(Ctx.NMI, Ctx.NMI, l));
      for (Ctx c : Ctx.values()) {
        // Process code never interrupts; nothing but NMI interrupts hardirq; nothing interrupts NMI.
        assertFalse(Oracle.canInterrupt(Ctx.PROCESS, c, l));
        assertFalse(Oracle.canInterrupt(Ctx.HARDIRQ, Ctx.HARDIRQ, l));
        assertFalse(Oracle.canInterrupt(c, Ctx.NMI, l));
        assertFalse(Oracle.canInterrupt(Ctx.SOFTIRQ, Ctx.SOFTIRQ, l));
        assertFalse(Oracle.canInterrupt(Ctx.SOFTIRQ, Ctx.HARDIRQ, l));
      }
    }
    assertTrue(Oracle.canInterrupt(Ctx.HARDIRQ, Ctx.PROCESS, Level.SOFTIRQ));
    assertFalse(Oracle.canInterrupt(Ctx.HARDIRQ, Ctx.PROCESS, Level.HARDIRQ));
    assertTrue(Oracle.canInterrupt(Ctx.HARDIRQ, Ctx.SOFTIRQ, Level.SOFTIRQ));
    assertFalse(Oracle.canInterrupt(Ctx.HARDIRQ, Ctx.SOFTIRQ, Level.HARDIRQ));
    assertTrue(Oracle.canInterrupt(Ctx.SOFTIRQ, Ctx.PROCESS, Level.PREEMPTION));
    assertFalse(Oracle.canInterrupt(Ctx.SOFTIRQ, Ctx.PROCESS, Level.SOFTIRQ));
  }

  @Test
  void generatorIsDeterministicAndBalanced() {
    for (int i = 0; i < 300; i++) {
      long seed = ProgramGenerator.programSeed(42, i);
      Program a = ProgramGenerator.generate(seed, "p");
      Program b = ProgramGenerator.generate(seed, "p");
      assertEquals(JavaRenderer.render(a).source(), JavaRenderer.render(b).source());
      // Oracle.analyze throws on a body that does not release what it takes on every path.
      Oracle.analyze(a);
    }
  }
}

package dev.ctxcheck.javaparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Program;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flow graphs source mode builds, on what the parity scenarios cannot show by findings alone. */
class FlowBuilderTest {

  @TempDir Path tmp;

  private Program program(String body) throws Exception {
    Path f = tmp.resolve("F.java");
    Files.writeString(f, """
        package f;
        import static dev.ctxcheck.percpu.Bh.*;
        import dev.ctxcheck.percpu.*;
        class F {
          static final SpinLock L = new SpinLock();
        """ + body + "}\n");
    SourceAnalyzer.Extraction e = SourceAnalyzer.extract(
        List.of(new SourceAnalyzer.Input(f.toUri().toString(), f.toString(), Files.readString(f))), List.of());
    return Program.assemble(e.units(), e.texts()::get);
  }

  private static MethodFacts method(Program p, String name) {
    return p.methods().stream().filter(m -> m.name().equals(name) && m.hasBody()).findFirst().orElseThrow();
  }

  /** The synthetic sites on the normal path from entry to exit, in order (one path: no branches). */
  private static List<CallSite> syntheticOnNormalPath(MethodFacts m) {
    FlowGraph g = m.flow();
    assertNotNull(g, "a method that masks has a flow graph");
    List<CallSite> out = new ArrayList<>();
    int b = g.entry();
    for (int steps = 0; b != g.exit() && steps < 1000; steps++) {
      for (int s : g.sites(b)) {
        if (m.sites().get(s).isSynthetic()) {
          out.add(m.sites().get(s));
        }
      }
      b = g.successors(b)[0];
    }
    assertEquals(g.exit(), b, "the path reaches the exit");
    return out;
  }

  @Test
  void resourcesAreClosedInReverseOrderEachReleasingWhatItsInitializerTook() throws Exception {
    Program p = program("""
          static void twoGuards() {
            try (Guard outer = Guard.spinlock_bh(L); Guard inner = Guard.irqsave()) {
              local_bh_disable();
              local_bh_enable();
            }
          }
        """);
    List<CallSite> closes = syntheticOnNormalPath(method(p, "twoGuards"));
    assertEquals(List.of(MaskLevel.HARDIRQ, MaskLevel.SOFTIRQ), closes.stream().map(CallSite::scopeLevel).toList());
    assertEquals("dev.ctxcheck.percpu.Guard#close()", closes.get(0).target());
  }

  @Test
  void aMethodWithoutMaskingCallsIsStraightLine() throws Exception {
    Program p = program("""
          static int plain(int n) {
            int r = 0;
            for (int i = 0; i < n; i++) {
              r += Math.max(i, r);
            }
            return r;
          }
        """);
    assertNull(method(p, "plain").flow());
  }

  @Test
  void everyFinallyCopyHoldsTheRelease() throws Exception {
    Program p = program("""
          static int early(int n) {
            local_bh_disable();
            try {
              while (n > 0) {
                if (n == 3) {
                  return 1;
                }
                if (n == 5) {
                  break;
                }
                n = step(n);
              }
            } finally {
              local_bh_enable();
            }
            return 0;
          }
          static int step(int n) {
            return n - 1;
          }
        """);
    MethodFacts m = method(p, "early");
    int release = -1;
    for (int s = 0; s < m.sites().size(); s++) {
      if (m.sites().get(s).target().endsWith("#local_bh_enable()")) {
        release = s;
      }
    }
    FlowGraph g = m.flow();
    int copies = 0;
    for (int b = 0; b < g.blockCount(); b++) {
      for (int s : g.sites(b)) {
        copies += s == release ? 1 : 0;
      }
    }
    // One copy for the return, one for leaving the loop normally (after the break too), one for
    // what step() may throw; the break itself stays inside the try and needs none.
    assertEquals(3, copies, g.toString());
  }
}

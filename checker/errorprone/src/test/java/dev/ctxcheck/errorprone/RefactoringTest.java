package dev.ctxcheck.errorprone;

import com.google.errorprone.BugCheckerRefactoringTestHelper;
import com.google.errorprone.BugCheckerRefactoringTestHelper.TestMode;
import org.junit.jupiter.api.Test;

/**
 * Fixes rename the method, add a static import only when one is needed (in order) and remove the
 * one they leave unused. The helper compares formatted text; {@link PatchModeTest} checks the bytes
 * Error Prone's patch mode writes.
 */
class RefactoringTest {

  private BugCheckerRefactoringTestHelper nonAtomic() {
    return helper(NonAtomicPerCpuUpdate.class);
  }

  /** The helper analyses every file before it scans one, as the simple compile policy does. */
  private BugCheckerRefactoringTestHelper helper(Class<? extends com.google.errorprone.bugpatterns.BugChecker> check) {
    return BugCheckerRefactoringTestHelper.newInstance(check, getClass()).setArgs("-XDcompilePolicy=simple");
  }

  @Test
  void onDemandStaticImportRenamesTheTokenOnly() {
    nonAtomic()
        .addInputLines(
            "net/Stats.java",
            "package net;",
            "import static dev.ctxcheck.percpu.PerCpu.*;",
            "import dev.ctxcheck.annotations.*;",
            "import dev.ctxcheck.percpu.PerCpuLong;",
            "class Stats {",
            "  static final PerCpuLong RX = new PerCpuLong();",
            "  @SoftirqContext static void rx() { __this_cpu_add(RX,   3 /* frames */); }",
            "  @HardirqContext static void irq() { this_cpu_inc(RX); }",
            "}")
        .addOutputLines(
            "net/Stats.java",
            "package net;",
            "import static dev.ctxcheck.percpu.PerCpu.*;",
            "import dev.ctxcheck.annotations.*;",
            "import dev.ctxcheck.percpu.PerCpuLong;",
            "class Stats {",
            "  static final PerCpuLong RX = new PerCpuLong();",
            "  @SoftirqContext static void rx() { this_cpu_add(RX,   3 /* frames */); }",
            "  @HardirqContext static void irq() { this_cpu_inc(RX); }",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void theUnusedImportGoesAndTheImportOfTheAtomicVariantTakesItsPlace() {
    nonAtomic()
        .addInputLines(
            "net/Stats.java",
            "package net;",
            "import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;",
            "import dev.ctxcheck.annotations.*;",
            "import dev.ctxcheck.percpu.PerCpuLong;",
            "class Stats {",
            "  static final PerCpuLong RX = new PerCpuLong();",
            "  @SoftirqContext @HardirqContext static void rx() { __this_cpu_inc(RX); }",
            "}")
        .addOutputLines(
            "net/Stats.java",
            "package net;",
            "import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;",
            "import dev.ctxcheck.annotations.*;",
            "import dev.ctxcheck.percpu.PerCpuLong;",
            "class Stats {",
            "  static final PerCpuLong RX = new PerCpuLong();",
            "  @SoftirqContext @HardirqContext static void rx() { this_cpu_inc(RX); }",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void qualifiedCallWithACommentBeforeTheNameKeepsTheComment() {
    nonAtomic()
        .addInputLines(
            "net/Stats.java",
            "package net;",
            "import dev.ctxcheck.annotations.*;",
            "import dev.ctxcheck.percpu.*;",
            "class Stats {",
            "  static final PerCpuLong[] RX = {new PerCpuLong()};",
            "  @ProcessContext @SoftirqContext static void rx(int q) {",
            "    PerCpu",
            "        . /* bh may be on */ __this_cpu_sub(RX[q], 1);",
            "  }",
            "}")
        .addOutputLines(
            "net/Stats.java",
            "package net;",
            "import dev.ctxcheck.annotations.*;",
            "import dev.ctxcheck.percpu.*;",
            "class Stats {",
            "  static final PerCpuLong[] RX = {new PerCpuLong()};",
            "  @ProcessContext @SoftirqContext static void rx(int q) {",
            "    PerCpu",
            "        . /* bh may be on */ this_cpu_sub(RX[q], 1);",
            "  }",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void wrapperCallBecomesACallOfItsTwin() {
    nonAtomic()
        .addInputLines(
            "net/Snmp.java",
            "package net;",
            "import static dev.ctxcheck.percpu.PerCpu.*;",
            "import dev.ctxcheck.percpu.PerCpuLong;",
            "final class Snmp {",
            "  static final PerCpuLong[] MIB = {new PerCpuLong(), new PerCpuLong()};",
            "  static void __NET_INC_STATS(int field) { __this_cpu_inc(MIB[field]); }",
            "  static void NET_INC_STATS(int field) { this_cpu_inc(MIB[field]); }",
            "}")
        .expectUnchanged()
        .addInputLines(
            "net/Tcp.java",
            "package net;",
            "import static net.Snmp.*;",
            "import dev.ctxcheck.annotations.*;",
            "class Tcp {",
            "  @SoftirqContext static void tcp_v4_rcv() { tcp_rtx_synack(); }",
            "  @ProcessContext static void release_sock() { tcp_rtx_synack(); }",
            "  static void tcp_rtx_synack() { __NET_INC_STATS(1); }",
            "}")
        .addOutputLines(
            "net/Tcp.java",
            "package net;",
            "import static net.Snmp.*;",
            "import dev.ctxcheck.annotations.*;",
            "class Tcp {",
            "  @SoftirqContext static void tcp_v4_rcv() { tcp_rtx_synack(); }",
            "  @ProcessContext static void release_sock() { tcp_rtx_synack(); }",
            "  static void tcp_rtx_synack() { NET_INC_STATS(1); }",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }

  @Test
  void preemptibleUpdateOffersTheSameFix() {
    helper(PerCpuUpdateInPreemptibleCode.class)
        .addInputLines(
            "bpf/Storage.java",
            "package bpf;",
            "import static dev.ctxcheck.percpu.PerCpu.*;",
            "import static dev.ctxcheck.percpu.Preempt.*;",
            "import dev.ctxcheck.annotations.*;",
            "import dev.ctxcheck.percpu.PerCpuLong;",
            "class Storage {",
            "  static final PerCpuLong busy = new PerCpuLong();",
            "  @ProcessContext static void lock() {",
            "    migrate_disable();",
            "    __this_cpu_inc(busy);",
            "    migrate_enable();",
            "  }",
            "}")
        .addOutputLines(
            "bpf/Storage.java",
            "package bpf;",
            "import static dev.ctxcheck.percpu.PerCpu.*;",
            "import static dev.ctxcheck.percpu.Preempt.*;",
            "import dev.ctxcheck.annotations.*;",
            "import dev.ctxcheck.percpu.PerCpuLong;",
            "class Storage {",
            "  static final PerCpuLong busy = new PerCpuLong();",
            "  @ProcessContext static void lock() {",
            "    migrate_disable();",
            "    this_cpu_inc(busy);",
            "    migrate_enable();",
            "  }",
            "}")
        .doTest(TestMode.TEXT_MATCH);
  }
}

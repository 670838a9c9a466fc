package dev.ctxcheck.errorprone;

import com.google.errorprone.CompilationTestHelper;
import org.junit.jupiter.api.Test;

/** A user API described only through ctxcheck's annotations, checked end to end. */
class UserApiSmokeTest {

  private static final String[] API = {
    "package api;",
    "import dev.ctxcheck.annotations.*;",
    "public final class Counters {",
    "  public static final class Counter { long v; }",
    "  @PerCpuOperation(value = PerCpuOperation.Kind.NON_ATOMIC_UPDATE, atomicVariant = \"inc\")",
    "  public static void __inc(Counter c) { c.v++; }",
    "  @PerCpuOperation(PerCpuOperation.Kind.ATOMIC_UPDATE)",
    "  public static void inc(Counter c) { c.v++; }",
    "  @Masks(Masked.SOFTIRQ) public static void bh_off() {}",
    "  @Unmasks(Masked.SOFTIRQ) public static void bh_on() {}",
    "  public static void on_softirq(@SoftirqContext Runnable r) {}",
    "}",
  };

  @Test
  void siteReachedFromProcessAndSoftirqIsReported() {
    CompilationTestHelper.newInstance(NonAtomicPerCpuUpdate.class, getClass())
        .addSourceLines("api/Counters.java", API)
        .addSourceLines(
            "app/Stats.java",
            "package app;",
            "import static api.Counters.*;",
            "import dev.ctxcheck.annotations.*;",
            "class Stats {",
            "  static final Counter HITS = new Counter();",
            "  static void count() {",
            "    // BUG: Diagnostic contains: __inc(HITS) can lose updates: reached in PROCESS (syscall -> count)"
                + " and in SOFTIRQ (lambda@Stats.java:13 -> count), which can interrupt it; use inc",
            "    __inc(HITS);",
            "  }",
            "  @ProcessContext static void syscall() { count(); }",
            "  static void init() {",
            "    on_softirq(",
            "        () -> count());",
            "  }",
            "}")
        .doTest();
  }

  @Test
  void softirqMaskedAroundProcessSiteIsSilent() {
    CompilationTestHelper.newInstance(NonAtomicPerCpuUpdate.class, getClass())
        .addSourceLines("api/Counters.java", API)
        .addSourceLines(
            "app/Stats.java",
            "package app;",
            "import static api.Counters.*;",
            "import dev.ctxcheck.annotations.*;",
            "class Stats {",
            "  static final Counter HITS = new Counter();",
            "  @ProcessContext static void syscall() {",
            "    bh_off();",
            "    try {",
            "      if (HITS.hashCode() == 0) { return; }",
            "      __inc(HITS);",
            "    } finally {",
            "      bh_on();",
            "    }",
            "  }",
            "  @SoftirqContext static void tasklet() { inc(HITS); }",
            "}")
        .doTest();
  }
}

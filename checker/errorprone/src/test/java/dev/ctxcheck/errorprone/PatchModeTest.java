package dev.ctxcheck.errorprone;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Error Prone's own patching ({@code -XepPatchChecks}, {@code -XepPatchLocation:IN_PLACE}) with
 * ctxcheck's fixes: files come out byte for byte as they went in, but for the renamed tokens.
 */
class PatchModeTest {

  @TempDir Path tmp;

  @Test
  void inPlacePatchRenamesTokensAndKeepsEveryOtherByte() throws Exception {
    String stats = "package net;\r\n"
        + "\r\n"
        + "import static dev.ctxcheck.percpu.PerCpu.*;\r\n"
        + "import dev.ctxcheck.annotations.*;\r\n"
        + "import dev.ctxcheck.percpu.*;\r\n"
        + "\r\n"
        + "final class Stats {\r\n"
        + "\tstatic final PerCpuLong RX = new PerCpuLong(), TX = new PerCpuLong();\r\n"
        + "\r\n"
        + "\t@ProcessContext\r\n"
        + "\tstatic void xmit() {\r\n"
        + "\t\t__this_cpu_inc( TX ); // preemptible: both checks, one fix\r\n"
        + "\t\tPerCpu.  /* keep */ __this_cpu_add(RX,\t1);\r\n"
        + "\t}\r\n"
        + "\r\n"
        + "\t@SoftirqContext\r\n"
        + "\tstatic void rx() {\r\n"
        + "\t\tthis_cpu_add(RX, 2);\r\n"
        + "\t}\r\n"
        + "}";
    Path file = tmp.resolve("Stats.java");
    Files.writeString(file, stats);
    Compiler.Outcome outcome = Compiler.compile(List.of(file), Files.createDirectories(tmp.resolve("classes")),
        "-XepPatchChecks:NonAtomicPerCpuUpdate,PerCpuUpdateInPreemptibleCode", "-XepPatchLocation:IN_PLACE");
    assertTrue(outcome.success(), outcome.diagnostics().toString());
    assertEquals(stats.replace("__this_cpu_inc(", "this_cpu_inc(").replace("__this_cpu_add(", "this_cpu_add("),
        Files.readString(file));
  }

  @Test
  void fixesPatchedTogetherTouchEachImportOnce() throws Exception {
    String stats = String.join("\n",
        "package net;",
        "",
        "import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;",
        "import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;",
        "import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;",
        "",
        "import dev.ctxcheck.annotations.*;",
        "import dev.ctxcheck.percpu.PerCpuLong;",
        "",
        "final class Stats {",
        "  static final PerCpuLong RX = new PerCpuLong(), TX = new PerCpuLong();",
        "",
        "  @ProcessContext",
        "  static void xmit() {",
        "    __this_cpu_inc(TX);",
        "    __this_cpu_inc(RX);",
        "    __this_cpu_add(RX, 2);",
        "  }",
        "",
        "  @SoftirqContext",
        "  static void rx() {",
        "    this_cpu_add(RX, 2);",
        "  }",
        "}",
        "");
    Path file = tmp.resolve("Stats.java");
    Files.writeString(file, stats);
    Compiler.Outcome outcome = Compiler.compile(List.of(file), Files.createDirectories(tmp.resolve("classes")),
        "-XepPatchChecks:NonAtomicPerCpuUpdate,PerCpuUpdateInPreemptibleCode", "-XepPatchLocation:IN_PLACE");
    assertTrue(outcome.success(), outcome.diagnostics().toString());
    // Two renamed uses of __this_cpu_inc: its import goes once; this_cpu_inc comes in once, in order;
    // __this_cpu_add's import goes with its last use.
    assertEquals(stats
        .replace("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;\n", "")
        .replace("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;\n", "")
        .replace("import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;\n",
            "import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;\nimport static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;\n")
        .replace("    __this_cpu_", "    this_cpu_"), Files.readString(file));
  }
}

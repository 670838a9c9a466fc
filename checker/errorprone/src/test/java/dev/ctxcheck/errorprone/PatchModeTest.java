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
}

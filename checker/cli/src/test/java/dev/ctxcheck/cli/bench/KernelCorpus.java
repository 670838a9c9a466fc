package dev.ctxcheck.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a kernel-style program of about {@code lines} lines for the source-mode benchmark: per
 * subsystem a statistics class of per-CPU counters, an ops interface with two drivers, and driver
 * code with entry points in every context, callbacks registered as lambdas, method references and
 * anonymous classes, helper chains, and masks taken in pairs, in try/finally and in guards. Some
 * updates are non-atomic where another context updates the same counter, so there are findings.
 * Deterministic: the same size gives the same tree.
 */
public final class KernelCorpus {

  private KernelCorpus() {}

  /** Lines one subsystem takes (its five files). */
  private static final int LINES_PER_SUBSYSTEM = 420;

  /** @return the number of lines written */
  public static long write(Path root, long lines) throws IOException {
    int subsystems = (int) Math.max(1, lines / LINES_PER_SUBSYSTEM);
    long written = 0;
    for (int s = 0; s < subsystems; s++) {
      String pkg = "kern.sub" + s;
      Path dir = root.resolve("kern").resolve("sub" + s);
      Files.createDirectories(dir);
      written += file(dir.resolve("Stats.java"), stats(pkg));
      written += file(dir.resolve("Ops.java"), ops(pkg));
      written += file(dir.resolve("FastDriver.java"), driver(pkg, "FastDriver", false));
      written += file(dir.resolve("SlowDriver.java"), driver(pkg, "SlowDriver", true));
      written += file(dir.resolve("Core.java"), core(pkg, s));
    }
    return written;
  }

  private static long file(Path path, String text) throws IOException {
    Files.writeString(path, text);
    return text.chars().filter(c -> c == '\n').count();
  }

  private static String stats(String pkg) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(pkg).append(";\n\n")
        .append("import dev.ctxcheck.percpu.PerCpuLong;\n")
        .append("import dev.ctxcheck.percpu.SpinLock;\n\n")
        .append("/** The subsystem's per-CPU statistics. */\n")
        .append("public final class Stats {\n");
    for (int i = 0; i < 12; i++) {
      b.append("  /** Counter ").append(i).append(". */\n")
          .append("  public static final PerCpuLong c").append(i).append(" = new PerCpuLong();\n");
    }
    b.append("  public static final PerCpuLong[] per_queue = {new PerCpuLong(), new PerCpuLong()};\n")
        .append("  public static final SpinLock lock = new SpinLock();\n\n")
        .append("  private Stats() {}\n")
        .append("}\n");
    return b.toString();
  }

  private static String ops(String pkg) {
    return "package " + pkg + ";\n\n"
        + "/** What a driver implements; called through the interface (class hierarchy analysis). */\n"
        + "public interface Ops {\n"
        + "  int xmit(int len);\n\n"
        + "  void reset();\n\n"
        + "  /** Statistics every driver shares. */\n"
        + "  default long stats(int q) {\n"
        + "    return dev.ctxcheck.percpu.PerCpu.this_cpu_read(Stats.per_queue[q & 1]);\n"
        + "  }\n"
        + "}\n";
  }

  private static String driver(String pkg, String name, boolean slow) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(pkg).append(";\n\n")
        .append("import static dev.ctxcheck.percpu.Bh.local_bh_disable;\n")
        .append("import static dev.ctxcheck.percpu.Bh.local_bh_enable;\n")
        .append("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;\n")
        .append("import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;\n")
        .append("import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;\n\n")
        .append("import dev.ctxcheck.percpu.Guard;\n\n")
        .append("/** A driver; its transmit path runs wherever Ops.xmit is called. */\n")
        .append("final class ").append(name).append(" implements Ops {\n")
        .append("  private int inflight;\n\n")
        .append("  @Override\n")
        .append("  public int xmit(int len) {\n")
        .append("    inflight++;\n");
    if (slow) {
      b.append("    try (Guard g = Guard.bh()) {\n")
          .append("      __this_cpu_add(Stats.c3, len);\n")
          .append("    }\n");
    } else {
      b.append("    local_bh_disable();\n")
          .append("    try {\n")
          .append("      __this_cpu_add(Stats.c3, len);\n")
          .append("    } finally {\n")
          .append("      local_bh_enable();\n")
          .append("    }\n");
    }
    b.append("    this_cpu_add(Stats.c4, len);\n")
        .append("    return len > 1500 ? -1 : 0;\n")
        .append("  }\n\n")
        .append("  @Override\n")
        .append("  public void reset() {\n")
        .append("    inflight = 0;\n")
        .append("    this_cpu_inc(Stats.c5);\n")
        .append("  }\n");
    for (int i = 0; i < 6; i++) {
      b.append("\n  /** A ").append(slow ? "slow" : "fast").append("-path step. */\n")
          .append("  int step").append(i).append("(int n) {\n")
          .append("    int r = n;\n")
          .append("    for (int k = 0; k < n; k++) {\n")
          .append("      r += k % 3 == 0 ? k : -k;\n")
          .append("    }\n")
          .append("    this_cpu_add(Stats.c").append(6 + i % 6).append(", r);\n")
          .append("    return r;\n")
          .append("  }\n");
    }
    b.append("}\n");
    return b.toString();
  }

  private static String core(String pkg, int s) {
    StringBuilder b = new StringBuilder();
    b.append("package ").append(pkg).append(";\n\n")
        .append("import static dev.ctxcheck.percpu.Irq.local_irq_restore;\n")
        .append("import static dev.ctxcheck.percpu.Irq.local_irq_save;\n")
        .append("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;\n")
        .append("import static dev.ctxcheck.percpu.PerCpu.raw_cpu_inc;\n")
        .append("import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;\n")
        .append("import static dev.ctxcheck.percpu.SpinLock.spin_lock_bh;\n")
        .append("import static dev.ctxcheck.percpu.SpinLock.spin_unlock_bh;\n\n")
        .append("import dev.ctxcheck.annotations.HardirqContext;\n")
        .append("import dev.ctxcheck.annotations.ProcessContext;\n")
        .append("import dev.ctxcheck.annotations.SoftirqContext;\n")
        .append("import dev.ctxcheck.percpu.Irq;\n")
        .append("import dev.ctxcheck.percpu.IrqFlags;\n")
        .append("import dev.ctxcheck.percpu.Softirq;\n")
        .append("import dev.ctxcheck.percpu.Timer;\n")
        .append("import dev.ctxcheck.percpu.Workqueue;\n")
        .append("import java.util.ArrayList;\n")
        .append("import java.util.List;\n\n")
        .append("/** Subsystem ").append(s).append(": entry points, callbacks and the paths below them. */\n")
        .append("public final class Core {\n")
        .append("  private static final List<Ops> DRIVERS = new ArrayList<>();\n")
        .append("  private static final Timer TIMER = new Timer();\n\n")
        .append("  private Core() {}\n\n")
        .append("  /** Registers the drivers and the callbacks. */\n")
        .append("  @ProcessContext\n")
        .append("  public static void init() {\n")
        .append("    DRIVERS.add(new FastDriver());\n")
        .append("    DRIVERS.add(new SlowDriver());\n")
        .append("    Irq.request_irq(").append(s % 200).append(", irq -> {\n")
        .append("      handle_irq(irq);\n")
        .append("      return Irq.IRQ_HANDLED;\n")
        .append("    });\n")
        .append("    Softirq.timer_setup(TIMER, Core::timer_fn);\n")
        .append("    Softirq.tasklet_schedule(new Runnable() {\n")
        .append("      @Override\n")
        .append("      public void run() {\n")
        .append("        rx_action(64);\n")
        .append("      }\n")
        .append("    });\n")
        .append("    Workqueue.queue_work(() -> flush(8));\n")
        .append("  }\n\n")
        .append("  /** A system call. */\n")
        .append("  @ProcessContext\n")
        .append("  public static long sys_submit(int n) {\n")
        .append("    long total = 0;\n")
        .append("    for (int i = 0; i < n; i++) {\n")
        .append("      total += xmit_one(i);\n")
        .append("    }\n")
        .append("    IrqFlags flags = local_irq_save();\n")
        .append("    try {\n")
        .append("      __this_cpu_inc(Stats.c0);\n")
        .append("    } finally {\n")
        .append("      local_irq_restore(flags);\n")
        .append("    }\n")
        .append("    account(n);\n")
        .append("    return total;\n")
        .append("  }\n\n")
        .append("  static int xmit_one(int len) {\n")
        .append("    int r = 0;\n")
        .append("    for (Ops d : DRIVERS) {\n")
        .append("      r += d.xmit(len);\n")
        .append("    }\n")
        .append("    return r;\n")
        .append("  }\n\n")
        .append("  /** Counts in every context it is called from: races unless every caller masks. */\n")
        .append("  static void account(int n) {\n")
        .append("    if (n > 0) {\n")
        .append("      __this_cpu_inc(Stats.c1);\n")
        .append("    }\n")
        .append("    raw_cpu_inc(Stats.c2);\n")
        .append("  }\n\n")
        .append("  @SoftirqContext\n")
        .append("  static void timer_fn() {\n")
        .append("    spin_lock_bh(Stats.lock);\n")
        .append("    try {\n")
        .append("      this_cpu_inc(Stats.c0);\n")
        .append("    } finally {\n")
        .append("      spin_unlock_bh(Stats.lock);\n")
        .append("    }\n")
        .append("    account(1);\n")
        .append("  }\n\n")
        .append("  static void rx_action(int budget) {\n")
        .append("    int done = 0;\n")
        .append("    while (done < budget) {\n")
        .append("      switch (done % 4) {\n")
        .append("        case 0:\n")
        .append("          xmit_one(done);\n")
        .append("          break;\n")
        .append("        case 1:\n")
        .append("          this_cpu_inc(Stats.c7);\n")
        .append("          break;\n")
        .append("        default:\n")
        .append("          done++;\n")
        .append("      }\n")
        .append("      done++;\n")
        .append("    }\n")
        .append("  }\n\n")
        .append("  @HardirqContext\n")
        .append("  static void handle_irq(int irq) {\n")
        .append("    this_cpu_inc(Stats.c8);\n")
        .append("    if (irq < 0) {\n")
        .append("      account(irq);\n")
        .append("    }\n")
        .append("  }\n\n")
        .append("  static void flush(int n) {\n")
        .append("    for (Ops d : DRIVERS) {\n")
        .append("      d.reset();\n")
        .append("      d.stats(n);\n")
        .append("    }\n")
        .append("  }\n");
    for (int i = 0; i < 8; i++) {
      b.append("\n  /** Helper ").append(i).append(" of a call chain. */\n")
          .append("  static int chain").append(i).append("(int depth) {\n")
          .append("    if (depth <= 0) {\n")
          .append("      return 0;\n")
          .append("    }\n")
          .append(i < 7 ? "    return chain" + (i + 1) + "(depth - 1) + 1;\n" : "    return depth;\n")
          .append("  }\n");
    }
    b.append("}\n");
    return b.toString();
  }
}

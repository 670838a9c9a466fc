package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.Bh.local_bh_disable;
import static dev.ctxcheck.percpu.Bh.local_bh_enable;
import static dev.ctxcheck.percpu.Irq.local_irq_restore;
import static dev.ctxcheck.percpu.Irq.local_irq_save;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_write;
import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.get_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
import static dev.ctxcheck.percpu.PerCpu.put_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_read;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_sub;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_bh;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_bh;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock_sched;
import static dev.ctxcheck.percpu.SpinLock.spin_lock;
import static dev.ctxcheck.percpu.SpinLock.spin_lock_bh;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock;
import static dev.ctxcheck.percpu.SpinLock.spin_unlock_bh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.PerCpuOperation.Kind;
import dev.ctxcheck.percpu.Lockdep.Context;
import dev.ctxcheck.percpu.Lockdep.Report;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Lockdep, the runtime twin of the checker (SPEC §2.8): it reports the first time a non-atomic
 * update and an update from a context that can interrupt it have both been seen — without the
 * interrupt ever having to land inside the update — and stays silent on the correct idioms.
 */
class LockdepTest {

  private static final int IRQ = 50;
  private static final int OTHER_IRQ = 51;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedErr;
  private PerCpuLong refs;

  @BeforeEach
  void boot() {
    Cpu.reset();
    Lockdep.clear();
    Lockdep.enable();
    savedErr = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    refs = new PerCpuLong("kioctx.reqs");
  }

  @AfterEach
  void restore() {
    System.setErr(savedErr);
    Lockdep.disable();
    Lockdep.clear();
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  /** A hardirq handler on {@code irq}. */
  private static void onIrq(int irq, Runnable body) {
    Irq.request_irq(
        irq,
        n -> {
          body.run();
          return Irq.IRQ_HANDLED;
        });
  }

  // ---------------------------------------------------------------- the seed: percpu-refcount 2014

  static void percpu_ref_get(PerCpuLong ref) {
    rcu_read_lock_sched();
    __this_cpu_inc(ref);
    rcu_read_unlock_sched();
  }

  static void percpu_ref_put(PerCpuLong ref) {
    rcu_read_lock_sched();
    __this_cpu_dec(ref);
    rcu_read_unlock_sched();
  }

  private void aio() {
    // the block device completes the request: hardirq, then the completion softirq
    onIrq(IRQ, () -> Softirq.tasklet_schedule(() -> percpu_ref_put(refs)));
    percpu_ref_get(refs); // io_submit -> aio_get_req
    Irq.raise(IRQ); // aio_complete, after the get: no update is ever split
    percpu_ref_put(refs); // io_destroy drops the initial reference
  }

  @Test
  void theAioBugIsReportedWithoutTheInterruptLandingInsideTheUpdate() {
    this_cpu_inc(refs); // the initial reference
    aio();

    assertEquals(0, per_cpu_sum(refs), "the count reached zero: nothing was lost in this run");
    List<Report> reports = Lockdep.reports();
    assertEquals(2, reports.size(), stderr());

    Report get = reports.get(0);
    assertEquals("kioctx.reqs", get.variable());
    assertTrue(get.allocatedAt().startsWith(LockdepTest.class.getName() + ".boot(LockdepTest.java:"));
    assertEquals("__this_cpu_inc", get.nonAtomic().operation());
    assertEquals(Kind.NON_ATOMIC_UPDATE, get.nonAtomic().kind());
    assertEquals(Context.PROCESS, get.nonAtomic().context());
    assertEquals(EnumSet.of(Masked.PREEMPTION), get.nonAtomic().masked());
    assertEquals("PROCESS with preemption disabled", get.nonAtomic().where());
    assertEquals("percpu_ref_get", get.nonAtomic().site().getMethodName());
    assertEquals("aio", get.nonAtomic().stack().get(1).getMethodName());
    assertEquals("__this_cpu_dec", get.interrupting().operation());
    assertEquals(Context.SOFTIRQ, get.interrupting().context());
    assertEquals("SOFTIRQ", get.interrupting().where());
    // The softirq's stack ends where the runtime entered softirq context: the tasklet.
    List<String> softirqStack =
        get.interrupting().stack().stream().map(StackTraceElement::getMethodName).toList();
    assertEquals("percpu_ref_put", softirqStack.get(0));
    assertEquals(2, softirqStack.size(), softirqStack.toString());
    assertTrue(softirqStack.get(1).startsWith("lambda$aio$"), softirqStack.toString());

    Report put = reports.get(1);
    assertEquals("__this_cpu_dec", put.nonAtomic().operation());
    assertEquals(Context.PROCESS, put.nonAtomic().context());
    assertEquals(Context.SOFTIRQ, put.interrupting().context());
    assertEquals(put.nonAtomic().site().getLineNumber(), put.interrupting().site().getLineNumber(),
        "one site reached in two contexts");

    String printed = stderr();
    assertEquals(2, count(printed, "ctxcheck-percpu: inconsistent per-CPU usage"));
    assertTrue(printed.startsWith("ctxcheck-percpu: inconsistent per-CPU usage of kioctx.reqs (allocated at "
        + LockdepTest.class.getName() + ".boot(LockdepTest.java:"), printed);
    assertEquals(get + "" + put, printed);
  }

  @Test
  void theReportTextNamesBothUsagesAndTheirStacks() {
    aio();
    String first = Lockdep.reports().get(0).toString();
    List<String> lines = first.lines().toList();
    assertTrue(lines.get(1).equals(
        "  __this_cpu_inc() in PROCESS with preemption disabled is not atomic, and"), lines.get(1));
    assertEquals("  __this_cpu_dec() in SOFTIRQ can interrupt it and update the same variable:", lines.get(2));
    assertEquals("  the non-atomic update, PROCESS with preemption disabled, first seen:", lines.get(4));
    assertTrue(lines.get(5).startsWith("    at " + LockdepTest.class.getName() + ".percpu_ref_get(LockdepTest.java:"),
        lines.get(5));
    assertTrue(first.contains("  the interrupting update, SOFTIRQ, first seen:\n    at "
        + LockdepTest.class.getName() + ".percpu_ref_put(LockdepTest.java:"), first);
  }

  @Test
  void usagesListWhatWasRecordedPerVariable() {
    PerCpuLong other = new PerCpuLong("other");
    aio();
    this_cpu_inc(other);
    this_cpu_read(other);
    per_cpu_sum(refs);
    Map<String, List<Lockdep.Usage>> usages = Lockdep.usages();
    assertEquals(List.of("kioctx.reqs", "other"), List.copyOf(usages.keySet()));
    assertEquals(
        List.of(
            "__this_cpu_inc() in PROCESS with preemption disabled",
            "__this_cpu_dec() in SOFTIRQ",
            "__this_cpu_dec() in PROCESS with preemption disabled"),
        usages.get("kioctx.reqs").stream().map(Lockdep.Usage::toString).toList());
    assertEquals(List.of("this_cpu_inc() in PROCESS"),
        usages.get("other").stream().map(Lockdep.Usage::toString).toList(), "reads are not usages");
    Lockdep.clear();
    assertEquals(Map.of(), Lockdep.usages());
  }

  @Test
  void eachPairIsReportedAndPrintedOnce() {
    aio();
    String once = stderr();
    for (int i = 0; i < 3; i++) {
      percpu_ref_get(refs);
      Irq.raise(IRQ);
      percpu_ref_put(refs);
    }
    assertEquals(2, Lockdep.reports().size());
    assertEquals(once, stderr(), "nothing printed again");
  }

  @Test
  void clearForgetsUsagesAndReports() {
    aio();
    Lockdep.clear();
    assertEquals(List.of(), Lockdep.reports());
    percpu_ref_get(refs);
    assertEquals(List.of(), Lockdep.reports(), "the softirq usage was forgotten");
    Irq.raise(IRQ);
    assertEquals(1, Lockdep.reports().size(), "and is reported again when seen again");
  }

  @Test
  void disabledItRecordsNothing() {
    Lockdep.disable();
    aio();
    assertEquals(List.of(), Lockdep.reports());
    Lockdep.enable();
    percpu_ref_get(refs);
    assertEquals(List.of(), Lockdep.reports(), "the softirq usage seen while disabled does not count");
    Irq.raise(IRQ);
    assertEquals(1, Lockdep.reports().size());
    assertEquals(1, count(stderr(), Lockdep.HEADER));
  }

  @Test
  void anUnnamedVariableIsNamedByItsAllocationSite() {
    PerCpuLong count = new PerCpuLong();
    onIrq(IRQ, () -> this_cpu_inc(count));
    preempt_disable();
    __this_cpu_add(count, 2);
    preempt_enable();
    Irq.raise(IRQ);
    Report report = Lockdep.reports().get(0);
    assertTrue(report.variable().startsWith("PerCpuLong allocated at " + LockdepTest.class.getName()
        + ".anUnnamedVariableIsNamedByItsAllocationSite(LockdepTest.java:"), report.variable());
    assertEquals(report.variable(), "PerCpuLong allocated at " + report.allocatedAt());
    assertTrue(stderr().startsWith("ctxcheck-percpu: inconsistent per-CPU usage of PerCpuLong allocated at "));
    assertEquals(Kind.ATOMIC_UPDATE, report.interrupting().kind());
    assertEquals(Context.HARDIRQ, report.interrupting().context());
  }

  // ---------------------------------------------------------------- reported

  @Test
  void nmiInterruptsIrqsDisabledCode() {
    Nmi.register_nmi_handler(
        () -> {
          this_cpu_add(refs, 0x100); // printk_nmi_enter
          this_cpu_sub(refs, 0x100);
          return Nmi.NMI_HANDLED;
        });
    IrqFlags flags = local_irq_save();
    __this_cpu_inc(refs); // printk_safe_enter_irqsave
    local_irq_restore(flags);
    Nmi.raise();
    List<Report> reports = Lockdep.reports();
    assertEquals(2, reports.size(), "one per NMI update: two usages (different operations)");
    assertEquals("PROCESS with hardirqs masked", reports.get(0).nonAtomic().where());
    assertEquals(Context.NMI, reports.get(0).interrupting().context());
    assertEquals("this_cpu_add", reports.get(0).interrupting().operation());
    assertEquals("this_cpu_sub", reports.get(1).interrupting().operation());
  }

  @Test
  void aHardirqInterruptsASoftirqAndNotTheOtherWayRound() {
    // usbnet 2695578b896a: rx in the tasklet, tx completion in the hardirq, the same stats
    onIrq(IRQ, () -> __this_cpu_inc(refs));
    Softirq.tasklet_schedule(() -> __this_cpu_inc(refs));
    Irq.raise(IRQ);
    List<Report> reports = Lockdep.reports();
    assertEquals(1, reports.size());
    assertEquals(Context.SOFTIRQ, reports.get(0).nonAtomic().context());
    assertEquals(Context.HARDIRQ, reports.get(0).interrupting().context());
  }

  @Test
  void aLocalLockMasksPreemptionOnlySoASoftirqWriterIsReported() {
    LocalLock lock = new LocalLock();
    local_lock_update(lock);
    Softirq.tasklet_schedule(() -> __this_cpu_inc(refs));
    List<Report> reports = Lockdep.reports();
    assertEquals(1, reports.size());
    String lockClass = reports.get(0).nonAtomic().locks().get(0);
    assertTrue(lockClass.startsWith("LocalLock allocated at " + LockdepTest.class.getName()
        + ".aLocalLockMasksPreemptionOnlySoASoftirqWriterIsReported(LockdepTest.java:"), lockClass);
    assertTrue(reports.get(0).toString().contains(
        "__this_cpu_write() in PROCESS with preemption disabled, under " + lockClass + " is not atomic"),
        reports.get(0).toString());
  }

  private void local_lock_update(LocalLock lock) {
    LocalLock.local_lock(lock);
    __this_cpu_write(refs, __this_cpu_read(refs) + 1);
    LocalLock.local_unlock(lock);
  }

  @Test
  void differentLocksDoNotSerialize() {
    SpinLock a = new SpinLock();
    SpinLock b = new SpinLock();
    onIrq(IRQ, () -> Softirq.tasklet_schedule(() -> {
      spin_lock(b);
      __this_cpu_inc(refs);
      spin_unlock(b);
    }));
    spin_lock(a);
    __this_cpu_inc(refs);
    spin_unlock(a);
    Irq.raise(IRQ);
    assertEquals(1, Lockdep.reports().size());
  }

  /** A netdev's statistics, allocated in one place for every device. */
  static final class NetDevice {
    final PerCpuLong rx_dropped = new PerCpuLong();
    final SpinLock lock = new SpinLock();
  }

  @Test
  void variablesAllocatedAtOneSiteAreOneVariable() {
    NetDevice eth0 = new NetDevice();
    NetDevice eth1 = new NetDevice();
    preempt_disable();
    __this_cpu_inc(eth0.rx_dropped);
    preempt_enable();
    Softirq.tasklet_schedule(() -> this_cpu_inc(eth1.rx_dropped));
    assertEquals(1, Lockdep.reports().size(), "as NetDevice.rx_dropped is one variable to ctxcheck");
    assertTrue(Lockdep.reports().get(0).variable().startsWith("PerCpuLong allocated at "
        + NetDevice.class.getName() + ".<init>(LockdepTest.java:"));
  }

  @Test
  void variablesOfOneNameAreOneVariable() {
    PerCpuLong a = new PerCpuLong("net.rx_dropped");
    PerCpuLong b = new PerCpuLong("net.rx_dropped");
    onIrq(IRQ, () -> this_cpu_inc(b));
    preempt_disable();
    __this_cpu_inc(a);
    preempt_enable();
    Irq.raise(IRQ);
    assertEquals(1, Lockdep.reports().size());
    assertEquals("net.rx_dropped", Lockdep.reports().get(0).variable());
  }

  @Test
  void locksAllocatedAtOneSiteAreOneLock() {
    NetDevice eth0 = new NetDevice();
    NetDevice eth1 = new NetDevice();
    Softirq.tasklet_schedule(() -> {
      spin_lock(eth1.lock);
      __this_cpu_inc(eth1.rx_dropped);
      spin_unlock(eth1.lock);
    });
    spin_lock(eth0.lock);
    __this_cpu_inc(eth0.rx_dropped);
    spin_unlock(eth0.lock);
    assertEquals(List.of(), Lockdep.reports(), "NetDevice.lock serializes NetDevice.rx_dropped");
  }

  // ---------------------------------------------------------------- per-CPU structures

  static final class Stats {
    long packets;
  }

  @Test
  void aStructureUpdatedUnderGetCpuPtrAndFromAHardirqIsReported() {
    PerCpuPtr<Stats> stats = alloc_percpu(Stats::new);
    onIrq(IRQ, () -> this_cpu_ptr(stats).packets++);
    get_cpu_ptr(stats).packets++; // nexthop e006858f1a1c: preemption only
    put_cpu_ptr(stats);
    Irq.raise(IRQ);
    List<Report> reports = Lockdep.reports();
    assertEquals(1, reports.size());
    assertEquals("get_cpu_ptr", reports.get(0).nonAtomic().operation());
    assertEquals("this_cpu_ptr", reports.get(0).interrupting().operation());
    assertTrue(reports.get(0).variable().startsWith("PerCpuPtr allocated at " + LockdepTest.class.getName()
        + ".aStructureUpdatedUnderGetCpuPtrAndFromAHardirqIsReported(LockdepTest.java:"));
  }

  @Test
  void rawCpuPtrIsAWriterNeverTheNonAtomicSide() {
    PerCpuPtr<Stats> stats = alloc_percpu(Stats::new);
    onIrq(IRQ, () -> raw_cpu_ptr(stats).packets++);
    raw_cpu_ptr(stats).packets++;
    Irq.raise(IRQ);
    assertEquals(List.of(), Lockdep.reports(), "raw against raw: an accepted race");
    preempt_disable();
    this_cpu_ptr(stats).packets++;
    preempt_enable();
    assertEquals(1, Lockdep.reports().size(), "a this_cpu_ptr update that the raw writer can interrupt");
    assertEquals(Kind.ACCEPTED_RACE_UPDATE, Lockdep.reports().get(0).interrupting().kind());
  }

  // ---------------------------------------------------------------- silent on the correct idioms

  @Test
  void softirqOnlyDataWithBhDisabledProcessUsersIsSilent() {
    // nf_conntrack statistics (4ea7334b6de8): NF_CT_STAT_INC in softirq, BH off in process context
    SpinLock lock = new SpinLock();
    Softirq.tasklet_schedule(() -> __this_cpu_inc(refs));
    local_bh_disable();
    __this_cpu_inc(refs);
    local_bh_enable();
    spin_lock_bh(lock);
    __this_cpu_inc(refs);
    spin_unlock_bh(lock);
    rcu_read_lock_bh();
    __this_cpu_inc(refs);
    rcu_read_unlock_bh();
    try (Guard g = Guard.bh()) {
      __this_cpu_inc(refs);
    }
    Softirq.tasklet_schedule(() -> __this_cpu_inc(refs));
    assertEquals(List.of(), Lockdep.reports());
  }

  @Test
  void hardirqOnlyDataIsSilent() {
    // kstat_incr_irqs_this_cpu from two handlers: hardirqs do not nest
    onIrq(IRQ, () -> __this_cpu_inc(refs));
    onIrq(OTHER_IRQ, () -> __this_cpu_inc(refs));
    Irq.raise(IRQ);
    Irq.raise(OTHER_IRQ);
    // readers never count
    this_cpu_read(refs);
    per_cpu_sum(refs);
    preempt_disable();
    __this_cpu_read(refs);
    preempt_enable();
    assertEquals(List.of(), Lockdep.reports());
  }

  @Test
  void irqDisabledProcessUsersAgainstAHardirqWriterAreSilent() {
    LocalLock lock = new LocalLock();
    SpinLock spin = new SpinLock();
    onIrq(IRQ, () -> __this_cpu_inc(refs));
    Irq.raise(IRQ);
    IrqFlags flags = local_irq_save();
    __this_cpu_inc(refs);
    local_irq_restore(flags);
    flags = LocalLock.local_lock_irqsave(lock);
    __this_cpu_inc(refs);
    LocalLock.local_unlock_irqrestore(lock, flags);
    flags = SpinLock.spin_lock_irqsave(spin);
    __this_cpu_inc(refs);
    SpinLock.spin_unlock_irqrestore(spin, flags);
    try (Guard g = Guard.irqsave()) {
      __this_cpu_inc(refs);
    }
    assertEquals(List.of(), Lockdep.reports());
  }

  @Test
  void atomicAndRawProcessUpdatesAgainstAnyWriterAreSilent() {
    onIrq(IRQ, () -> __this_cpu_inc(refs));
    Softirq.tasklet_schedule(() -> raw_cpu_inc(refs));
    Irq.raise(IRQ);
    this_cpu_inc(refs);
    raw_cpu_inc(refs); // vmstat's __count_vm_event: racy on purpose
    assertEquals(List.of(), Lockdep.reports());
  }

  @Test
  void remoteAccessThroughPerCpuPtrIsSilent() {
    PerCpuPtr<Stats> stats = alloc_percpu(Stats::new);
    onIrq(IRQ, () -> this_cpu_ptr(stats).packets++);
    Irq.raise(IRQ);
    long sum = 0;
    for (int cpu = 0; cpu < Cpu.NR_CPUS; cpu++) {
      sum += per_cpu_ptr(stats, cpu).packets; // another CPU's data, from preemptible code
    }
    assertEquals(1, sum);
    assertEquals(List.of(), Lockdep.reports());
  }

  @Test
  void updatesUnderACommonLockAreSilent() {
    SpinLock lock = new SpinLock();
    Softirq.tasklet_schedule(() -> {
      spin_lock(lock);
      __this_cpu_inc(refs);
      spin_unlock(lock);
    });
    spin_lock(lock);
    __this_cpu_inc(refs);
    spin_unlock(lock);
    assertEquals(List.of(), Lockdep.reports());
  }

  // ---------------------------------------------------------------- start-up

  /** The seed program, run in a JVM of its own: {@code -Dctxcheck.lockdep=true} enables Lockdep. */
  static final class Seed {
    public static void main(String[] args) {
      PerCpuLong refs = new PerCpuLong("kioctx.reqs");
      Irq.request_irq(IRQ, irq -> {
        Softirq.tasklet_schedule(() -> percpu_ref_put(refs));
        return Irq.IRQ_HANDLED;
      });
      percpu_ref_get(refs);
      Irq.raise(IRQ);
      System.out.println("reports: " + Lockdep.reports().size());
    }
  }

  @Test
  void theSystemPropertyEnablesItAtStartUp() throws Exception {
    List<String> enabled = runSeed("-Dctxcheck.lockdep=true");
    assertEquals("reports: 1", enabled.get(0));
    assertTrue(enabled.get(1).startsWith("ctxcheck-percpu: inconsistent per-CPU usage of kioctx.reqs"), enabled.toString());
    assertEquals(List.of("reports: 0"), runSeed("-Dctxcheck.lockdep=false"));
  }

  /**
   * This JVM's classes as one class path: the tests run on the module path, where the runtime and
   * its tests are one module, but the seed program needs no module.
   */
  private static String classPath() {
    String modulePath = System.getProperty("jdk.module.path", "");
    String classPath = System.getProperty("java.class.path", "");
    return modulePath.isEmpty() ? classPath
        : classPath.isEmpty() ? modulePath : modulePath + java.io.File.pathSeparator + classPath;
  }

  /** Standard output, then standard error, of the seed program in a new JVM. */
  private static List<String> runSeed(String property) throws Exception {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                property,
                "-cp",
                classPath(),
                Seed.class.getName())
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String errText = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), errText);
    List<String> lines = new ArrayList<>(out.lines().toList());
    lines.addAll(errText.lines().toList());
    return lines;
  }
}

package dev.ctxcheck.percpu;

import static dev.ctxcheck.percpu.Cpu.preemptible;
import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.get_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.per_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.put_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_ptr;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;
import static dev.ctxcheck.percpu.Preempt.migrate_disable;
import static dev.ctxcheck.percpu.Preempt.migrate_enable;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-CPU structures (alloc_percpu, this_cpu_ptr, get_cpu_ptr/put_cpu_ptr, raw_cpu_ptr,
 * per_cpu_ptr). The stories are tunnel statistics updated through the running CPU's object: Linux
 * b4fe85f ("ip_tunnel: disable preemption when updating per-cpu tstats", from a workqueue in
 * preemptible code) and e006858f1a1c ("nexthop: Fix splat with CONFIG_DEBUG_PREEMPT=y", which
 * switched to get_cpu_ptr/put_cpu_ptr).
 */
class PerCpuPtrTest {

  private static final int NIC_IRQ = 40;

  /** struct pcpu_sw_netstats */
  static final class TunnelStats {
    long rx_packets;
    long rx_bytes;
  }

  private PerCpuPtr<TunnelStats> tstats;

  @BeforeEach
  void boot() {
    Cpu.reset();
    tstats = alloc_percpu(TunnelStats::new);
  }

  @Test
  void oneObjectPerCpu() {
    Set<TunnelStats> all = new HashSet<>();
    for (int cpu = 0; cpu < Cpu.NR_CPUS; cpu++) {
      all.add(per_cpu_ptr(tstats, cpu));
    }
    assertEquals(Cpu.NR_CPUS, all.size());
    assertThrows(IllegalArgumentException.class, () -> per_cpu_ptr(tstats, Cpu.NR_CPUS));
    assertThrows(IllegalArgumentException.class, () -> per_cpu_ptr(tstats, -1));
    assertTrue(tstats.toString().startsWith("PerCpuPtr[TunnelStats x" + Cpu.NR_CPUS + ", allocated at "
        + PerCpuPtrTest.class.getName() + ".boot(PerCpuPtrTest.java:"), tstats.toString());
  }

  @Test
  void thisCpuPtrIsTheRunningCpusObject() {
    assumeTrue(Cpu.NR_CPUS >= 2);
    List<TunnelStats> seen = new ArrayList<>();
    for (int cpu = 0; cpu < 2; cpu++) {
      Cpu.runOn(
          cpu,
          () -> {
            preempt_disable();
            seen.add(this_cpu_ptr(tstats));
            seen.add(raw_cpu_ptr(tstats));
            seen.add(get_cpu_ptr(tstats));
            put_cpu_ptr(tstats);
            preempt_enable();
          });
    }
    for (int i = 0; i < 3; i++) {
      assertSame(per_cpu_ptr(tstats, 0), seen.get(i));
      assertSame(per_cpu_ptr(tstats, 1), seen.get(3 + i));
    }
  }

  @Test
  void allocPercpuWantsAnObjectPerCpu() {
    TunnelStats shared = new TunnelStats();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> alloc_percpu(() -> shared));
    assertTrue(e.getMessage().contains("the same object for CPU 0 and CPU 1"), e.getMessage());
    assertThrows(NullPointerException.class, () -> alloc_percpu(() -> null));
    assertThrows(NullPointerException.class, () -> alloc_percpu(null));
  }

  @Test
  void thisCpuPtrInPreemptibleCodeIsTheDebugPreemptSplatOfB4fe85f() {
    assumeTrue(Cpu.DEBUG_PREEMPT);
    // ip_tunnel_xmit from an unbound workqueue: preemptible, and the task may migrate between
    // taking the pointer and updating through it.
    List<Throwable> failures = new ArrayList<>();
    Workqueue.queue_work(
        () -> failures.add(assertThrows(IllegalStateException.class, () -> this_cpu_ptr(tstats).rx_packets++)));
    assertEquals(1, failures.size());
    assertTrue(
        failures.get(0).getMessage().startsWith("BUG: using this_cpu_ptr() in preemptible code on CPU 0"),
        failures.get(0).getMessage());
    assertEquals(0, per_cpu_ptr(tstats, 0).rx_packets);

    migrate_disable(); // satisfies the check, as in the kernel
    this_cpu_ptr(tstats).rx_packets++;
    migrate_enable();
    raw_cpu_ptr(tstats).rx_packets++; // never checked
    assertEquals(2, per_cpu_ptr(tstats, 0).rx_packets);
  }

  @Test
  void getCpuPtrDisablesPreemptionUntilPutCpuPtr() {
    TunnelStats stats = get_cpu_ptr(tstats);
    assertFalse(preemptible());
    stats.rx_packets++;
    stats.rx_bytes += 1500;
    put_cpu_ptr(tstats);
    assertTrue(preemptible());
    assertEquals(1, per_cpu_ptr(tstats, 0).rx_packets);
    assertEquals(1500, per_cpu_ptr(tstats, 0).rx_bytes);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> put_cpu_ptr(tstats));
    assertTrue(e.getMessage().startsWith("put_cpu_ptr() on CPU 0 without preempt_disable()"), e.getMessage());
  }

  @Test
  void getCpuPtrDefersWorkLikePreemptDisable() {
    List<String> trace = new ArrayList<>();
    get_cpu_ptr(tstats);
    Workqueue.queue_work(() -> trace.add("work"));
    assertEquals(List.of(), trace, "no other task runs here");
    put_cpu_ptr(tstats);
    assertEquals(List.of("work"), trace, "put_cpu_ptr is a schedule point");
  }

  /**
   * The nexthop statistics under get_cpu_ptr, also updated from the NIC's interrupt: preemption
   * disabled does not hold the interrupt off, and its update lands between the read and the write
   * of the field. Only irq masking keeps it.
   */
  @Test
  void aFieldUpdateUnderGetCpuPtrLosesTheHardirqsUpdate() {
    Irq.request_irq(
        NIC_IRQ,
        irq -> {
          this_cpu_ptr(tstats).rx_packets++;
          return Irq.IRQ_HANDLED;
        });
    TunnelStats stats = get_cpu_ptr(tstats);
    long read = stats.rx_packets;
    Irq.raise(NIC_IRQ); // arrives between the read and the write of rx_packets++
    stats.rx_packets = read + 1;
    put_cpu_ptr(tstats);
    assertEquals(1, per_cpu_ptr(tstats, 0).rx_packets, "2 is right: the interrupt's update was lost");

    try (Guard g = Guard.irqsave()) {
      TunnelStats s = this_cpu_ptr(tstats);
      long r = s.rx_packets;
      Irq.raise(NIC_IRQ); // held off until the guard closes
      s.rx_packets = r + 1;
    }
    assertEquals(3, per_cpu_ptr(tstats, 0).rx_packets, "nothing lost");
  }
}

package nexthop;

import static dev.ctxcheck.percpu.PerCpu.alloc_percpu;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuPtr;

/**
 * net/ipv4/nexthop.c before e006858f1a1c ("nexthop: Fix splat with CONFIG_DEBUG_PREEMPT=y", 2024):
 * nexthop_select_path updates the group's per-CPU stats through this_cpu_ptr, and raw_sendmsg
 * reaches it in process context with preemption enabled (raw_sendmsg -> ip_route_output_flow ->
 * fib_select_multipath -> nexthop_select_path). The fix took the structure with get_cpu_ptr.
 */
final class Nexthop {
  static final class NhGrpEntryStats {
    long packets;
  }

  static final class NhGroup {
    final PerCpuPtr<NhGrpEntryStats> stats = alloc_percpu(NhGrpEntryStats::new);
  }

  static final NhGroup group = new NhGroup();

  @ProcessContext
  static void raw_sendmsg() {
    ip_route_output_flow(group);
  }

  static void ip_route_output_flow(NhGroup nhg) {
    fib_select_multipath(nhg);
  }

  static void fib_select_multipath(NhGroup nhg) {
    nexthop_select_path(nhg);
  }

  static void nexthop_select_path(NhGroup nhg) {
    NhGrpEntryStats cpu_stats = this_cpu_ptr(nhg.stats);
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] cpu_stats.packets++ on NhGrpEntryStats.packets of NhGroup.stats runs in preemptible PROCESS context (raw_sendmsg -> ip_route_output_flow -> fib_select_multipath -> nexthop_select_path), where another task on this CPU can preempt its read-modify-write; disable preemption around it with Guard.preempt()
    cpu_stats.packets++;
  }
}

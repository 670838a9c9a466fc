package raw_cpu_flag;

import static dev.ctxcheck.percpu.PerCpu.raw_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.raw_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * include/linux/vmstat.h (kernel-cases N6): "vm counters are allowed to be racy" (293b6a4c875c),
 * so __count_vm_event() is raw_cpu_inc, beside the exact count_vm_event() (this_cpu_inc). A
 * raw_cpu op is an accepted race: by default neither reported nor a reason to treat
 * __count_vm_event as a non-atomic wrapper.
 */
final class Vmstat {
  static final int PGFAULT = 0;
  static final int PGMAJFAULT = 1;
  static final int PGFREE = 2;
  static final int NR_VM_EVENT_ITEMS = 8;

  static final class VmEventState {
    final PerCpuLong[] event = new PerCpuLong[NR_VM_EVENT_ITEMS];
  }

  static final VmEventState vm_event_states = new VmEventState();

  static void __count_vm_event(int item) {
    raw_cpu_inc(vm_event_states.event[item]);
  }

  static void count_vm_event(int item) {
    this_cpu_inc(vm_event_states.event[item]);
  }

  static void __count_vm_events(int item, long delta) {
    raw_cpu_add(vm_event_states.event[item], delta);
  }

  static void count_vm_events(int item, long delta) {
    this_cpu_add(vm_event_states.event[item], delta);
  }
}

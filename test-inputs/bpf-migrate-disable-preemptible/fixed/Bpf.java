package bpf_migrate;

import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc_return;
import static dev.ctxcheck.percpu.Preempt.migrate_disable;
import static dev.ctxcheck.percpu.Preempt.migrate_enable;
import static dev.ctxcheck.percpu.Rcu.rcu_read_lock;
import static dev.ctxcheck.percpu.Rcu.rcu_read_unlock;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;

/**
 * kernel/bpf before 79364031c5b4 ("bpf: Make sure bpf_disable_instrumentation() is safe vs
 * preemption", 2021), 197827a05e13 (bpf_task_storage_busy) and c89e843a11f1 (prog->active):
 * the recursion counters were updated with __this_cpu ops under migrate_disable() or a plain
 * rcu_read_lock(), both preemptible since 74d862b682f51. Another task on this CPU can preempt the
 * read-modify-write; DEBUG_PREEMPT stays silent under migrate_disable, the static check does not.
 */
final class Bpf {
  static final PerCpuLong bpf_prog_active = new PerCpuLong();
  static final PerCpuLong bpf_task_storage_busy = new PerCpuLong();

  static final class BpfProg {
    final PerCpuLong active = new PerCpuLong();
  }

  static void bpf_disable_instrumentation() {
    migrate_disable();
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(bpf_prog_active) runs in preemptible PROCESS context (map_update_elem -> bpf_disable_instrumentation), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
    this_cpu_inc(bpf_prog_active);
  }

  static void bpf_enable_instrumentation() {
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_dec(bpf_prog_active) runs in preemptible PROCESS context (map_update_elem -> bpf_enable_instrumentation), where another task on this CPU can preempt its read-modify-write; use this_cpu_dec, or disable preemption around it
    this_cpu_dec(bpf_prog_active);
    migrate_enable();
  }

  /** bpf(BPF_MAP_UPDATE_ELEM) */
  @ProcessContext
  static int map_update_elem(long key, long value) {
    bpf_disable_instrumentation();
    int err = key == value ? 0 : -22;
    bpf_enable_instrumentation();
    return err;
  }

  static void bpf_task_storage_lock() {
    migrate_disable();
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(bpf_task_storage_busy) runs in preemptible PROCESS context (bpf_pid_task_storage_update_elem -> bpf_task_storage_lock)
    this_cpu_inc(bpf_task_storage_busy);
  }

  static void bpf_task_storage_unlock() {
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_dec(bpf_task_storage_busy) runs in preemptible PROCESS context (bpf_pid_task_storage_update_elem -> bpf_task_storage_unlock)
    this_cpu_dec(bpf_task_storage_busy);
    migrate_enable();
  }

  /** bpf(BPF_MAP_UPDATE_ELEM) on a task storage map: under plain rcu_read_lock(). */
  @ProcessContext
  static int bpf_pid_task_storage_update_elem(long pid) {
    rcu_read_lock();
    bpf_task_storage_lock();
    int err = pid > 0 ? 0 : -3;
    bpf_task_storage_unlock();
    rcu_read_unlock();
    return err;
  }

  /** The trampoline's prologue: rcu_read_lock() and migrate_disable(), both preemptible. */
  static boolean __bpf_prog_enter(BpfProg prog) {
    rcu_read_lock();
    migrate_disable();
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc_return(prog.active) runs in preemptible PROCESS context (bpf_prog_test_run -> __bpf_prog_enter), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc_return, or disable preemption around it
    return this_cpu_inc_return(prog.active) == 1;
  }

  static void __bpf_prog_exit(BpfProg prog) {
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_dec(prog.active) runs in preemptible PROCESS context (bpf_prog_test_run -> __bpf_prog_exit)
    this_cpu_dec(prog.active);
    migrate_enable();
    rcu_read_unlock();
  }

  /** bpf(BPF_PROG_TEST_RUN) through the trampoline. */
  @ProcessContext
  static int bpf_prog_test_run(BpfProg prog) {
    if (__bpf_prog_enter(prog)) {
      run_prog(prog);
    }
    __bpf_prog_exit(prog);
    return 0;
  }

  static void run_prog(BpfProg prog) {}

  /** N7: an atomic this_cpu op inside a preemptible rcu_read_lock() section is fine. */
  @ProcessContext
  static void bpf_map_inc_elem_count() {
    rcu_read_lock();
    this_cpu_inc(bpf_task_storage_busy);
    this_cpu_dec(bpf_task_storage_busy);
    rcu_read_unlock();
  }
}

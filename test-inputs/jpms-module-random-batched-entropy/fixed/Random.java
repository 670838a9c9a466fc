package drivers.chr;

import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc_return;
import static dev.ctxcheck.percpu.PerCpu.this_cpu_write;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;

/**
 * drivers/char/random.c before b7d5dc21072c ("random: add a spinlock_t to struct
 * batched_entropy", 2019): get_random_u32 takes the next word of the per-CPU batch under
 * get_cpu_var, which disables preemption only. A fork allocates (process: kthreadd ->
 * copy_process -> ... -> new_slab -> get_random_u32) and ksoftirqd's work asks too (softirq), so
 * the softirq can run inside the process context's read-modify-write of the batch position.
 */
public final class Random {
  static final int CHACHA_BLOCK_WORDS = 16;
  static final PerCpuLong batched_entropy_u32_position = new PerCpuLong();

  /** The batch position behind get_cpu_var / put_cpu_var: preemption disabled, interrupts not. */
  public static long get_random_u32() {
    preempt_disable(); // get_cpu_var
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc_return(batched_entropy_u32_position) can lose updates: reached in PROCESS with preemption disabled (kthreadd -> copy_process -> kmem_cache_alloc_node -> new_slab -> get_random_u32 [preempt_disable]) and in SOFTIRQ (net_rx_action -> get_random_u32 [preempt_disable]), which can interrupt it; use this_cpu_inc_return
    long position = this_cpu_inc_return(batched_entropy_u32_position);
    if (position >= CHACHA_BLOCK_WORDS) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_write(batched_entropy_u32_position, 0) can lose updates: reached in PROCESS with preemption disabled (kthreadd -> copy_process -> kmem_cache_alloc_node -> new_slab -> get_random_u32 [preempt_disable]) and in SOFTIRQ (net_rx_action -> get_random_u32 [preempt_disable]), which can interrupt it; use this_cpu_write
      this_cpu_write(batched_entropy_u32_position, 0); // extract_crng refills the batch
    }
    preempt_enable(); // put_cpu_var
    return position;
  }

  // ---------------------------------------------------------------- process: fork allocates

  @ProcessContext
  static void kthreadd() {
    copy_process();
  }

  static void copy_process() {
    kmem_cache_alloc_node();
  }

  static void kmem_cache_alloc_node() {
    new_slab(); // ___slab_alloc
  }

  static void new_slab() {
    get_random_u32(); // the freelist randomisation's seed
  }

  // ---------------------------------------------------------------- softirq: ksoftirqd's work

  static void net_rx_action() {
    get_random_u32();
  }

  public static void init() {
    Softirq.tasklet_schedule(Random::net_rx_action);
  }
}

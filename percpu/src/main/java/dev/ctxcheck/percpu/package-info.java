/**
 * A small working runtime that mirrors the kernel's per-CPU API, for code written in kernel
 * style, and that ctxcheck knows through the annotations on it.
 *
 * <p>Per-CPU variables ({@link dev.ctxcheck.percpu.PerCpuLong}) and structures ({@link
 * dev.ctxcheck.percpu.PerCpuPtr}) and their operations ({@link dev.ctxcheck.percpu.PerCpu});
 * masking primitives ({@link dev.ctxcheck.percpu.Irq}, {@link dev.ctxcheck.percpu.Bh}, {@link
 * dev.ctxcheck.percpu.Preempt}, {@link dev.ctxcheck.percpu.Rcu}, {@link
 * dev.ctxcheck.percpu.SpinLock}, {@link dev.ctxcheck.percpu.LocalLock}, {@link
 * dev.ctxcheck.percpu.Guard}); registration of code that runs in other contexts ({@link
 * dev.ctxcheck.percpu.Irq#request_irq}, {@link dev.ctxcheck.percpu.Irq#request_threaded_irq},
 * {@link dev.ctxcheck.percpu.Irq#request_irq_nothread}, {@link dev.ctxcheck.percpu.Softirq},
 * {@link dev.ctxcheck.percpu.Workqueue}, {@link dev.ctxcheck.percpu.Kthread}, {@link
 * dev.ctxcheck.percpu.Nmi}). It runs on a deterministic simulation of a few CPUs, described on
 * {@link dev.ctxcheck.percpu.Cpu}, in which a test scripts where interrupts arrive; {@link
 * dev.ctxcheck.percpu.Lockdep}, the runtime twin of the checker, reports inconsistent per-CPU
 * usage seen while it runs.
 */
package dev.ctxcheck.percpu;

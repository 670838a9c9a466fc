/**
 * JMH benchmarks of the percpu runtime's operations, with Lockdep disabled (the default) and
 * enabled: what recording usages costs, and that the disabled check costs nothing measurable.
 * {@code bench/percpu/run} builds and runs them; docs/percpu-runtime.md has the figures.
 */
package dev.ctxcheck.benchpercpu;

package dev.ctxcheck.percpu;

/**
 * A NAPI poll function, the kernel's {@code int (*poll)(struct napi_struct *, int budget)}:
 * scheduled with {@link Softirq#napi_schedule} and run in softirq context (NET_RX).
 */
@FunctionalInterface
public interface NapiPoll {

  /**
   * Processes up to {@code budget} packets.
   *
   * @return how many it processed
   */
  int poll(int budget);
}

package generic_override;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
import static dev.ctxcheck.percpu.Preempt.preempt_disable;
import static dev.ctxcheck.percpu.Preempt.preempt_enable;

import dev.ctxcheck.percpu.PerCpuLong;

/**
 * The handler implements {@code RxHandler<Skb>}: {@code handle(Skb)} overrides
 * {@code RxHandler.handle(T)}. {@code handle(String)} has the same name and one parameter but is an
 * overload, not an override: the stack's softirq dispatch through the interface never reaches it, so
 * its counter is written in process context only, with preemption disabled, and nothing is reported.
 */
final class SkbRx implements RxHandler<Skb> {
  static final PerCpuLong rx_packets = new PerCpuLong();
  static final PerCpuLong renames = new PerCpuLong();

  @Override
  public void handle(Skb skb) {
    preempt_disable();
    __this_cpu_inc(rx_packets);
    preempt_enable();
  }

  public void handle(String name) {
    preempt_disable();
    __this_cpu_inc(renames);
    preempt_enable();
  }
}

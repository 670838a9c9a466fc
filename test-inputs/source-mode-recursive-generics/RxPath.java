package recursive_generics;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

import dev.ctxcheck.annotations.HardirqContext;
import dev.ctxcheck.annotations.SoftirqContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;
import java.util.List;

/**
 * The receive path filters a poll's packets with lambdas chosen by a conditional and passed in
 * parentheses, through the recursive Seq type and its overloads: the softirq and a hardirq handler
 * both run it, so the non-atomic counters in the lambdas race. Typing these lambdas once sent source
 * mode round the call it was choosing an overload for until the stack overflowed, and the file was
 * left out.
 */
final class RxPath {
  static final PerCpuLong rx_dropped = new PerCpuLong();
  static final PerCpuLong rx_seen = new PerCpuLong();

  @SoftirqContext
  static void net_rx_action(PacketSeq poll, boolean drop_runts) {
    process(poll, drop_runts);
  }

  @HardirqContext
  static int netpoll_irq(int irq) {
    process(new PacketSeq(List.of()), false);
    return Irq.IRQ_HANDLED;
  }

  static void process(PacketSeq poll, boolean drop_runts) {
    poll.filter(drop_runts ? skb -> keep(skb) : skb -> true)
        .peek((skb -> seen(skb)));
  }

  static boolean keep(PacketSeq.Skb skb) {
    if (skb.len < 60) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(rx_dropped) can lose updates: reached in SOFTIRQ (net_rx_action -> process -> lambda@RxPath.java:34 -> keep) and in HARDIRQ (netpoll_irq -> process -> lambda@RxPath.java:34 -> keep), which can interrupt it; use this_cpu_inc
      __this_cpu_inc(rx_dropped);
      return false;
    }
    return true;
  }

  static void seen(PacketSeq.Skb skb) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(rx_seen) can lose updates: reached in SOFTIRQ (net_rx_action -> process -> lambda@RxPath.java:35 -> seen) and in HARDIRQ (netpoll_irq -> process -> lambda@RxPath.java:35 -> seen), which can interrupt it; use this_cpu_inc
    __this_cpu_inc(rx_seen);
  }
}

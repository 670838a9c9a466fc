package sm_res;

import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;
import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

import dev.ctxcheck.annotations.HardirqContext;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.SoftirqContext;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.PerCpuLong;
import dev.ctxcheck.percpu.Softirq;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Source mode resolves names from the program's own declarations before it asks the symbol
 * solver; this scenario holds the kinds of names and calls it must resolve as javac does:
 * overloads by argument type, varargs, calls on generic results, inner and anonymous classes
 * calling their outer class, interface default methods, super calls, constructor references,
 * enum constants with bodies, qualified nested types, and an override of a generic interface
 * method (handle(Skb) for Handler<T>.handle(T)).
 */
class Netdev {
  static final PerCpuLong tx_packets = new PerCpuLong();
  static final PerCpuLong tx_bytes = new PerCpuLong();
  static final PerCpuLong rx_packets = new PerCpuLong();
  static final PerCpuLong rx_bytes = new PerCpuLong();
  static final PerCpuLong drops = new PerCpuLong();
  static final PerCpuLong resets = new PerCpuLong();

  /** Two overloads: only the (PerCpuLong, long) one updates non-atomically. */
  static void account(PerCpuLong counter) {
    dev.ctxcheck.percpu.PerCpu.this_cpu_inc(counter);
  }

  static void account(PerCpuLong counter, long n) {
    // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_add(counter, n) on Netdev.rx_packets, Netdev.rx_bytes, Netdev.tx_bytes can lose updates: reached in PROCESS (dev_queue_xmit -> xmit -> account) and in SOFTIRQ (flush -> complete -> account) and in HARDIRQ (lambda@Netdev.java:
    // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_add(counter, n) on Netdev.rx_packets, Netdev.rx_bytes, Netdev.tx_bytes runs in preemptible PROCESS context (dev_queue_xmit -> xmit -> account), where another task on this CPU can preempt its read-modify-write; use this_cpu_add, or disable preemption around it
    __this_cpu_add(counter, n);
  }

  static void account(PerCpuLong counter, Integer boxed) {
    dev.ctxcheck.percpu.PerCpu.this_cpu_add(counter, boxed);
  }

  static void count_all(PerCpuLong... counters) {
    for (PerCpuLong c : counters) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(c) can lose updates: reached in PROCESS (dev_queue_xmit -> count_all) and in HARDIRQ (e1000_intr -> count_all), which can interrupt it; use this_cpu_inc
      // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(c) runs in preemptible PROCESS context (dev_queue_xmit -> count_all), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
      __this_cpu_inc(c);
    }
  }

  interface Ops {
    void xmit(Skb skb);

    default void drop(Skb skb) {
      __this_cpu_inc(drops);
    }
  }

  /** A generic callback: implementations override handle(T) with their own type argument. */
  interface Handler<T> {
    void handle(T item);
  }

  static final class ResetHandler implements Handler<Skb> {
    @Override
    public void handle(Skb skb) {
      // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(resets) can lose updates: reached in PROCESS (dev_queue_xmit -> handle) and in HARDIRQ (e1000_intr -> handle), which can interrupt it; use this_cpu_inc
      // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(resets) runs in preemptible PROCESS context (dev_queue_xmit -> handle), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
      __this_cpu_inc(resets);
    }
  }

  static final class Skb {
    final int len;

    Skb(int len) {
      this.len = len;
    }
  }

  /** An inner class calls its outer instance's methods unqualified. */
  final class Queue {
    final List<Skb> pending = new ArrayList<>();

    void flush() {
      for (Skb skb : pending) {
        complete(skb);
      }
      pending.get(0).toString();
    }
  }

  void complete(Skb skb) {
    account(rx_packets, 1L);
    account(rx_bytes, skb.len);
  }

  enum Link {
    UP,
    DOWN {
      @Override
      void changed() {
        // BUG: Diagnostic contains: [NonAtomicPerCpuUpdate] __this_cpu_inc(resets) can lose updates: reached in PROCESS (dev_queue_xmit -> changed) and in HARDIRQ (lambda@Netdev.java:
        // BUG: Diagnostic contains: [PerCpuUpdateInPreemptibleCode] __this_cpu_inc(resets) runs in preemptible PROCESS context (dev_queue_xmit -> changed), where another task on this CPU can preempt its read-modify-write; use this_cpu_inc, or disable preemption around it
        __this_cpu_inc(resets);
      }
    };

    void changed() {}
  }

  static class BaseDriver implements Ops {
    @Override
    public void xmit(Skb skb) {
      account(tx_packets, (Integer) 1);
    }
  }

  static final class E1000 extends BaseDriver {
    @Override
    public void xmit(Skb skb) {
      super.xmit(skb);
      Netdev.account(tx_bytes, (long) skb.len);
    }
  }

  final Queue queue = new Queue();
  final List<Ops> drivers = new ArrayList<>();

  /** dev_queue_xmit: process context. */
  @ProcessContext
  void dev_queue_xmit(Skb skb) {
    drivers.get(0).xmit(skb);
    Supplier<Skb> make = () -> new Skb(64);
    Ops anon = new Ops() {
      @Override
      public void xmit(Skb s) {
        complete(s);
      }
    };
    anon.xmit(make.get());
    count_all(tx_packets, drops);
    Link.DOWN.changed();
    Handler<Skb> reset = new ResetHandler();
    reset.handle(skb);
  }

  /** The receive softirq. */
  @SoftirqContext
  void net_rx_action() {
    queue.flush();
    new E1000().drop(new Skb(0));
  }

  static void probe(Netdev dev) {
    Irq.request_irq(19, irq -> {
      dev.complete(new Skb(irq));
      Link.valueOf("DOWN").changed();
      return Irq.IRQ_HANDLED;
    });
    Softirq.tasklet_schedule(dev.queue::flush);
    Supplier<E1000> factory = E1000::new;
    factory.get().xmit(new Skb(1));
  }

  @HardirqContext
  static void e1000_intr() {
    count_all(tx_bytes);
    Handler<Skb> h = new ResetHandler();
    h.handle(new Skb(0));
  }
}

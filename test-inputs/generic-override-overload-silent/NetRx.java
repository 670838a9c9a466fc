package generic_override;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.SoftirqContext;

/** net/core/dev.c in miniature: softirq delivers packets to the registered handler; renames come from process context. */
final class NetRx {
  static final SkbRx rx = new SkbRx();
  static final RxHandler<Skb> handler = rx;

  @SoftirqContext
  static void net_rx_action() {
    handler.handle(new Skb());
  }

  @ProcessContext
  static void dev_change_name() {
    rx.handle("eth1");
  }
}

package one_site;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.Softirq;

/** A legacy ISA NIC that receives in its interrupt handler, and a NAPI driver. */
final class Drivers {
  static final NetDevice ne2k = new NetDevice();
  static final NetDevice virtnet = new NetDevice();

  static void ne2k_probe() {
    Irq.request_irq(10, Drivers::ne2k_interrupt);
  }

  static void virtnet_probe() {
    Softirq.napi_schedule(Drivers::virtnet_poll);
  }

  /** drivers/net/ethernet/8390: the whole receive runs in the hardirq handler. */
  static int ne2k_interrupt(int irq) {
    NetDevice.SkBuff skb = new NetDevice.SkBuff();
    skb.dev = ne2k;
    NetDevice.netif_rx(skb);
    return Irq.IRQ_HANDLED;
  }

  /** drivers/net/virtio_net.c: NAPI poll, in the NET_RX softirq. */
  static int virtnet_poll(int budget) {
    int done = 0;
    while (done < budget) {
      NetDevice.SkBuff skb = new NetDevice.SkBuff();
      skb.dev = virtnet;
      NetDevice.netif_receive_skb(skb);
      done++;
    }
    return done;
  }
}

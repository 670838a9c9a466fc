package recursive_generics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The packets of one poll, as a Seq of itself. */
final class PacketSeq implements Seq<PacketSeq.Skb, PacketSeq> {
  static final class Skb {
    int len;
  }

  private final List<Skb> packets;

  PacketSeq(List<Skb> packets) {
    this.packets = packets;
  }

  @Override
  public PacketSeq filter(Predicate<? super Skb> keep) {
    List<Skb> kept = new ArrayList<>();
    for (Skb skb : packets) {
      if (keep.test(skb)) {
        kept.add(skb);
      }
    }
    return new PacketSeq(kept);
  }

  @Override
  public PacketSeq peek(Consumer<? super Skb> action) {
    for (Skb skb : packets) {
      action.accept(skb);
    }
    return this;
  }

  @Override
  public PacketSeq peek(Runnable action) {
    return peek(skb -> action.run());
  }
}

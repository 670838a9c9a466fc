package seed;

import dev.ctxcheck.percpu.Softirq;
import java.util.ArrayDeque;

/** block/blk-softirq.c: completions run from the BLOCK softirq. */
final class Block {
  private static final ArrayDeque<Aio.Kiocb> done = new ArrayDeque<>();

  static void blk_softirq_init() {
    Softirq.tasklet_schedule(Block::blk_done_softirq);
  }

  static int submit_bio(Aio.Kiocb req) {
    done.add(req);
    return 0;
  }

  static void blk_done_softirq() {
    Aio.Kiocb iocb;
    while ((iocb = done.poll()) != null) {
      Aio.aio_complete(iocb, 0);
    }
  }
}

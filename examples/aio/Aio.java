package example.aio;

import dev.ctxcheck.annotations.ProcessContext;
import java.util.ArrayList;
import java.util.List;

/**
 * fs/aio.c: an aio context (kioctx) counts its in-flight requests with a PercpuRef. io_submit
 * takes a reference per request in process context; the block layer's completion drops it in
 * softirq context; io_destroy waits for the count to reach zero.
 */
final class Aio {
  static final int EAGAIN = 11;

  static final class Kioctx {
    final PercpuRef reqs = new PercpuRef();
    final List<Kiocb> completed = new ArrayList<>();
    boolean dead;
  }

  static final class Kiocb {
    final Kioctx ki_ctx;
    final long ki_user_data;
    long ki_res;

    Kiocb(Kioctx ctx, long userData) {
      this.ki_ctx = ctx;
      this.ki_user_data = userData;
    }
  }

  /** io_submit(2): queue nr requests; returns how many were queued. */
  @ProcessContext
  static long io_submit(Kioctx ctx, long[] userData) {
    long submitted = 0;
    for (long data : userData) {
      if (io_submit_one(ctx, data) != 0) {
        break;
      }
      submitted++;
    }
    return submitted;
  }

  static int io_submit_one(Kioctx ctx, long userData) {
    Kiocb req = aio_get_req(ctx, userData);
    if (req == null) {
      return -EAGAIN;
    }
    int ret = BlockLayer.submit_bio(req);
    if (ret != 0) {
      kiocb_free(req); // never reached the device: drop the reference here, in process context
    }
    return ret;
  }

  static Kiocb aio_get_req(Kioctx ctx, long userData) {
    if (ctx.dead) {
      return null;
    }
    ctx.reqs.get();
    return new Kiocb(ctx, userData);
  }

  /** Called by the block layer when the I/O is done: in softirq context. */
  static void aio_complete(Kiocb iocb, long res) {
    iocb.ki_res = res;
    iocb.ki_ctx.completed.add(iocb);
    kiocb_free(iocb);
  }

  static void kiocb_free(Kiocb req) {
    req.ki_ctx.reqs.put();
  }

  /** io_destroy(2): kill the context once no request holds it. */
  @ProcessContext
  static boolean io_destroy(Kioctx ctx) {
    ctx.dead = true;
    ctx.reqs.put(); // the initial reference
    return ctx.reqs.sum() == 0;
  }
}

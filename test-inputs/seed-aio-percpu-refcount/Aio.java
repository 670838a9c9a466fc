package seed;

import static seed.PercpuRef.percpu_ref_get;
import static seed.PercpuRef.percpu_ref_put;

import dev.ctxcheck.annotations.ProcessContext;

/** fs/aio.c: requests hold a reference on their context, taken at submit, dropped at completion. */
final class Aio {
  static final int EAGAIN = 11;

  static final class Kioctx {
    final PercpuRef reqs = new PercpuRef();
  }

  static final class Kiocb {
    Kioctx ki_ctx;
    long ki_res;
  }

  /** The io_submit(2) system call. */
  @ProcessContext
  static long io_submit(Kioctx ctx, long nr) {
    long i;
    for (i = 0; i < nr; i++) {
      if (io_submit_one(ctx) != 0) {
        break;
      }
    }
    return i;
  }

  static int io_submit_one(Kioctx ctx) {
    Kiocb req = aio_get_req(ctx);
    if (req == null) {
      return -EAGAIN;
    }
    int ret = Block.submit_bio(req);
    if (ret != 0) {
      kiocb_free(req); // the request never started: drop its reference here, in process context
    }
    return ret;
  }

  static Kiocb aio_get_req(Kioctx ctx) {
    Kiocb req = new Kiocb();
    percpu_ref_get(ctx.reqs);
    req.ki_ctx = ctx;
    return req;
  }

  /** Called from the block layer's completion, in softirq context. */
  static void aio_complete(Kiocb iocb, long res) {
    iocb.ki_res = res;
    kiocb_free(iocb);
  }

  static void kiocb_free(Kiocb req) {
    percpu_ref_put(req.ki_ctx.reqs);
  }
}

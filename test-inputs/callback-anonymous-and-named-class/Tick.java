package cb_class;

import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqHandler;

/** kernel/time/tick-common.c: the periodic tick, an interrupt handler given as an anonymous class. */
final class Tick {
  static final int TIMER_IRQ = 0;

  static void tick_setup_device() {
    Irq.request_irq(TIMER_IRQ, new IrqHandler() {
      @Override
      public int handle(int irq) {
        tick_handle_periodic();
        return Irq.IRQ_HANDLED;
      }
    });
  }

  static void tick_handle_periodic() {
    update_process_times();
  }

  static void update_process_times() {
    Perf.perf_event_task_tick();
  }
}

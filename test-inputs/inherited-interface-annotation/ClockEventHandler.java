package inherited;

import dev.ctxcheck.annotations.HardirqContext;

/**
 * include/linux/clockchips.h: clock_event_device.event_handler, called from the timer interrupt.
 * The callback interface is annotated once; every implementation inherits hardirq context.
 */
interface ClockEventHandler {
  @HardirqContext
  void event_handler(int cpu);
}

package dev.ctxcheck.percpu;

/**
 * An interrupt handler, the kernel's {@code irq_handler_t}: registered with {@link
 * Irq#request_irq} and run in hardirq context, with irqs disabled, when its irq is raised.
 */
@FunctionalInterface
public interface IrqHandler {

  /**
   * Handles {@code irq}.
   *
   * @return {@link Irq#IRQ_HANDLED} if the device had raised it, else {@link Irq#IRQ_NONE}
   */
  int handle(int irq);
}

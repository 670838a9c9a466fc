package dev.ctxcheck.percpu;

/**
 * An NMI handler, the kernel's {@code nmi_handler_t}: registered with {@link
 * Nmi#register_nmi_handler} and run in NMI context, whatever is masked, when an NMI arrives.
 */
@FunctionalInterface
public interface NmiHandler {

  /**
   * Handles an NMI.
   *
   * @return {@link Nmi#NMI_HANDLED} if it was this handler's, else {@link Nmi#NMI_DONE}
   */
  int handle();
}

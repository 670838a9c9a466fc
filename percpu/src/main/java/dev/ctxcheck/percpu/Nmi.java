package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.NmiContext;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Non-maskable interrupts: the kernel's {@code register_nmi_handler} (arch/x86 nmi.h), plus {@link
 * #raise}, the simulated NMI source. An NMI interrupts whatever runs, masks or not; NMIs do not
 * nest.
 */
public final class Nmi {

  /** An {@link NmiHandler}'s answer: the NMI was not its. */
  public static final int NMI_DONE = 0;

  /** An {@link NmiHandler}'s answer: it handled the NMI. */
  public static final int NMI_HANDLED = 1;

  private static final List<NmiHandler> HANDLERS = new CopyOnWriteArrayList<>();

  private Nmi() {}

  /** Adds {@code h} to the handlers every NMI runs, in the order registered. */
  public static void register_nmi_handler(@NmiContext NmiHandler h) {
    HANDLERS.add(Objects.requireNonNull(h, "h"));
  }

  /**
   * An NMI arrives on the caller's CPU: every registered handler runs at once in NMI context,
   * whatever is masked. Raised in NMI context it is latched and runs when the current NMI returns,
   * once however often it was raised meanwhile.
   */
  public static void raise() {
    Cpu.run(CpuState::raiseNmi);
  }

  static List<NmiHandler> handlers() {
    return HANDLERS;
  }

  static void clearHandlers() {
    HANDLERS.clear();
  }
}

package dev.ctxcheck.percpu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The execution state of one simulated CPU: its context stack, what is masked, what is pending,
 * and which Java thread runs on it. The model is described on {@link Cpu}.
 *
 * <p>All fields but {@link #arrivals} are touched only by the thread that owns the CPU (see {@link
 * #acquire()}); the owner's monitor hand-over publishes them to the next owner.
 */
final class CpuState {

  /** What the CPU is executing. */
  enum Context {
    PROCESS,
    SOFTIRQ,
    HARDIRQ,
    NMI
  }

  /**
   * Counted holds. PREEMPT and BH are the masks (the kernel's preempt count); RCU_SCHED and RCU_BH
   * are counted beside them only so that an {@code rcu_read_unlock_*} without its lock is caught.
   */
  enum Hold {
    PREEMPT("preempt_disable()"),
    BH("local_bh_disable()"),
    RCU_SCHED("rcu_read_lock_sched()"),
    RCU_BH("rcu_read_lock_bh()");

    final String takenBy;

    Hold(String takenBy) {
      this.takenBy = takenBy;
    }
  }

  /**
   * The kernel's MAX_SOFTIRQ_RESTART: one softirq run goes round this many times for softirqs
   * raised while it runs, then leaves the rest pending, so a softirq that keeps raising itself
   * cannot hold the CPU forever.
   */
  static final int MAX_SOFTIRQ_RESTART = 10;

  /** One level of the context stack, with the state its code must leave as it found it. */
  static final class Frame {
    final Context context;
    final int[] holdsAtEntry;
    final boolean irqsDisabledAtEntry;
    final boolean interruptedIrqsDisabled;
    final int locksAtEntry;
    final int rcuDepthAtEntry;

    Frame(
        Context context,
        int[] holds,
        boolean irqsDisabledAtEntry,
        boolean interruptedIrqsDisabled,
        int locksAtEntry,
        int rcuDepthAtEntry) {
      this.context = context;
      this.holdsAtEntry = holds.clone();
      this.irqsDisabledAtEntry = irqsDisabledAtEntry;
      this.interruptedIrqsDisabled = interruptedIrqsDisabled;
      this.locksAtEntry = locksAtEntry;
      this.rcuDepthAtEntry = rcuDepthAtEntry;
    }
  }

  final int id;

  private final Deque<Frame> frames = new ArrayDeque<>();
  private final int[] holds = new int[Hold.values().length];
  private boolean irqsDisabled;
  private final List<CpuLock> heldLocks = new ArrayList<>();

  /** Raised hardirqs not yet delivered; a line raised again while pending is delivered once. */
  private final LinkedHashSet<Integer> pendingIrqs = new LinkedHashSet<>();
  private boolean nmiPending;
  private final ArrayDeque<Runnable> pendingSoftirqs = new ArrayDeque<>();
  private final ArrayDeque<Runnable> pendingWork = new ArrayDeque<>();

  /** Scripted arrivals for the next interrupt windows; may be armed from any thread. */
  final Queue<Runnable> arrivals = new ConcurrentLinkedQueue<>();

  private Thread owner;
  private int ownerHolds;
  private boolean pinned;

  CpuState(int id) {
    this.id = id;
    boot();
  }

  /** Process context with nothing masked or held; locks this CPU held are released. */
  private void boot() {
    frames.clear();
    Arrays.fill(holds, 0);
    irqsDisabled = false;
    frames.push(new Frame(Context.PROCESS, holds, false, false, 0, 0));
    for (CpuLock lock : heldLocks) {
      lock.forceUnlock(id);
    }
    heldLocks.clear();
  }

  // ---------------------------------------------------------------- ownership by a Java thread

  /**
   * Makes the calling thread the one running on this CPU, waiting while another thread runs on it.
   * Reentrant. A thread keeps the CPU between calls for as long as it is not preemptible there
   * ({@link #leave}); while it is preemptible, threads sharing the CPU interleave freely, as
   * tasks do.
   */
  synchronized void acquire() {
    Thread me = Thread.currentThread();
    boolean interrupted = false;
    while (owner != null && owner != me) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    owner = me;
    ownerHolds++;
    if (interrupted) {
      me.interrupt();
    }
  }

  /**
   * Ends one runtime call: first delivers whatever may now run (unless the call threw), then
   * keeps the CPU for the calling thread if it left it non-preemptible, or lets it go.
   */
  void leave(boolean returned) {
    try {
      if (returned) {
        runPending();
      }
    } finally {
      releaseOwnership();
    }
  }

  private synchronized void releaseOwnership() {
    if (owner != Thread.currentThread()) {
      return; // reset() took the CPU back during the call
    }
    boolean neutral = neutral();
    if (!neutral && !pinned) {
      pinned = true;
      ownerHolds++;
    } else if (neutral && pinned) {
      pinned = false;
      ownerHolds--;
    }
    if (--ownerHolds == 0) {
      owner = null;
      notifyAll();
    }
  }

  synchronized boolean ownedBy(Thread thread) {
    return owner == thread;
  }

  /**
   * Called by {@link Cpu#runOn} when its body leaves this CPU: if the body left it
   * non-preemptible, puts it back to plain process context and lets it go.
   *
   * @return what the body left held, or null if nothing
   */
  synchronized String abandon(Thread thread) {
    if (owner != thread || !pinned) {
      return null;
    }
    String state = describe();
    boot();
    pinned = false;
    ownerHolds = 0;
    owner = null;
    notifyAll();
    return state;
  }

  /** Boot state, whoever owns the CPU; pending events and arrivals are dropped. */
  synchronized void reset() {
    boot();
    pendingIrqs.clear();
    nmiPending = false;
    pendingSoftirqs.clear();
    pendingWork.clear();
    arrivals.clear();
    pinned = false;
    ownerHolds = 0;
    owner = null;
    notifyAll();
  }

  /** Plain preemptible process code: no other thread needs to be kept off the CPU. */
  private boolean neutral() {
    if (frames.size() != 1 || irqsDisabled || !heldLocks.isEmpty()) {
      return false;
    }
    for (int h : holds) {
      if (h != 0) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- observation

  Context context() {
    return frames.peek().context;
  }

  boolean irqsDisabled() {
    return irqsDisabled;
  }

  /** Neither preemption nor anything above it is masked: the kernel's preemptible(). */
  boolean preemptible() {
    return context() == Context.PROCESS
        && holds[Hold.PREEMPT.ordinal()] == 0
        && holds[Hold.BH.ordinal()] == 0
        && !irqsDisabled;
  }

  /** BH is disabled ({@code local_bh_disable}, {@code spin_lock_bh}, {@code rcu_read_lock_bh}). */
  boolean bhDisabled() {
    return holds[Hold.BH.ordinal()] != 0;
  }

  boolean preemptDisabled() {
    return holds[Hold.PREEMPT.ordinal()] != 0;
  }

  /** The locks the code of the current context took (not those of the code it interrupted). */
  List<CpuLock> locksOfThisContext() {
    return List.copyOf(heldLocks.subList(frames.peek().locksAtEntry, heldLocks.size()));
  }

  private boolean hardirqMayRun() {
    return !irqsDisabled && context() != Context.HARDIRQ && context() != Context.NMI;
  }

  private boolean softirqMayRun() {
    return !irqsDisabled && context() == Context.PROCESS && holds[Hold.BH.ordinal()] == 0;
  }

  /** A schedule point: preemptible, and no simulated task runs here on top of the thread's. */
  private boolean mayReschedule() {
    return frames.size() == 1 && preemptible();
  }

  String describe() {
    List<String> parts = new ArrayList<>();
    parts.add(contextName());
    for (Hold h : Hold.values()) {
      if (holds[h.ordinal()] != 0) {
        parts.add(h.takenBy + " x" + holds[h.ordinal()]);
      }
    }
    if (irqsDisabled) {
      parts.add("irqs disabled");
    }
    if (!heldLocks.isEmpty()) {
      parts.add(heldLocks.size() + " lock(s) held");
    }
    return String.join(", ", parts);
  }

  // ---------------------------------------------------------------- masks

  void hold(Hold h) {
    holds[h.ordinal()]++;
  }

  /** Releases one hold of {@code h}; only holds taken in the current context can be released. */
  void release(Hold h, String who) {
    if (holds[h.ordinal()] <= frames.peek().holdsAtEntry[h.ordinal()]) {
      throw new IllegalStateException(
          who + " on CPU " + id + " without " + h.takenBy + " in this " + contextName());
    }
    holds[h.ordinal()]--;
  }

  /** Releases one hold of {@code first} and one of {@code second}, taken together. */
  void release(Hold first, Hold second, String who) {
    for (Hold h : new Hold[] {first, second}) {
      if (holds[h.ordinal()] <= frames.peek().holdsAtEntry[h.ordinal()]) {
        throw new IllegalStateException(
            who + " on CPU " + id + " without " + h.takenBy + " in this " + contextName());
      }
    }
    holds[first.ordinal()]--;
    holds[second.ordinal()]--;
  }

  void disableIrqs(String who) {
    if (irqsDisabled) {
      throw new IllegalStateException(
          who + " on CPU " + id + " with irqs already disabled (" + contextName()
              + "): its matching enable would enable them too early; use the irqsave form");
    }
    irqsDisabled = true;
  }

  void enableIrqs(String who) {
    if (!irqsDisabled) {
      throw new IllegalStateException(who + " on CPU " + id + " with irqs enabled");
    }
    if (frames.peek().irqsDisabledAtEntry) {
      throw new IllegalStateException(
          who + " on CPU " + id + " in " + contextName()
              + ": irqs were disabled by the context, not by this code");
    }
    irqsDisabled = false;
  }

  IrqFlags saveIrqs() {
    IrqFlags flags = new IrqFlags(id, frames.peek(), irqsDisabled);
    irqsDisabled = true;
    return flags;
  }

  void restoreIrqs(IrqFlags flags, String who) {
    if (flags == null) {
      throw new NullPointerException(who + ": flags");
    }
    if (flags.cpu != id || flags.frame != frames.peek()) {
      throw new IllegalStateException(
          who + " on CPU " + id + " in " + contextName() + " with " + flags
              + ", saved on another CPU or in another context");
    }
    if (!irqsDisabled) {
      throw new IllegalStateException(
          who + " on CPU " + id + " with irqs enabled: " + flags + " restored twice?");
    }
    irqsDisabled = flags.irqsDisabled;
  }

  void lockAcquired(CpuLock lock) {
    heldLocks.add(lock);
  }

  /** Checks that {@code lock} was taken on this CPU in the current context, and forgets it. */
  void lockReleased(CpuLock lock, String who) {
    int at = heldLocks.lastIndexOf(lock);
    if (at < frames.peek().locksAtEntry) {
      throw new IllegalStateException(
          who + " on CPU " + id + ": " + lock + " is not held in this " + contextName());
    }
    heldLocks.remove(at);
  }

  void rcuReadUnlock(String who) {
    Task task = Task.current();
    if (task.rcuReadDepth <= frames.peek().rcuDepthAtEntry) {
      throw new IllegalStateException(
          who + " on CPU " + id + " without rcu_read_lock() in this " + contextName());
    }
    task.rcuReadDepth--;
  }

  private String contextName() {
    return context().name().toLowerCase(Locale.ROOT) + " context";
  }

  /**
   * The kernel's lockdep_assert_in_softirq(): BH is off here, because the code serves a softirq or
   * disabled BH itself, and it is not in hardirq or NMI context.
   */
  void assertInSoftirq(String who) {
    Context context = context();
    boolean inSoftirq = context == Context.SOFTIRQ || holds[Hold.BH.ordinal()] != 0;
    if (!inSoftirq || context == Context.HARDIRQ || context == Context.NMI) {
      throw new IllegalStateException(
          who + " on CPU " + id + " in " + contextName()
              + (inSoftirq ? "" : " with BH enabled")
              + ": it only nests inside softirq context or local_bh_disable()");
    }
  }

  /** CONFIG_DEBUG_PREEMPT's check_preemption_disabled(), for {@code __this_cpu_*}. */
  void checkPreemptionDisabled(String operation) {
    if (Cpu.DEBUG_PREEMPT && preemptible() && Task.current().migrateDisabled == 0) {
      throw new IllegalStateException(
          "BUG: using " + operation + "() in preemptible code on CPU " + id
              + ": the task can be preempted or migrated between its read and its write"
              + " (use this_cpu_*, or raw_cpu_* where the race is accepted)");
    }
  }

  // ---------------------------------------------------------------- events

  /** Runs the next scripted arrival, if one is armed: an interrupt may arrive here. */
  void window() {
    Runnable arrival = arrivals.poll();
    if (arrival != null) {
      arrival.run();
    }
  }

  void raiseIrq(int irq) {
    pendingIrqs.add(irq);
  }

  void raiseNmi() {
    nmiPending = true;
  }

  void raiseSoftirq(Runnable action) {
    pendingSoftirqs.add(action);
  }

  void queueWork(Runnable work) {
    pendingWork.add(work);
  }

  /**
   * Delivers, in order of priority, everything pending that may run at this point: a latched
   * NMI, pending hardirqs, one softirq run, then work items at a schedule point. Each delivery
   * can change what may run, so the loop starts over after every one.
   */
  void runPending() {
    boolean softirqBacklog = false;
    while (true) {
      if (nmiPending && context() != Context.NMI) {
        nmiPending = false;
        runNmi();
      } else if (!pendingIrqs.isEmpty() && hardirqMayRun()) {
        Iterator<Integer> first = pendingIrqs.iterator();
        int irq = first.next();
        first.remove();
        runHardirq(irq);
      } else if (!softirqBacklog && !pendingSoftirqs.isEmpty() && softirqMayRun()) {
        softirqBacklog = !doSoftirq();
      } else if (!pendingWork.isEmpty() && mayReschedule()) {
        runTask(pendingWork.poll(), "work item");
      } else {
        return;
      }
    }
  }

  private Frame enter(Context context, boolean irqsDisabledAtEntry) {
    Frame frame =
        new Frame(
            context,
            holds,
            irqsDisabledAtEntry,
            irqsDisabled,
            heldLocks.size(),
            Task.current().rcuReadDepth);
    frames.push(frame);
    irqsDisabled = irqsDisabledAtEntry;
    return frame;
  }

  /**
   * Leaves {@code frame}, putting back what its code left held (the kernel WARNs here, e.g.
   * "entered softirq with preempt_count X, exited with Y"), and reports it if the code returned
   * normally.
   */
  private void exit(Frame frame, boolean returned, String who) {
    List<String> leaked = new ArrayList<>();
    for (Hold h : Hold.values()) {
      if (holds[h.ordinal()] != frame.holdsAtEntry[h.ordinal()]) {
        leaked.add(h.takenBy + " x" + (holds[h.ordinal()] - frame.holdsAtEntry[h.ordinal()]));
        holds[h.ordinal()] = frame.holdsAtEntry[h.ordinal()];
      }
    }
    if (irqsDisabled != frame.irqsDisabledAtEntry) {
      leaked.add(irqsDisabled ? "irqs disabled" : "irqs enabled");
    }
    while (heldLocks.size() > frame.locksAtEntry) {
      CpuLock lock = heldLocks.remove(heldLocks.size() - 1);
      lock.forceUnlock(id);
      leaked.add(lock.name());
    }
    Task task = Task.current();
    if (task.rcuReadDepth != frame.rcuDepthAtEntry) {
      leaked.add("rcu_read_lock() x" + (task.rcuReadDepth - frame.rcuDepthAtEntry));
      task.rcuReadDepth = frame.rcuDepthAtEntry;
    }
    frames.pop();
    irqsDisabled = frame.interruptedIrqsDisabled;
    if (returned && !leaked.isEmpty()) {
      throw new IllegalStateException(
          who + " on CPU " + id + " returned with " + String.join(", ", leaked)
              + " (put back as it was)");
    }
  }

  private void runHardirq(int irq) {
    IrqHandler handler = Irq.handler(irq);
    if (handler == null) {
      return; // freed by Cpu.reset() while pending
    }
    Frame frame = enter(Context.HARDIRQ, true);
    boolean returned = false;
    try {
      handler.handle(irq);
      returned = true;
    } finally {
      exit(frame, returned, "handler of irq " + irq);
    }
  }

  private void runNmi() {
    Frame frame = enter(Context.NMI, true);
    boolean returned = false;
    try {
      for (NmiHandler handler : Nmi.handlers()) {
        handler.handle();
      }
      returned = true;
    } finally {
      exit(frame, returned, "NMI handler");
    }
  }

  /**
   * The kernel's __do_softirq(): runs pending softirqs, then those raised meanwhile, at most
   * {@link #MAX_SOFTIRQ_RESTART} rounds.
   *
   * @return whether nothing is left pending
   */
  private boolean doSoftirq() {
    for (int round = 0; round < MAX_SOFTIRQ_RESTART && !pendingSoftirqs.isEmpty(); round++) {
      List<Runnable> batch = new ArrayList<>(pendingSoftirqs);
      pendingSoftirqs.clear();
      for (int i = 0; i < batch.size(); i++) {
        boolean completed = false;
        try {
          Frame frame = enter(Context.SOFTIRQ, false);
          boolean returned = false;
          try {
            batch.get(i).run();
            returned = true;
          } finally {
            exit(frame, returned, "softirq");
          }
          completed = true;
        } finally {
          if (!completed) {
            // A failing softirq takes no other with it: the rest of the round stays pending.
            for (int j = batch.size() - 1; j > i; j--) {
              pendingSoftirqs.addFirst(batch.get(j));
            }
          }
        }
      }
    }
    return pendingSoftirqs.isEmpty();
  }

  /**
   * Runs {@code body} as a task of its own on this CPU, as if the scheduler switched to it at this
   * schedule point and back when it finished.
   */
  private void runTask(Runnable body, String who) {
    Task preempted = Task.current();
    Task task = new Task(id);
    Task.setCurrent(task);
    Frame frame = enter(Context.PROCESS, false);
    boolean returned = false;
    try {
      body.run();
      returned = true;
    } finally {
      try {
        exit(frame, returned, who);
        if (returned && task.migrateDisabled != 0) {
          throw new IllegalStateException(
              who + " on CPU " + id + " returned with migrate_disable() x" + task.migrateDisabled);
        }
      } finally {
        Task.setCurrent(preempted);
      }
    }
  }
}

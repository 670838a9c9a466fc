package dev.ctxcheck.percpu;

import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.PerCpuOperation.Kind;
import java.lang.StackWalker.StackFrame;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The runtime twin of ctxcheck, what the 2014 percpu-refcount report asked lockdep for: with it
 * enabled, every update of a per-CPU variable records its <em>usage</em> — the context it runs in,
 * the masks and locks held there, the operation, and where it is — and the first time a non-atomic
 * update and an update from a context that can interrupt it have both been seen, an <em>inconsistent
 * per-CPU usage</em> is reported, whether or not an interrupt ever landed inside the update. Like
 * lockdep it needs each usage to happen once, not the race.
 *
 * <p>What is recorded, per variable (a {@link PerCpuLong}, or a {@link PerCpuPtr} as a whole; like
 * lockdep's lock classes, all the variables of one name, or unnamed, of one allocation site, are one
 * variable):
 *
 * <ul>
 *   <li>{@code __this_cpu_OP} (not {@code read}): a non-atomic update;
 *   <li>{@code this_cpu_OP}, {@code this_cpu_xchg}, {@code this_cpu_cmpxchg}: an atomic update, which
 *       can interrupt a non-atomic one but is never split itself;
 *   <li>{@code raw_cpu_OP}: an accepted race, a writer like an atomic update, never the non-atomic
 *       side;
 *   <li>{@code this_cpu_ptr}, {@code get_cpu_ptr}: a non-atomic update of the structure (the field
 *       stores that follow are invisible at run time, so the access stands for them, with the masks
 *       and locks held at the access); {@code raw_cpu_ptr}: an accepted race;
 *   <li>reads, {@code per_cpu_sum} and {@code per_cpu_ptr(p, cpu)} (another CPU's data): nothing.
 * </ul>
 *
 * <p>A context can interrupt a usage as SPEC §2.1 and §2.2 say: an NMI anything but an NMI; a
 * hardirq process or softirq code with irqs enabled; a softirq process code with BH and irqs
 * enabled; process code nothing (preemption by another task is what CONFIG_DEBUG_PREEMPT checks,
 * see {@link Cpu#DEBUG_PREEMPT}). Two usages under a common lock ({@link SpinLock}, {@link
 * LocalLock}; locks too are known by their allocation site) are not a pair: the lock serializes
 * them.
 *
 * <p>Each report is printed once to standard error, its first line beginning {@code ctxcheck-percpu:
 * inconsistent per-CPU usage}, and kept for {@link #reports()}: one per variable and pair of usages,
 * where a usage is its site (the first frame outside the runtime), context, masks, locks and
 * operation. The system property {@code ctxcheck.lockdep=true} enables Lockdep when the runtime
 * starts; disabled, it costs each operation one field read.
 */
public final class Lockdep {

  /** First words of every report; a log can be searched for them. */
  static final String HEADER = "ctxcheck-percpu: inconsistent per-CPU usage";

  /** Read on every per-CPU operation; nothing else is done while it is false. */
  static volatile boolean enabled = Boolean.getBoolean("ctxcheck.lockdep");

  private static final Object LOCK = new Object();

  /** Bumped by {@link #clear()}: a variable whose usages are of an older generation has none. */
  private static int generation; // guarded by LOCK

  private static final List<Report> REPORTS = new ArrayList<>(); // guarded by LOCK

  /** The variables with usages in this generation, in the order of their first one. */
  private static final List<Variable> USED = new ArrayList<>(); // guarded by LOCK

  private Lockdep() {}

  /** Starts recording usages and reporting inconsistent ones. */
  public static void enable() {
    enabled = true;
  }

  /** Stops recording; what was recorded and reported is kept. */
  public static void disable() {
    enabled = false;
  }

  /** The reports so far, oldest first. */
  public static List<Report> reports() {
    synchronized (LOCK) {
      return List.copyOf(REPORTS);
    }
  }

  /**
   * The usages recorded so far, per variable (by its name or allocation site, as in reports), the
   * variables in the order of their first usage and each one's usages in the order seen: what the
   * kernel's /proc/lockdep shows of its lock classes. Reads and {@code per_cpu_ptr} are not usages.
   */
  public static Map<String, List<Usage>> usages() {
    synchronized (LOCK) {
      Map<String, List<Usage>> out = new LinkedHashMap<>();
      for (Variable v : USED) {
        out.put(v.description, List.copyOf(v.usages.values()));
      }
      return Collections.unmodifiableMap(out);
    }
  }

  /**
   * Forgets every usage recorded and every report, so that the next run starts afresh (what is
   * reported again is printed again). Enabled or disabled stays as it is.
   */
  public static void clear() {
    synchronized (LOCK) {
      REPORTS.clear();
      USED.clear();
      generation++;
    }
  }

  /** The execution context of a usage (SPEC §2.1). */
  public enum Context {
    PROCESS,
    SOFTIRQ,
    HARDIRQ,
    NMI
  }

  /**
   * One way a variable was updated: in which context, with what masked and which locks held, by
   * which operation, from where.
   *
   * @param masked what is masked at the update, the levels the context implies included (in
   *     hardirq context: all three)
   * @param locks the locks the usage's own context holds, by class ({@code SpinLock allocated at
   *     example.Foo.<clinit>(Foo.java:12)})
   * @param operation the runtime operation: {@code __this_cpu_inc}, {@code this_cpu_ptr}, ...
   * @param kind {@link Kind#NON_ATOMIC_UPDATE}, {@link Kind#ATOMIC_UPDATE} or {@link
   *     Kind#ACCEPTED_RACE_UPDATE}
   * @param stack where it was first seen: the caller of the operation first, down to the entry of
   *     its context (the interrupt handler, softirq or work item the runtime ran), or to the bottom
   *     of the thread's stack in process context
   */
  public record Usage(
      Context context,
      Set<Masked> masked,
      List<String> locks,
      String operation,
      Kind kind,
      List<StackTraceElement> stack) {

    public Usage {
      masked =
          Collections.unmodifiableSet(masked.isEmpty() ? EnumSet.noneOf(Masked.class) : EnumSet.copyOf(masked));
      locks = List.copyOf(locks);
      stack = List.copyOf(stack);
    }

    /** The update's site: the frame that called the runtime operation, or null if none is known. */
    public StackTraceElement site() {
      return stack.isEmpty() ? null : stack.get(0);
    }

    /**
     * {@code PROCESS with preemption disabled}: the context, and the strongest mask held beyond what
     * the context implies, in ctxcheck's words.
     */
    public String where() {
      Masked implied =
          switch (context) {
            case PROCESS -> null;
            case SOFTIRQ -> Masked.SOFTIRQ;
            case HARDIRQ, NMI -> Masked.HARDIRQ;
          };
      for (Masked level : new Masked[] {Masked.HARDIRQ, Masked.SOFTIRQ, Masked.PREEMPTION}) {
        if (implied != null && level.compareTo(implied) <= 0) {
          break;
        }
        if (masked.contains(level)) {
          return context
              + (level == Masked.PREEMPTION
                  ? " with preemption disabled"
                  : " with " + level.name().toLowerCase(Locale.ROOT) + "s masked");
        }
      }
      return context.name();
    }

    /** {@code __this_cpu_inc() in PROCESS with preemption disabled, under SpinLock@1b6d3586}. */
    @Override
    public String toString() {
      return operation + "() in " + where() + (locks.isEmpty() ? "" : ", under " + String.join(", ", locks));
    }
  }

  /**
   * An inconsistent per-CPU usage: a non-atomic update of a variable, and an update of the same
   * variable from a context that can interrupt it.
   *
   * @param variable the name given to the variable ({@link PerCpuLong#PerCpuLong(String)}), or
   *     where it was allocated ({@code PerCpuLong allocated at example.Foo.<init>(Foo.java:12)})
   * @param allocatedAt where the variable was allocated: the first frame outside the runtime
   */
  public record Report(String variable, String allocatedAt, Usage nonAtomic, Usage interrupting) {

    /** The report as printed: its first line begins {@code ctxcheck-percpu: inconsistent per-CPU usage}. */
    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      s.append(HEADER).append(" of ").append(variable);
      if (!variable.endsWith(allocatedAt)) {
        s.append(" (allocated at ").append(allocatedAt).append(')');
      }
      s.append('\n');
      s.append("  ").append(nonAtomic).append(" is not atomic, and\n");
      s.append("  ").append(interrupting).append(" can interrupt it and update the same variable:\n");
      s.append("  an update can be lost, whether or not an interrupt has landed inside one yet.\n");
      appendStack(s, "the non-atomic update", nonAtomic);
      appendStack(s, "the interrupting update", interrupting);
      return s.toString();
    }

    private static void appendStack(StringBuilder s, String what, Usage usage) {
      s.append("  ").append(what).append(", ").append(usage.where()).append(", first seen:\n");
      if (usage.stack().isEmpty()) {
        s.append("    (no frame outside the runtime)\n");
      }
      for (StackTraceElement frame : usage.stack()) {
        s.append("    at ").append(format(frame)).append('\n');
      }
    }
  }

  // ------------------------------------------------------------------------------- recording

  /**
   * A class of per-CPU variables, as lockdep has lock classes: all the variables of one name, or,
   * unnamed, all those allocated at one site (one field initializer, typically), are one variable
   * to Lockdep, as an instance field is one variable to ctxcheck. It keeps the usages seen.
   */
  static final class Variable {
    private final String description;
    private final String allocatedAt;

    private int generation = -1; // guarded by LOCK
    private final Map<UsageKey, Usage> usages = new LinkedHashMap<>(); // guarded by LOCK

    private Variable(String description, String allocatedAt) {
      this.description = description;
      this.allocatedAt = allocatedAt;
    }

    String description() {
      return description;
    }

    String allocatedAt() {
      return allocatedAt;
    }
  }

  /** Every variable class so far, by name or by type and allocation site; bounded by the program's text. */
  private static final ConcurrentHashMap<String, Variable> VARIABLES = new ConcurrentHashMap<>();

  /**
   * The class of a variable being allocated by the caller's caller.
   *
   * @param type {@code PerCpuLong} or {@code PerCpuPtr}
   * @param name the name the program gave, or null
   */
  static Variable variable(String type, String name) {
    String allocatedAt = allocationSite();
    String key = name != null ? "name " + name : type + " allocated at " + allocatedAt;
    return VARIABLES.computeIfAbsent(key, k -> new Variable(name != null ? name : k, allocatedAt));
  }

  /**
   * The class of a lock being allocated by the caller's caller, {@code SpinLock allocated at
   * example.Foo.<clinit>(Foo.java:12)}: two usages under locks of one class share a lock, as two
   * updates under one lock field do for ctxcheck.
   */
  static String lockClass(String type) {
    return type + " allocated at " + allocationSite();
  }

  private static String allocationSite() {
    StackTraceElement site = Frames.firstOutsideRuntime();
    return site == null ? "(unknown)" : format(site);
  }

  /** What makes two usages the same usage. */
  private record UsageKey(
      StackTraceElement site, Context context, Set<Masked> masked, List<String> locks, String operation) {}

  /**
   * Records that {@code operation} updates {@code variable} here, on {@code cpu}, which the caller
   * owns; reports what this usage makes inconsistent. Called only while {@link #enabled}.
   */
  static void record(CpuState cpu, Variable variable, String operation, Kind kind) {
    Context context = Context.valueOf(cpu.context().name());
    Set<Masked> masked = masked(cpu, context);
    List<String> locks = cpu.locksOfThisContext().stream().map(CpuLock::lockClass).toList();
    UsageKey key = new UsageKey(Frames.firstOutsideRuntime(), context, masked, locks, operation);
    List<Report> found = new ArrayList<>();
    synchronized (LOCK) {
      if (variable.generation != generation) {
        variable.usages.clear();
        variable.generation = generation;
        USED.add(variable);
      }
      if (variable.usages.containsKey(key)) {
        return;
      }
      Usage usage = new Usage(context, masked, locks, operation, kind, Frames.stack());
      for (Map.Entry<UsageKey, Usage> seen : variable.usages.entrySet()) {
        if (!Collections.disjoint(locks, seen.getKey().locks())) {
          continue;
        }
        Usage other = seen.getValue();
        if (kind == Kind.NON_ATOMIC_UPDATE && canInterrupt(other, usage)) {
          found.add(new Report(variable.description, variable.allocatedAt, usage, other));
        }
        if (other.kind() == Kind.NON_ATOMIC_UPDATE && canInterrupt(usage, other)) {
          found.add(new Report(variable.description, variable.allocatedAt, other, usage));
        }
      }
      variable.usages.put(key, usage);
      REPORTS.addAll(found);
    }
    for (Report report : found) {
      System.err.print(report);
      System.err.flush();
    }
  }

  /** What is masked at a usage in {@code context} on {@code cpu}, the levels the context implies included. */
  private static Set<Masked> masked(CpuState cpu, Context context) {
    boolean hardirqs = cpu.irqsDisabled() || context == Context.HARDIRQ || context == Context.NMI;
    boolean softirqs = hardirqs || cpu.bhDisabled() || context == Context.SOFTIRQ;
    boolean preemption = softirqs || cpu.preemptDisabled();
    Set<Masked> masked = EnumSet.noneOf(Masked.class);
    if (preemption) {
      masked.add(Masked.PREEMPTION);
    }
    if (softirqs) {
      masked.add(Masked.SOFTIRQ);
    }
    if (hardirqs) {
      masked.add(Masked.HARDIRQ);
    }
    return masked;
  }

  /** Whether code in {@code by}'s context can run on the CPU in the middle of {@code usage} (SPEC §2.1, §2.2). */
  static boolean canInterrupt(Usage by, Usage usage) {
    return switch (by.context()) {
      case NMI -> usage.context() != Context.NMI;
      case HARDIRQ -> usage.context().compareTo(Context.SOFTIRQ) <= 0 && !usage.masked().contains(Masked.HARDIRQ);
      case SOFTIRQ -> usage.context() == Context.PROCESS && !usage.masked().contains(Masked.SOFTIRQ);
      case PROCESS -> false;
    };
  }

  /** {@code example.Foo.bar(Foo.java:12)}, without the class loader and module prefixes. */
  static String format(StackTraceElement frame) {
    return frame.getClassName() + "." + frame.getMethodName()
        + (frame.getFileName() == null
            ? "(Unknown Source)"
            : "(" + frame.getFileName() + (frame.getLineNumber() >= 0 ? ":" + frame.getLineNumber() : "") + ")");
  }

  /** The program's frames, as opposed to the runtime's. */
  private static final class Frames {
    private static final StackWalker WALKER =
        StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static final String PACKAGE = Lockdep.class.getPackageName();
    private static final CodeSource RUNTIME = Lockdep.class.getProtectionDomain().getCodeSource();

    /**
     * Whether a class is the runtime's own: in its package and loaded from where it was (tests of
     * the runtime share its package, not its location).
     */
    private static final ClassValue<Boolean> IS_RUNTIME =
        new ClassValue<>() {
          @Override
          protected Boolean computeValue(Class<?> c) {
            return c.getPackageName().equals(PACKAGE)
                && Objects.equals(c.getProtectionDomain().getCodeSource(), RUNTIME);
          }
        };

    /** The runtime methods that enter a context: a usage's stack ends where they call the program. */
    private static final Set<String> CONTEXT_ENTRIES = Set.of("runHardirq", "runNmi", "doSoftirq", "runTask");

    private static boolean isRuntime(StackFrame f) {
      return IS_RUNTIME.get(f.getDeclaringClass());
    }

    private static boolean entersContext(StackFrame f) {
      return f.getDeclaringClass() == CpuState.class && CONTEXT_ENTRIES.contains(f.getMethodName());
    }

    static StackTraceElement firstOutsideRuntime() {
      return WALKER.walk(
          frames ->
              frames
                  .filter(f -> !isRuntime(f))
                  .findFirst()
                  .map(StackFrame::toStackTraceElement)
                  .orElse(null));
    }

    /** The program's frames from the caller of the runtime down to the entry of the current context. */
    static List<StackTraceElement> stack() {
      return WALKER.walk(Frames::programFrames);
    }

    private static List<StackTraceElement> programFrames(Stream<StackFrame> frames) {
      List<StackTraceElement> out = new ArrayList<>();
      for (StackFrame f : (Iterable<StackFrame>) frames::iterator) {
        if (entersContext(f)) {
          break;
        }
        if (!isRuntime(f)) {
          out.add(f.toStackTraceElement());
        }
      }
      return out;
    }
  }
}

package dev.ctxcheck.cli;

import dev.ctxcheck.percpu.Cpu;
import dev.ctxcheck.percpu.Irq;
import dev.ctxcheck.percpu.IrqFlags;
import dev.ctxcheck.percpu.Lockdep;
import dev.ctxcheck.percpu.Lockdep.Context;
import dev.ctxcheck.percpu.Nmi;
import dev.ctxcheck.percpu.Preempt;
import dev.ctxcheck.percpu.Softirq;
import dev.ctxcheck.percpu.Timer;
import dev.ctxcheck.percpu.Workqueue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Runs a compiled {@link ScenarioProgram} on the simulated runtime with {@link Lockdep} enabled, so
 * that every path the checker analyses is executed in the contexts it is analysed in, and returns
 * what Lockdep recorded and reported. Each round, on a freshly booted machine with fresh static
 * state (a class loader of its own), the driver:
 *
 * <ol>
 *   <li><b>boots</b> the program in a work item, with Lockdep off and interrupts held off: it
 *       initializes every class, fills the static state ({@link ScenarioValues}) and calls every
 *       registration, so that the callbacks exist; what the registrations raise (tasklets, work)
 *       runs as the interrupts come back on, recorded. Boot code is the driver's scaffolding, not
 *       an entry point, so none of its own updates is recorded;
 *   <li><b>fires</b> everything registered: each requested irq, every timer set up, an NMI;
 *   <li>runs every <b>entry point</b> in each of its contexts: process entry points as work items
 *       (under {@code migrate_disable}, so that CONFIG_DEBUG_PREEMPT lets preemptible updates through
 *       to be recorded: it masks nothing), softirq ones as tasklets, hardirq ones from the driver's
 *       own interrupt handler, NMI ones from its NMI handler; each with fresh arguments;
 *   <li>fires everything registered again (entry points register too).
 * </ol>
 *
 * <p>Round 0 uses default values, later rounds random ones (seeded: every run is the same), to take
 * both sides of the program's branches. Exceptions the program throws end one invocation, never the
 * run; they are kept as {@link Result#failures()} for diagnosis. Lockdep accumulates over the rounds.
 */
final class ScenarioDriver {

  /** How often each entry point is called in each context in a round with drawn values. */
  private static final int CALLS_PER_ROUND = 5;

  /** The line of the driver's own interrupt handler; no program requests it. */
  static final int DRIVER_IRQ = Integer.MIN_VALUE;

  /**
   * Whether the runtime lets a {@code __this_cpu_*} in preemptible code through, as the kernel
   * does after its CONFIG_DEBUG_PREEMPT warning, rather than throwing: a run must go on to record
   * what follows (and the callbacks the runtime runs in process context are not the driver's to
   * wrap). The runtime reads the switch once, when it starts; this test is the only user of the
   * runtime on its JVM's class path, so it starts it here with the switch off.
   */
  static final boolean DEBUG_PREEMPT_OFF = startRuntimeWithoutDebugPreempt();

  private static boolean startRuntimeWithoutDebugPreempt() {
    String property = "ctxcheck.percpu.debugPreempt";
    String before = System.getProperty(property);
    System.setProperty(property, "false");
    try {
      return !Cpu.DEBUG_PREEMPT;
    } finally {
      if (before == null) {
        System.clearProperty(property);
      } else {
        System.setProperty(property, before);
      }
    }
  }

  private final int minRounds;
  private final int maxRounds;
  private final long seed;

  /**
   * Runs at least {@code minRounds} rounds, then on until {@code minRounds} rounds in a row have
   * added no usage and no report, or {@code maxRounds} have run.
   */
  ScenarioDriver(int minRounds, int maxRounds, long seed) {
    this.minRounds = minRounds;
    this.maxRounds = maxRounds;
    this.seed = seed;
  }

  /**
   * @param reports what Lockdep reported over the run
   * @param usages what it recorded, per variable
   * @param failures the exceptions invocations ended with, one line each, each once
   */
  record Result(List<Lockdep.Report> reports, Map<String, List<Lockdep.Usage>> usages, List<String> failures) {}

  Result run(ScenarioProgram program) {
    PrintStream err = System.err;
    System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    List<String> failures = new ArrayList<>();
    Lockdep.clear();
    try {
      int seen = 0;
      int quiet = 0;
      for (int round = 0; round < maxRounds && (round < minRounds || quiet < minRounds); round++) {
        runRound(program, round, failures);
        int now = Lockdep.reports().size() + Lockdep.usages().values().stream().mapToInt(List::size).sum();
        quiet = now > seen ? 0 : quiet + 1;
        seen = now;
      }
      return new Result(Lockdep.reports(), Lockdep.usages(), List.copyOf(new LinkedHashSet<>(failures)));
    } finally {
      Lockdep.disable();
      Lockdep.clear();
      Cpu.reset();
      System.setErr(err);
    }
  }

  /** What the driver's interrupt and NMI handlers run next. */
  private static final class Slot {
    private Runnable next;

    void runNext() {
      Runnable r = next;
      next = null;
      if (r != null) {
        r.run();
      }
    }
  }

  private void runRound(ScenarioProgram program, int round, List<String> failures) {
    Cpu.reset();
    Lockdep.enable();
    Slot hardirq = new Slot();
    Slot nmi = new Slot();
    Irq.request_irq(DRIVER_IRQ, irq -> {
      hardirq.runNext();
      return Irq.IRQ_HANDLED;
    });
    Nmi.register_nmi_handler(() -> {
      nmi.runNext();
      return Nmi.NMI_HANDLED;
    });
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {program.classes().toUri().toURL()}, ScenarioDriver.class.getClassLoader())) {
      List<Class<?>> classes = new ArrayList<>();
      for (String name : program.classNames()) {
        classes.add(Class.forName(name, false, loader));
      }
      ScenarioValues values = new ScenarioValues(new Random(seed * 1_000 + round), round > 0, classes);
      attempt("boot", failures, () -> Workqueue.queue_work(() -> boot(program, loader, classes, values, failures)));
      fireEverything(failures);
      for (ScenarioProgram.EntryPoint entry : program.entryPoints()) {
        Executable executable = resolve(entry.member(), loader);
        for (int call = 0; call < (round == 0 ? 1 : CALLS_PER_ROUND); call++) {
          callInEachContext(entry, executable, values, hardirq, nmi, failures);
        }
      }
      fireEverything(failures);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Calls {@code entry} once in each of its contexts, with fresh arguments each time. */
  private static void callInEachContext(ScenarioProgram.EntryPoint entry, Executable executable,
      ScenarioValues values, Slot hardirq, Slot nmi, List<String> failures) {
    for (Context context : entry.contexts()) {
      // The arguments are the driver's: made here, in no context of the program, unrecorded.
      Lockdep.disable();
      Runnable call;
      try {
        call = prepare(executable, values);
      } finally {
        Lockdep.enable();
      }
      attempt(entry.member() + " in " + context, failures, () -> {
        switch (context) {
          case PROCESS -> Workqueue.queue_work(() -> {
            Preempt.migrate_disable();
            try {
              call.run();
            } finally {
              Preempt.migrate_enable();
            }
          });
          case SOFTIRQ -> Softirq.tasklet_schedule(call);
          case HARDIRQ -> {
            hardirq.next = call;
            Irq.raise(DRIVER_IRQ);
          }
          case NMI -> {
            nmi.next = call;
            Nmi.raise();
          }
        }
      });
    }
  }

  /** Initializes the program, fills its state and registers its callbacks: see the class comment. */
  private static void boot(
      ScenarioProgram program,
      ClassLoader loader,
      List<Class<?>> classes,
      ScenarioValues values,
      List<String> failures) {
    Lockdep.disable();
    IrqFlags flags = Irq.local_irq_save();
    try {
      for (Class<?> c : classes) {
        attempt("initializing " + c.getName(), failures, () -> initialize(c));
      }
      for (Class<?> c : classes) {
        values.fillStatics(c);
      }
      Set<ScenarioProgram.Member> entries = new HashSet<>();
      program.entryPoints().forEach(e -> entries.add(e.member()));
      for (ScenarioProgram.Member registration : program.registrations()) {
        if (entries.contains(registration)) {
          continue; // it registers when it runs as the entry point it is, recorded
        }
        Executable executable = resolve(registration, loader);
        attempt(registration.toString(), failures, () -> prepare(executable, values).run());
      }
    } finally {
      Lockdep.enable();
      Irq.local_irq_restore(flags);
    }
  }

  private static void initialize(Class<?> c) {
    try {
      Class.forName(c.getName(), true, c.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An NMI, each requested irq (but the driver's), every timer set up, and an NMI again: an NMI
   * handler sees the state before the interrupts as well as after them.
   */
  private static void fireEverything(List<String> failures) {
    attempt("NMI", failures, Nmi::raise);
    for (int irq : Irq.requested()) {
      if (irq != DRIVER_IRQ) {
        attempt("irq " + irq, failures, () -> Irq.raise(irq));
      }
    }
    attempt("timers", failures, Timer::expireAll);
    attempt("NMI", failures, Nmi::raise);
  }

  private static void attempt(String what, List<String> failures, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException | LinkageError | AssertionError | StackOverflowError e) {
      Throwable cause = e;
      while (cause.getCause() != null
          && (cause instanceof InvocationTargetException || cause instanceof UndeclaredWrapper)) {
        cause = cause.getCause();
      }
      failures.add(what + ": " + cause);
    }
  }

  /** Wraps a checked exception an invocation ended with, so that it passes through the runtime. */
  private static final class UndeclaredWrapper extends RuntimeException {
    UndeclaredWrapper(Throwable cause) {
      super(cause);
    }
  }

  private static Executable resolve(ScenarioProgram.Member member, ClassLoader loader) {
    try {
      Class<?> owner = Class.forName(member.className(), false, loader);
      Class<?>[] parameters = new Class<?>[member.parameterTypes().size()];
      for (int i = 0; i < parameters.length; i++) {
        parameters[i] = type(member.parameterTypes().get(i), loader);
      }
      Executable e = member.isConstructor()
          ? owner.getDeclaredConstructor(parameters)
          : owner.getDeclaredMethod(member.name(), parameters);
      e.setAccessible(true);
      return e;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot find " + member, e);
    }
  }

  private static Class<?> type(String name, ClassLoader loader) throws ClassNotFoundException {
    if (name.endsWith("[]")) {
      return type(name.substring(0, name.length() - 2), loader).arrayType();
    }
    return switch (name) {
      case "int" -> int.class;
      case "long" -> long.class;
      case "boolean" -> boolean.class;
      case "short" -> short.class;
      case "byte" -> byte.class;
      case "char" -> char.class;
      case "double" -> double.class;
      case "float" -> float.class;
      default -> Class.forName(name, false, loader);
    };
  }

  /**
   * A call of {@code e} with fresh arguments (and receiver), made now; the call rethrows what {@code
   * e} throws, unchecked.
   */
  private static Runnable prepare(Executable e, ScenarioValues values) {
    Object[] args = values.arguments(e.getGenericParameterTypes());
    boolean isStatic = java.lang.reflect.Modifier.isStatic(e.getModifiers());
    Object receiver = e instanceof Method && !isStatic ? values.receiver(e.getDeclaringClass()) : null;
    return () -> {
      try {
        if (e instanceof Constructor<?> c) {
          c.newInstance(args);
        } else if (receiver == null && !isStatic) {
          throw new IllegalStateException(
              "no instance of " + e.getDeclaringClass().getName() + " to call " + e.getName() + " on");
        } else {
          ((Method) e).invoke(receiver, args);
        }
      } catch (InvocationTargetException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof RuntimeException r) {
          throw r;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new UndeclaredWrapper(cause);
      } catch (ReflectiveOperationException ex) {
        throw new IllegalStateException(ex);
      }
    };
  }
}

package dev.ctxcheck.oracle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The oracle's program model: what the generator produces, what {@link JavaRenderer} turns into
 * Java source and what {@link Oracle} interprets. Programs are small and structured: every masked
 * region is a statement with a body, so masking is balanced by construction.
 */
final class Model {
  private Model() {}

  /** Execution contexts of SPEC §2.1. */
  enum Ctx {
    PROCESS("ProcessContext", Level.NONE),
    SOFTIRQ("SoftirqContext", Level.SOFTIRQ),
    HARDIRQ("HardirqContext", Level.HARDIRQ),
    NMI("NmiContext", Level.HARDIRQ);

    final String annotation;
    /** What the context itself masks (SPEC §2.2: softirq masks preemption, hardirq and NMI everything). */
    final Level implied;

    Ctx(String annotation, Level implied) {
      this.annotation = annotation;
      this.implied = implied;
    }
  }

  /** What is masked at a point, weakest first; each level implies the ones before it. */
  enum Level {
    NONE,
    PREEMPTION,
    SOFTIRQ,
    HARDIRQ;

    static Level max(Level a, Level b) {
      return a.compareTo(b) >= 0 ? a : b;
    }

    static Level min(Level a, Level b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }

  /** What a primitive masks under PREEMPT_RT (SPEC §2.7, its {@code preemptRt}). */
  enum Rt {
    /** As on mainline (a raw primitive). */
    SAME,
    /** Nothing: a sleeping lock that serializes only its holders. */
    NOTHING,
    /** Serialization against softirq processing on the CPU only. */
    SOFTIRQ_ONLY
  }

  /** Which kind of lock a primitive takes: none, a {@code SpinLock L<n>} or a {@code LocalLock K<n>}. */
  enum LockKind {
    NONE,
    SPIN,
    LOCAL
  }

  /**
   * A masking primitive pair of SPEC §2.2 and §2.7, with how it is written: {@code %L} a spin
   * lock, {@code %K} a local lock, {@code %F} the saved flags.
   */
  enum Prim {
    PREEMPT(Level.PREEMPTION, Rt.SAME, "preempt_disable()", "preempt_enable()", "Guard.preempt()"),
    RCU_SCHED(Level.PREEMPTION, Rt.SAME, "rcu_read_lock_sched()", "rcu_read_unlock_sched()", null),
    SPIN(Level.PREEMPTION, Rt.NOTHING, "spin_lock(%L)", "spin_unlock(%L)", "Guard.spinlock(%L)"),
    BH(Level.SOFTIRQ, Rt.SOFTIRQ_ONLY, "local_bh_disable()", "local_bh_enable()", "Guard.bh()"),
    RCU_BH(Level.SOFTIRQ, Rt.SOFTIRQ_ONLY, "rcu_read_lock_bh()", "rcu_read_unlock_bh()", null),
    SPIN_BH(Level.SOFTIRQ, Rt.SOFTIRQ_ONLY, "spin_lock_bh(%L)", "spin_unlock_bh(%L)", "Guard.spinlock_bh(%L)"),
    IRQSAVE(Level.HARDIRQ, Rt.SAME, "local_irq_save()", "local_irq_restore(%F)", "Guard.irqsave()"),
    IRQ(Level.HARDIRQ, Rt.SAME, "local_irq_disable()", "local_irq_enable()", "Guard.irq()"),
    SPIN_IRQ(Level.HARDIRQ, Rt.NOTHING, "spin_lock_irq(%L)", "spin_unlock_irq(%L)", null),
    SPIN_IRQSAVE(Level.HARDIRQ, Rt.NOTHING, "spin_lock_irqsave(%L)", "spin_unlock_irqrestore(%L, %F)",
        "Guard.spinlock_irqsave(%L)"),
    LOCAL(Level.PREEMPTION, Rt.NOTHING, "local_lock(%K)", "local_unlock(%K)", "Guard.locallock(%K)"),
    LOCAL_IRQ(Level.HARDIRQ, Rt.NOTHING, "local_lock_irq(%K)", "local_unlock_irq(%K)", null),
    LOCAL_IRQSAVE(Level.HARDIRQ, Rt.NOTHING, "local_lock_irqsave(%K)", "local_unlock_irqrestore(%K, %F)",
        "Guard.locallock_irqsave(%K)"),
    LOCAL_NESTED_BH(Level.NONE, Rt.SAME, "local_lock_nested_bh(%K)", "local_unlock_nested_bh(%K)",
        "Guard.locallock_nested_bh(%K)"),
    // SPEC §2.6: get_cpu_ptr disables preemption until put_cpu_ptr (raw, so the same under PREEMPT_RT).
    GET_CPU_PTR(Level.PREEMPTION, Rt.SAME, "get_cpu_ptr(S0)", "put_cpu_ptr(S0)", null),
    MIGRATE(Level.NONE, Rt.SAME, "migrate_disable()", "migrate_enable()", null),
    RCU(Level.NONE, Rt.SAME, "rcu_read_lock()", "rcu_read_unlock()", null);

    final Level level;
    final Rt rt;
    final String open;
    final String close;
    /** The {@code Guard} factory for try-with-resources, or null. */
    final String guard;

    Prim(Level level, Rt rt, String open, String close, String guard) {
      this.level = level;
      this.rt = rt;
      this.open = open;
      this.close = close;
      this.guard = guard;
    }

    boolean savesFlags() {
      return close.contains("%F");
    }

    LockKind lockKind() {
      return open.contains("%L") ? LockKind.SPIN : open.contains("%K") ? LockKind.LOCAL : LockKind.NONE;
    }
  }

  /** How a masked region is written. */
  enum Style {
    /** {@code open(); body; close();}, with the releases repeated before every early return. */
    EXPLICIT,
    /** {@code open(); try { body } finally { close(); }} */
    TRY_FINALLY,
    /** {@code try (Guard g = Guard.x()) { body }} */
    GUARD
  }

  /** Signature of a static method: which functional interfaces a method reference to it fits. */
  enum Sig {
    VOID("void", ""),
    /** {@code int m(int irq)}: an {@code IrqHandler} or a {@code NapiPoll}. */
    INT_INT("int", "int irq"),
    /** {@code int m()}: an {@code NmiHandler} (or a {@code Runnable}, the result dropped). */
    INT_VOID("int", "");

    final String returnType;
    final String params;

    Sig(String returnType, String params) {
      this.returnType = returnType;
      this.params = params;
    }
  }

  /** Shape of a functional interface a callback is passed as. */
  enum Shape {
    RUNNABLE,
    INT_INT,
    INT_VOID;

    boolean accepts(Sig s) {
      switch (this) {
        case RUNNABLE:
          return s == Sig.VOID || s == Sig.INT_VOID;
        case INT_INT:
          return s == Sig.INT_INT;
        default:
          return s == Sig.INT_VOID;
      }
    }
  }

  /** Registration methods of the percpu runtime whose callback parameter carries a context. */
  enum RegApi {
    TASKLET(Ctx.SOFTIRQ, Shape.RUNNABLE, "Softirq.tasklet_schedule("),
    TIMER(Ctx.SOFTIRQ, Shape.RUNNABLE, "Softirq.timer_setup(T0, "),
    NAPI(Ctx.SOFTIRQ, Shape.INT_INT, "Softirq.napi_schedule("),
    QUEUE_WORK(Ctx.PROCESS, Shape.RUNNABLE, "Workqueue.queue_work("),
    KTHREAD(Ctx.PROCESS, Shape.RUNNABLE, "Kthread.kthread_run("),
    REQUEST_IRQ(Ctx.HARDIRQ, Shape.INT_INT, "Irq.request_irq(%N, "),
    REQUEST_THREADED_IRQ(Ctx.HARDIRQ, Shape.INT_INT, "Irq.request_threaded_irq(%N, "),
    /** IRQF_NO_THREAD: hard interrupt context under PREEMPT_RT too. */
    REQUEST_IRQ_NOTHREAD(Ctx.HARDIRQ, Shape.INT_INT, "Irq.request_irq_nothread(%N, ", true),
    NMI(Ctx.NMI, Shape.INT_VOID, "Nmi.register_nmi_handler(");

    final Ctx ctx;
    final Shape shape;
    final String prefix;
    final boolean noThread;

    RegApi(Ctx ctx, Shape shape, String prefix) {
      this(ctx, shape, prefix, false);
    }

    RegApi(Ctx ctx, Shape shape, String prefix, boolean noThread) {
      this.ctx = ctx;
      this.shape = shape;
      this.prefix = prefix;
      this.noThread = noThread;
    }
  }

  enum Atomicity {
    /** {@code this_cpu_OP}: an update, never reported. */
    ATOMIC("this_cpu_"),
    /** {@code __this_cpu_OP}: the reported kind. */
    NON_ATOMIC("__this_cpu_"),
    /** {@code raw_cpu_OP}: an accepted race, not reported by default, but a writer. */
    RAW("raw_cpu_");

    final String prefix;

    Atomicity(String prefix) {
      this.prefix = prefix;
    }
  }

  /** Update operations with their argument lists; {@code xchg}/{@code cmpxchg} exist only atomically. */
  static final List<String> UPDATE_OPS = List.of(
      "inc(%V)", "dec(%V)", "add(%V, 3)", "sub(%V, 2)", "write(%V, 0)", "add_return(%V, 5)", "inc_return(%V)",
      "dec_return(%V)");
  static final List<String> ATOMIC_ONLY_OPS = List.of("this_cpu_xchg(%V, 7)", "this_cpu_cmpxchg(%V, 0, 1)");
  static final List<String> READS = List.of(
      "this_cpu_read(%V)", "__this_cpu_read(%V)", "raw_cpu_read(%V)", "per_cpu_sum(%V)");

  /** A statement. Statements are compared by identity (the oracle keys its tables on them). */
  sealed interface Stmt permits Update, Read, Call, VirtualCall, If, Loop, CondReturn, Region, LocalLambda, Register {}

  /**
   * Variables from here on are per-CPU structures (SPEC §2.6): variable {@code STRUCT_BASE + k} is
   * field {@code n} of the objects of allocation {@code S<k>} ({@code PerCpuPtr<St>}).
   */
  static final int STRUCT_BASE = 100;

  /** How many per-CPU structure allocations every program declares. */
  static final int STRUCTS = 2;

  /**
   * A per-CPU update of variable {@code V<var>}, or for {@code var >= STRUCT_BASE} of field {@code
   * n} of structure {@code S<var - STRUCT_BASE>}; {@code site} is unique in the program.
   */
  record Update(int site, int var, Atomicity kind, String op) implements Stmt {
    String text() {
      if (var >= STRUCT_BASE) {
        return structText();
      }
      String call = op.startsWith("this_cpu_") ? op : kind.prefix + op;
      return call.replace("%V", "V" + var) + ";";
    }

    /**
     * A field update through this CPU's object: non-atomic through {@code this_cpu_ptr} (directly,
     * through a local, or through a helper {@code ptrS<k>()} that returns it), an accepted race
     * through {@code raw_cpu_ptr}. There is no atomic field update. (A helper taking the allocation
     * as a parameter would make every caller's allocation one, the engine's documented
     * approximation for values passed through parameters, which SPEC §2.3 does not state.)
     */
    private String structText() {
      String alloc = "S" + (var - STRUCT_BASE);
      if (kind == Atomicity.RAW) {
        return "raw_cpu_ptr(" + alloc + ").n" + (site % 2 == 0 ? "++;" : " -= 2;");
      }
      String local = "st" + site;
      return switch (site % 4) {
        case 0 -> "this_cpu_ptr(" + alloc + ").n++;";
        case 1 -> "{ St " + local + " = this_cpu_ptr(" + alloc + "); " + local + ".n += 3; }";
        case 2 -> "ptr" + alloc + "().n = 0;";
        default -> "{ St " + local + " = ptr" + alloc + "(); " + local + ".n = " + local + ".n + 1; }";
      };
    }
  }

  /** Field updates through another CPU's object ({@code per_cpu_ptr(p, cpu)}): never per-CPU updates. */
  static final List<String> REMOTE_STRUCT_OPS = List.of("per_cpu_ptr(S0, 1).n++", "per_cpu_ptr(S1, 0).n = 0");

  /** A read; never an update. */
  record Read(int var, String op) implements Stmt {}

  /** A static call of method {@code m<method>}. */
  record Call(int method) implements Stmt {}

  /** {@code OPS.op()} (static type the interface: both implementations) or {@code OPS_B.op()} (ImplB only). */
  record VirtualCall(boolean onlyB) implements Stmt {}

  record If(int cond, List<Stmt> then, List<Stmt> otherwise) implements Stmt {}

  record Loop(boolean isWhile, int cond, List<Stmt> body) implements Stmt {}

  /** {@code if (c) return;} with the releases of the enclosing explicit regions before the return. */
  record CondReturn(int cond) implements Stmt {}

  record Region(Prim prim, Style style, int lock, List<Stmt> body) implements Stmt {}

  /**
   * A lambda not passed to a registration method; it runs where it is created. Written
   * {@code Fn f = () -> { body }; f.run();} with the call {@code f.run()} under {@code callUnder}
   * (null: bare), or, if {@code passed}, handed to a helper {@code runFn(Fn)} /
   * {@code runFnUnder<PRIM>(Fn)} that calls it (under that primitive).
   */
  record LocalLambda(int id, List<Stmt> body, Prim callUnder, boolean passed) implements Stmt {}

  /** A registration: a lambda (method {@code -1}) or a method reference to {@code m<method>}. */
  record Register(RegApi api, int method, int id, List<Stmt> body) implements Stmt {}

  record Method(String name, Sig sig, Set<Ctx> contexts, List<Stmt> body) {
    Method {
      contexts = contexts.isEmpty() ? EnumSet.noneOf(Ctx.class) : EnumSet.copyOf(contexts);
    }
  }

  /**
   * A program: per-CPU variables {@code V0..}, static methods {@code m0..}, an interface {@code Ops}
   * (its method possibly annotated) with implementations {@code ImplA} and {@code ImplB}, and a
   * {@code static void init()} that nobody calls, holding registrations.
   */
  record Program(long seed, String pkg, int vars, List<Method> methods, Method implA, Method implB, Set<Ctx> opsContexts,
      List<Stmt> init) {
    Program {
      opsContexts = opsContexts.isEmpty() ? EnumSet.noneOf(Ctx.class) : EnumSet.copyOf(opsContexts);
      methods = List.copyOf(methods);
    }

    Program withPkg(String p) {
      return new Program(seed, p, vars, methods, implA, implB, opsContexts, init);
    }

    /** Every update statement, in program order. */
    List<Update> updates() {
      List<Update> out = new ArrayList<>();
      for (List<Stmt> b : topBodies()) {
        collectUpdates(b, out);
      }
      return out;
    }

    List<List<Stmt>> topBodies() {
      List<List<Stmt>> out = new ArrayList<>();
      methods.forEach(m -> out.add(m.body()));
      out.add(implA.body());
      out.add(implB.body());
      out.add(init);
      return out;
    }

    private static void collectUpdates(List<Stmt> body, List<Update> out) {
      for (Stmt s : body) {
        if (s instanceof Update u) {
          out.add(u);
        }
        for (List<Stmt> child : children(s)) {
          collectUpdates(child, out);
        }
      }
    }
  }

  /** Nested statement lists of a statement (lambda bodies included). */
  static List<List<Stmt>> children(Stmt s) {
    if (s instanceof If i) {
      return List.of(i.then(), i.otherwise());
    } else if (s instanceof Loop l) {
      return List.of(l.body());
    } else if (s instanceof Region r) {
      return List.of(r.body());
    } else if (s instanceof LocalLambda l) {
      return List.of(l.body());
    } else if (s instanceof Register r) {
      return List.of(r.body());
    }
    return List.of();
  }
}

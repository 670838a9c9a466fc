package dev.ctxcheck.oracle;

import dev.ctxcheck.oracle.Model.Atomicity;
import dev.ctxcheck.oracle.Model.Call;
import dev.ctxcheck.oracle.Model.CondReturn;
import dev.ctxcheck.oracle.Model.Ctx;
import dev.ctxcheck.oracle.Model.If;
import dev.ctxcheck.oracle.Model.LocalLambda;
import dev.ctxcheck.oracle.Model.Loop;
import dev.ctxcheck.oracle.Model.Method;
import dev.ctxcheck.oracle.Model.Prim;
import dev.ctxcheck.oracle.Model.Program;
import dev.ctxcheck.oracle.Model.Read;
import dev.ctxcheck.oracle.Model.RegApi;
import dev.ctxcheck.oracle.Model.Region;
import dev.ctxcheck.oracle.Model.Register;
import dev.ctxcheck.oracle.Model.Sig;
import dev.ctxcheck.oracle.Model.Stmt;
import dev.ctxcheck.oracle.Model.Style;
import dev.ctxcheck.oracle.Model.Update;
import dev.ctxcheck.oracle.Model.VirtualCall;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Random small programs from a seed: the same seed gives the same program. 3-10 static methods with
 * random call edges (mostly towards higher-numbered methods, sometimes back: cycles and recursion),
 * an interface with two implementations called virtually, entry points by annotation and by
 * registration (lambdas and method references), and bodies of updates, reads, calls, masked regions
 * in every style, branches whose arms differ in masking, loops, early returns and local lambdas.
 */
final class ProgramGenerator {

  /** Programs whose call paths the oracle cannot enumerate within this many steps are redrawn. */
  static final long PATH_BUDGET = 100_000;

  static final int CONDS = 4;
  static final int LOCKS = 2;

  private final Random r;
  private int vars;
  private final List<Sig> sigs = new ArrayList<>();
  private int nextSite;
  private int nextLambda;

  private ProgramGenerator(long seed) {
    this.r = new Random(seed);
  }

  /** The program of {@code seed}, in package {@code pkg}. */
  static Program generate(long seed, String pkg) {
    ProgramGenerator g = new ProgramGenerator(seed);
    while (true) {
      Program p = g.draw(seed, pkg);
      try {
        Oracle.analyze(p, PATH_BUDGET, false);
        Oracle.analyze(p, PATH_BUDGET, true);
        return p;
      } catch (Oracle.BudgetExceeded e) {
        // too many call paths for brute force: draw again from the same stream
      }
    }
  }

  /** The seed of program {@code index} of a campaign with {@code master} seed. */
  static long programSeed(long master, long index) {
    long z = master + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private Program draw(long seed, String pkg) {
    nextSite = 0;
    nextLambda = 0;
    sigs.clear();
    vars = 1 + r.nextInt(4);
    int n = 3 + r.nextInt(8);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(100);
      sigs.add(k < 70 ? Sig.VOID : k < 85 ? Sig.INT_INT : Sig.INT_VOID);
    }
    List<Set<Ctx>> ann = new ArrayList<>();
    boolean anyEntry = false;
    for (int i = 0; i < n; i++) {
      Set<Ctx> cs = EnumSet.noneOf(Ctx.class);
      if (r.nextInt(100) < 30) {
        cs.add(ctx());
        if (r.nextInt(100) < 15) {
          cs.add(ctx());
        }
      }
      anyEntry |= !cs.isEmpty();
      ann.add(cs);
    }
    List<Stmt> init = new ArrayList<>();
    int regs = r.nextInt(4);
    for (int i = 0; i < regs; i++) {
      init.add(register(-1, new Shape(0, false)));
    }
    if (!anyEntry && regs == 0) {
      ann.get(0).add(Ctx.PROCESS);
    }
    List<Method> methods = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      methods.add(new Method("m" + i, sigs.get(i), ann.get(i), body(i, new Shape(0, false), 1 + r.nextInt(5))));
    }
    Set<Ctx> opsCtx = EnumSet.noneOf(Ctx.class);
    if (r.nextInt(100) < 12) {
      opsCtx.add(ctx());
    }
    Method a = new Method("op", Sig.VOID, implCtx(), body(-1, new Shape(0, false), 1 + r.nextInt(4)));
    Method b = new Method("op", Sig.VOID, implCtx(), body(-1, new Shape(0, false), 1 + r.nextInt(4)));
    return new Program(seed, pkg, vars, methods, a, b, opsCtx, init);
  }

  private Set<Ctx> implCtx() {
    return r.nextInt(100) < 10 ? EnumSet.of(ctx()) : EnumSet.noneOf(Ctx.class);
  }

  private Ctx ctx() {
    return Ctx.values()[r.nextInt(4)];
  }

  /**
   * Where a statement is generated: nesting depth, and whether an early return may stand there
   * (not inside a try/finally or Guard region that is itself inside an explicit region, whose
   * releases could not be written in nesting order before the return).
   */
  private record Shape(int depth, boolean sawExplicit, boolean noReturn) {
    Shape(int depth, boolean sawExplicit) {
      this(depth, sawExplicit, false);
    }

    Shape deeper() {
      return new Shape(depth + 1, sawExplicit, noReturn);
    }

    Shape in(Style s) {
      if (s == Style.EXPLICIT) {
        return new Shape(depth + 1, true, noReturn);
      }
      return new Shape(depth + 1, sawExplicit, noReturn || sawExplicit);
    }
  }

  /** @param self the method index of the body (call bias), or -1 for implementations and lambdas */
  private List<Stmt> body(int self, Shape where, int size) {
    List<Stmt> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      out.add(stmt(self, where));
    }
    return out;
  }

  private Stmt stmt(int self, Shape where) {
    boolean leaf = where.depth() >= 3;
    while (true) {
      int k = r.nextInt(100);
      if (k < 26) {
        return update();
      } else if (k < 30) {
        if (r.nextInt(100) < 25) {
          return new Read(-1, Model.REMOTE_STRUCT_OPS.get(r.nextInt(Model.REMOTE_STRUCT_OPS.size())));
        }
        return new Read(r.nextInt(vars), Model.READS.get(r.nextInt(Model.READS.size())));
      } else if (k < 48) {
        return call(self);
      } else if (k < 53) {
        return new VirtualCall(r.nextInt(3) == 0);
      } else if (k < 56) {
        if (!where.noReturn()) {
          return new CondReturn(r.nextInt(CONDS));
        }
      } else if (leaf) {
        continue;
      } else if (k < 64) {
        List<Stmt> then = body(self, where.deeper(), 1 + r.nextInt(2));
        List<Stmt> otherwise = r.nextBoolean() ? List.of() : body(self, where.deeper(), 1 + r.nextInt(2));
        return new If(r.nextInt(CONDS), then, otherwise);
      } else if (k < 72) {
        return armsDifferInMasking(self, where);
      } else if (k < 77) {
        return new Loop(r.nextBoolean(), r.nextInt(CONDS), body(self, where.deeper(), 1 + r.nextInt(2)));
      } else if (k < 92) {
        Prim p = prim();
        Style s = style(p);
        return new Region(p, s, r.nextInt(LOCKS), body(self, where.in(s), 1 + r.nextInt(2)));
      } else if (k < 96) {
        Prim under = r.nextInt(100) < 20 ? prim() : null;
        // A lambda body is a body of its own: returns in it leave the lambda.
        boolean passed = r.nextInt(100) < 25;
        return new LocalLambda(nextLambda++, body(-1, new Shape(where.depth() + 1, false), 1 + r.nextInt(2)), under,
            passed);
      } else {
        return register(self, where);
      }
    }
  }

  /** {@code if (c) { masked(X) } else { X or differently masked X }}, X a call or an update. */
  private Stmt armsDifferInMasking(int self, Shape where) {
    boolean isCall = r.nextInt(100) < 70;
    int callee = isCall ? callee(self) : -1;
    Stmt x1 = isCall ? new Call(callee) : update();
    Stmt x2 = isCall ? new Call(callee) : copy((Update) x1);
    Prim p = prim();
    Style s = style(p);
    List<Stmt> then = List.of(new Region(p, s, r.nextInt(LOCKS), new ArrayList<>(List.of(x1))));
    List<Stmt> otherwise;
    if (r.nextBoolean()) {
      otherwise = List.of(x2);
    } else {
      Prim q = prim();
      Style t = style(q);
      otherwise = List.of(new Region(q, t, r.nextInt(LOCKS), new ArrayList<>(List.of(x2))));
    }
    return new If(r.nextInt(CONDS), new ArrayList<>(then), new ArrayList<>(otherwise));
  }

  private Update copy(Update u) {
    return new Update(nextSite++, u.var(), u.kind(), u.op());
  }

  private Update update() {
    if (r.nextInt(100) < 25) {
      // A field of a per-CPU structure: through this_cpu_ptr (non-atomic) or raw_cpu_ptr (accepted).
      int v = Model.STRUCT_BASE + r.nextInt(Model.STRUCTS);
      return new Update(nextSite++, v, r.nextInt(100) < 75 ? Atomicity.NON_ATOMIC : Atomicity.RAW, "");
    }
    int v = r.nextInt(vars);
    int k = r.nextInt(100);
    if (k < 50) {
      return new Update(nextSite++, v, Atomicity.NON_ATOMIC, Model.UPDATE_OPS.get(r.nextInt(Model.UPDATE_OPS.size())));
    } else if (k < 80) {
      int j = r.nextInt(Model.UPDATE_OPS.size() + Model.ATOMIC_ONLY_OPS.size());
      String op = j < Model.UPDATE_OPS.size() ? Model.UPDATE_OPS.get(j) : Model.ATOMIC_ONLY_OPS.get(j - Model.UPDATE_OPS.size());
      return new Update(nextSite++, v, Atomicity.ATOMIC, op);
    }
    return new Update(nextSite++, v, Atomicity.RAW, Model.UPDATE_OPS.get(r.nextInt(Model.UPDATE_OPS.size())));
  }

  private Call call(int self) {
    return new Call(callee(self));
  }

  private int callee(int self) {
    int n = sigs.size();
    if (self >= 0 && self < n - 1 && r.nextInt(100) < 80) {
      return self + 1 + r.nextInt(n - self - 1);
    }
    return r.nextInt(n);
  }

  private Prim prim() {
    return Prim.values()[r.nextInt(Prim.values().length)];
  }

  private Style style(Prim p) {
    int k = r.nextInt(p.guard != null ? 3 : 2);
    return Style.values()[k];
  }

  /** A registration of a lambda, or of a method reference when a method of a fitting signature exists. */
  private Register register(int self, Shape where) {
    RegApi api = RegApi.values()[r.nextInt(RegApi.values().length)];
    if (r.nextBoolean()) {
      List<Integer> fits = new ArrayList<>();
      for (int i = 0; i < sigs.size(); i++) {
        if (api.shape.accepts(sigs.get(i))) {
          fits.add(i);
        }
      }
      if (!fits.isEmpty()) {
        return new Register(api, fits.get(r.nextInt(fits.size())), nextLambda++, List.of());
      }
    }
    int id = nextLambda++;
    return new Register(api, -1, id, body(-1, new Shape(where.depth() + 1, false), 1 + r.nextInt(4)));
  }
}

package dev.ctxcheck.oracle;

import dev.ctxcheck.oracle.Model.Ctx;
import dev.ctxcheck.oracle.Model.If;
import dev.ctxcheck.oracle.Model.LocalLambda;
import dev.ctxcheck.oracle.Model.Loop;
import dev.ctxcheck.oracle.Model.Method;
import dev.ctxcheck.oracle.Model.Program;
import dev.ctxcheck.oracle.Model.Region;
import dev.ctxcheck.oracle.Model.Register;
import dev.ctxcheck.oracle.Model.Stmt;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Shrinks a program on which the engine and the oracle disagree, keeping a disagreement of the same
 * kind: greedily takes the first one-step reduction (drop a statement, inline a branch, loop or
 * region body, drop an annotation) that still disagrees, trying the reductions in batches.
 */
final class Minimizer {
  private Minimizer() {}

  static final int CHUNK = 40;

  /** @param target the kind of disagreement to keep (one of {@code d.signature()}) */
  static Comparison.Disagreement minimize(Comparison.Disagreement d, String target, Path dir) throws IOException {
    return minimize(d, target, dir, false);
  }

  /** As {@link #minimize(Comparison.Disagreement, String, Path)}, in the PREEMPT_RT model if {@code rt}. */
  static Comparison.Disagreement minimize(Comparison.Disagreement d, String target, Path dir, boolean rt)
      throws IOException {
    Comparison.Disagreement cur = d;
    boolean progress = true;
    while (progress) {
      progress = false;
      List<Program> cands = reductions(cur.program());
      for (int from = 0; from < cands.size() && !progress; from += CHUNK) {
        List<Program> chunk = new ArrayList<>();
        for (int i = from; i < Math.min(cands.size(), from + CHUNK); i++) {
          chunk.add(cands.get(i).withPkg("min" + (i - from)));
        }
        EngineRunner.Batch batch = EngineRunner.run(chunk, dir, rt);
        if (!batch.problems().isEmpty()) {
          throw new IllegalStateException("a reduced program does not compile: " + batch.problems());
        }
        for (Program c : chunk) {
          Oracle.Result o = Oracle.analyze(c, rt);
          Optional<Comparison.Disagreement> e = Comparison.compare(c, o, batch.rendered().get(c.pkg()),
              batch.findings().getOrDefault(c.pkg(), List.of()));
          if (e.isPresent() && e.get().signature().contains(target)) {
            Program back = c.withPkg(d.program().pkg());
            cur = new Comparison.Disagreement(back, o, e.get().missing(), e.get().unexpected(), e.get().signature());
            progress = true;
            break;
          }
        }
      }
    }
    return cur;
  }

  /** Every program one step smaller than {@code p}. */
  static List<Program> reductions(Program p) {
    List<Program> out = new ArrayList<>();
    List<Method> ms = p.methods();
    for (int i = 0; i < ms.size(); i++) {
      Method m = ms.get(i);
      int k = i;
      for (List<Stmt> b : variants(m.body())) {
        out.add(withMethod(p, k, new Method(m.name(), m.sig(), m.contexts(), b)));
      }
      for (Ctx c : m.contexts()) {
        Set<Ctx> fewer = EnumSet.copyOf(m.contexts());
        fewer.remove(c);
        out.add(withMethod(p, k, new Method(m.name(), m.sig(), fewer, m.body())));
      }
    }
    for (List<Stmt> b : variants(p.implA().body())) {
      out.add(new Program(p.seed(), p.pkg(), p.vars(), ms, withBody(p.implA(), b), p.implB(), p.opsContexts(), p.init()));
    }
    for (List<Stmt> b : variants(p.implB().body())) {
      out.add(new Program(p.seed(), p.pkg(), p.vars(), ms, p.implA(), withBody(p.implB(), b), p.opsContexts(), p.init()));
    }
    for (List<Stmt> b : variants(p.init())) {
      out.add(new Program(p.seed(), p.pkg(), p.vars(), ms, p.implA(), p.implB(), p.opsContexts(), b));
    }
    for (Ctx c : p.opsContexts()) {
      Set<Ctx> fewer = EnumSet.copyOf(p.opsContexts());
      fewer.remove(c);
      out.add(new Program(p.seed(), p.pkg(), p.vars(), ms, p.implA(), p.implB(), fewer, p.init()));
    }
    for (boolean b : new boolean[] {false, true}) {
      Method impl = b ? p.implB() : p.implA();
      if (!impl.contexts().isEmpty()) {
        Method bare = new Method("op", impl.sig(), Set.of(), impl.body());
        out.add(new Program(p.seed(), p.pkg(), p.vars(), ms, b ? p.implA() : bare, b ? bare : p.implB(), p.opsContexts(),
            p.init()));
      }
    }
    return out;
  }

  private static Method withBody(Method m, List<Stmt> body) {
    return new Method(m.name(), m.sig(), m.contexts(), body);
  }

  private static Program withMethod(Program p, int i, Method m) {
    List<Method> ms = new ArrayList<>(p.methods());
    ms.set(i, m);
    return new Program(p.seed(), p.pkg(), p.vars(), ms, p.implA(), p.implB(), p.opsContexts(), p.init());
  }

  /** Every list one step smaller than {@code body}, smallest steps last. */
  static List<List<Stmt>> variants(List<Stmt> body) {
    List<List<Stmt>> out = new ArrayList<>();
    for (int j = 0; j < body.size(); j++) {
      Stmt s = body.get(j);
      out.add(splice(body, j, List.of()));
      if (s instanceof If i) {
        out.add(splice(body, j, i.then()));
        out.add(splice(body, j, i.otherwise()));
        for (List<Stmt> v : variants(i.then())) {
          out.add(splice(body, j, List.of(new If(i.cond(), v, i.otherwise()))));
        }
        for (List<Stmt> v : variants(i.otherwise())) {
          out.add(splice(body, j, List.of(new If(i.cond(), i.then(), v))));
        }
      } else if (s instanceof Loop l) {
        out.add(splice(body, j, l.body()));
        nested(out, body, j, l.body(), v -> new Loop(l.isWhile(), l.cond(), v));
      } else if (s instanceof Region r) {
        out.add(splice(body, j, r.body()));
        nested(out, body, j, r.body(), v -> new Region(r.prim(), r.style(), r.lock(), v));
      } else if (s instanceof LocalLambda l) {
        if (l.callUnder() != null || l.passed()) {
          out.add(splice(body, j, List.of(new LocalLambda(l.id(), l.body(), null, false))));
        }
        nested(out, body, j, l.body(), v -> new LocalLambda(l.id(), v, l.callUnder(), l.passed()));
      } else if (s instanceof Register r && r.method() < 0) {
        nested(out, body, j, r.body(), v -> new Register(r.api(), r.method(), r.id(), v));
      }
    }
    return out;
  }

  private static void nested(List<List<Stmt>> out, List<Stmt> body, int j, List<Stmt> inner, Function<List<Stmt>, Stmt> wrap) {
    for (List<Stmt> v : variants(inner)) {
      out.add(splice(body, j, List.of(wrap.apply(v))));
    }
  }

  private static List<Stmt> splice(List<Stmt> body, int j, List<Stmt> with) {
    List<Stmt> out = new ArrayList<>(body.subList(0, j));
    out.addAll(with);
    out.addAll(body.subList(j + 1, body.size()));
    return out;
  }
}

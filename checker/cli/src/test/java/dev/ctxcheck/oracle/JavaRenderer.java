package dev.ctxcheck.oracle;

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
import dev.ctxcheck.oracle.Model.Region;
import dev.ctxcheck.oracle.Model.Register;
import dev.ctxcheck.oracle.Model.Shape;
import dev.ctxcheck.oracle.Model.Sig;
import dev.ctxcheck.oracle.Model.Stmt;
import dev.ctxcheck.oracle.Model.Style;
import dev.ctxcheck.oracle.Model.Update;
import dev.ctxcheck.oracle.Model.VirtualCall;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a {@link Program} as one Java file, {@code <pkg>/Prog.java}, one statement per line, and
 * tells on which line each update site stands. Optionally writes {@code // BUG: Diagnostic contains:}
 * markers above the sites, in the form of {@code test-inputs/}.
 */
final class JavaRenderer {

  static final String CLASS = "Prog";

  record Rendered(String source, Map<Integer, Integer> siteLines) {}

  private final Program p;
  private final Map<Integer, List<String>> markers;
  private final List<String> lines = new ArrayList<>();
  private final Map<Integer, Integer> siteLines = new HashMap<>();
  private int indent;
  private int names;
  private int irqNumber;
  /** Helpers that run an {@code Fn}, by the primitive they hold around the call (null: none). */
  private final Set<Prim> helpers = new HashSet<>();

  private JavaRenderer(Program p, Map<Integer, List<String>> markers) {
    this.p = p;
    this.markers = markers;
  }

  static Rendered render(Program p) {
    return render(p, Map.of(), List.of());
  }

  /**
   * @param markers marker texts to write above each site
   * @param header comment lines for the top of the file
   */
  static Rendered render(Program p, Map<Integer, List<String>> markers, List<String> header) {
    JavaRenderer w = new JavaRenderer(p, markers);
    w.file(header);
    return new Rendered(String.join("\n", w.lines) + "\n", Map.copyOf(w.siteLines));
  }

  private void line(String s) {
    lines.add(s.isEmpty() ? "" : "  ".repeat(indent) + s);
  }

  private String fresh(String prefix) {
    return prefix + names++;
  }

  private void file(List<String> header) {
    for (String h : header) {
      line("// " + h);
    }
    line("package " + p.pkg() + ";");
    line("");
    for (String c : List.of("Bh", "Irq", "LocalLock", "PerCpu", "Preempt", "Rcu", "SpinLock")) {
      line("import static dev.ctxcheck.percpu." + c + ".*;");
    }
    line("");
    line("import dev.ctxcheck.annotations.*;");
    line("import dev.ctxcheck.percpu.*;");
    line("");
    line("final class " + CLASS + " {");
    indent++;
    for (int v = 0; v < p.vars(); v++) {
      line("static final PerCpuLong V" + v + " = new PerCpuLong();");
    }
    for (int l = 0; l < ProgramGenerator.LOCKS; l++) {
      line("static final SpinLock L" + l + " = new SpinLock();");
    }
    for (int l = 0; l < ProgramGenerator.LOCKS; l++) {
      line("static final LocalLock K" + l + " = new LocalLock();");
    }
    line("static final Timer T0 = new Timer();");
    line("static final class St {");
    line("  long n;");
    line("}");
    for (int k = 0; k < Model.STRUCTS; k++) {
      line("static final PerCpuPtr<St> S" + k + " = alloc_percpu(St::new);");
    }
    for (int k = 0; k < Model.STRUCTS; k++) {
      line("static St ptrS" + k + "() {");
      line("  return this_cpu_ptr(S" + k + ");");
      line("}");
    }
    StringBuilder conds = new StringBuilder("static boolean c0");
    for (int c = 1; c < ProgramGenerator.CONDS; c++) {
      conds.append(", c").append(c);
    }
    line(conds + ";");
    line("static int n = 2;");
    line("");
    line("interface Fn {");
    line("  void run();");
    line("}");
    line("");
    line("interface Ops {");
    indent++;
    annotations(p.opsContexts());
    line("void op();");
    indent--;
    line("}");
    line("");
    line("static final Ops OPS = new ImplA();");
    line("static final ImplB OPS_B = new ImplB();");
    impl("ImplA", p.implA());
    impl("ImplB", p.implB());
    if (!p.init().isEmpty()) {
      line("");
      line("static void init() {");
      body(p.init(), new Frame(false));
      line("}");
    }
    Set<Integer> used = referencedMethods();
    for (Method m : p.methods()) {
      if (m.contexts().isEmpty() && m.body().isEmpty() && !used.contains(p.methods().indexOf(m))) {
        continue; // left empty and unreferenced by the minimizer
      }
      line("");
      annotations(m.contexts());
      line("static " + m.sig().returnType + " " + m.name() + "(" + m.sig().params + ") {");
      Frame f = new Frame(m.sig() != Sig.VOID);
      body(m.body(), f);
      if (m.sig() != Sig.VOID) {
        indent++;
        line("return 0;");
        indent--;
      }
      line("}");
    }
    for (Prim h : Prim.values()) {
      if (helpers.contains(h)) {
        helper(h);
      }
    }
    if (helpers.contains(null)) {
      helper(null);
    }
    indent--;
    line("}");
  }

  /** {@code static void runFnUnderX(Fn f) { open; f.run(); close; }}: not an entry, reaches no code of the program. */
  private void helper(Prim h) {
    line("");
    line("static void " + (h == null ? "runFn" : "runFnUnder" + h.name()) + "(Fn f) {");
    indent++;
    if (h == null) {
      line("f.run();");
    } else {
      String flags = h.savesFlags() ? "flags" : null;
      line((flags != null ? "IrqFlags " + flags + " = " : "") + fill(h.open, 0, flags) + ";");
      line("f.run();");
      line(fill(h.close, 0, flags) + ";");
    }
    indent--;
    line("}");
  }

  private Set<Integer> referencedMethods() {
    Set<Integer> out = new HashSet<>();
    for (List<Stmt> b : p.topBodies()) {
      collectRefs(b, out);
    }
    return out;
  }

  private static void collectRefs(List<Stmt> body, Set<Integer> out) {
    for (Stmt s : body) {
      if (s instanceof Call c) {
        out.add(c.method());
      } else if (s instanceof Register r && r.method() >= 0) {
        out.add(r.method());
      }
      for (List<Stmt> child : Model.children(s)) {
        collectRefs(child, out);
      }
    }
  }

  private void annotations(Set<Ctx> ctxs) {
    for (Ctx c : ctxs) {
      line("@" + c.annotation);
    }
  }

  private void impl(String name, Method m) {
    line("");
    line("static final class " + name + " implements Ops {");
    indent++;
    annotations(m.contexts());
    line("@Override");
    line("public void op() {");
    body(m.body(), new Frame(false));
    line("}");
    indent--;
    line("}");
  }

  /** Per body: how it returns, and the explicit regions open around the current statement. */
  private static final class Frame {
    final boolean returnsInt;
    final List<String> explicitReleases = new ArrayList<>();

    Frame(boolean returnsInt) {
      this.returnsInt = returnsInt;
    }
  }

  private void body(List<Stmt> stmts, Frame f) {
    indent++;
    for (Stmt s : stmts) {
      stmt(s, f);
    }
    indent--;
  }

  private static String fill(String template, int lock, String flags) {
    return template.replace("%L", "L" + lock).replace("%K", "K" + lock).replace("%F", flags == null ? "" : flags);
  }

  private void stmt(Stmt s, Frame f) {
    if (s instanceof Update u) {
      for (String m : markers.getOrDefault(u.site(), List.of())) {
        line("// BUG: Diagnostic contains: " + m);
      }
      line(u.text() + " // s" + u.site());
      siteLines.put(u.site(), lines.size());
    } else if (s instanceof Read rd) {
      line(rd.op().replace("%V", "V" + rd.var()) + ";");
    } else if (s instanceof Call c) {
      Sig sig = p.methods().get(c.method()).sig();
      line(p.methods().get(c.method()).name() + (sig == Sig.INT_INT ? "(0);" : "();"));
    } else if (s instanceof VirtualCall v) {
      line(v.onlyB() ? "OPS_B.op();" : "OPS.op();");
    } else if (s instanceof If i) {
      line("if (c" + i.cond() + ") {");
      body(i.then(), f);
      if (!i.otherwise().isEmpty()) {
        line("} else {");
        body(i.otherwise(), f);
      }
      line("}");
    } else if (s instanceof Loop l) {
      if (l.isWhile()) {
        line("while (c" + l.cond() + ") {");
      } else {
        String i = fresh("i");
        line("for (int " + i + " = 0; " + i + " < n; " + i + "++) {");
      }
      body(l.body(), f);
      line("}");
    } else if (s instanceof CondReturn c) {
      line("if (c" + c.cond() + ") {");
      indent++;
      for (int k = f.explicitReleases.size() - 1; k >= 0; k--) {
        line(f.explicitReleases.get(k));
      }
      line(f.returnsInt ? "return 0;" : "return;");
      indent--;
      line("}");
    } else if (s instanceof Region r) {
      region(r, f);
    } else if (s instanceof LocalLambda l && l.passed()) {
      String helper = l.callUnder() == null ? "runFn" : "runFnUnder" + l.callUnder().name();
      helpers.add(l.callUnder());
      line(helper + "(() -> {");
      body(l.body(), new Frame(false));
      line("});");
    } else if (s instanceof LocalLambda l) {
      String name = "f" + l.id();
      line("Fn " + name + " = () -> {");
      body(l.body(), new Frame(false));
      line("};");
      if (l.callUnder() == null) {
        line(name + ".run();");
      } else {
        String flags = l.callUnder().savesFlags() ? fresh("fl") : null;
        int lock = l.id() % ProgramGenerator.LOCKS;
        line((flags != null ? "IrqFlags " + flags + " = " : "") + fill(l.callUnder().open, lock, flags) + ";");
        line(name + ".run();");
        line(fill(l.callUnder().close, lock, flags) + ";");
      }
    } else if (s instanceof Register r) {
      String prefix = r.api().prefix.replace("%N", String.valueOf(irqNumber++));
      if (r.method() >= 0) {
        line(prefix + CLASS + "::" + p.methods().get(r.method()).name() + ");");
        return;
      }
      boolean returnsInt = r.api().shape != Shape.RUNNABLE;
      String params = r.api().shape == Shape.INT_INT ? fresh("q") : "()";
      line(prefix + params + " -> {");
      body(r.body(), new Frame(returnsInt));
      if (returnsInt) {
        indent++;
        line("return 0;");
        indent--;
      }
      line("});");
    } else {
      throw new IllegalArgumentException("statement " + s);
    }
  }

  private void region(Region r, Frame f) {
    Prim prim = r.prim();
    if (r.style() == Style.GUARD) {
      line("try (Guard " + fresh("g") + " = " + fill(prim.guard, r.lock(), null) + ") {");
      body(r.body(), f);
      line("}");
      return;
    }
    String flags = prim.savesFlags() ? fresh("fl") : null;
    line((flags != null ? "IrqFlags " + flags + " = " : "") + fill(prim.open, r.lock(), flags) + ";");
    String close = fill(prim.close, r.lock(), flags) + ";";
    if (r.style() == Style.EXPLICIT) {
      f.explicitReleases.add(close);
      for (Stmt s : r.body()) {
        stmt(s, f);
      }
      f.explicitReleases.remove(f.explicitReleases.size() - 1);
      line(close);
    } else {
      line("try {");
      body(r.body(), f);
      line("} finally {");
      indent++;
      line(close);
      indent--;
      line("}");
    }
  }
}

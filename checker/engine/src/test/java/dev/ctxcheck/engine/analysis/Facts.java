package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.TypeFacts;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds engine facts by hand, the way a front end would, for tests that need no compiler. */
final class Facts {

  static final String API = "api.PerCpu";
  private final Program program = new Program(file -> null);
  private int line = 1;

  Facts() {
    op("__inc", OpKind.NON_ATOMIC_UPDATE, "inc");
    op("inc", OpKind.ATOMIC_UPDATE, "");
    op("raw_inc", OpKind.ACCEPTED_RACE_UPDATE, "inc");
    mask("bh_off", MaskEffect.Action.MASK, MaskLevel.SOFTIRQ);
    mask("bh_on", MaskEffect.Action.UNMASK, MaskLevel.SOFTIRQ);
    mask("irq_off", MaskEffect.Action.MASK, MaskLevel.HARDIRQ);
    mask("irq_on", MaskEffect.Action.UNMASK, MaskLevel.HARDIRQ);
    mask("preempt_off", MaskEffect.Action.MASK, MaskLevel.PREEMPTION);
    mask("preempt_on", MaskEffect.Action.UNMASK, MaskLevel.PREEMPTION);
    program.addMethod(MethodFacts.external(API + "#on_irq(api.Handler)", "on_irq", API, true, List.of("api.Handler"),
        Set.of(), List.of(Set.of(ExecContext.HARDIRQ)), List.of(List.of("api.Handler#handle()")), List.of(), null, null));
  }

  static String api(String name) {
    return API + "#" + name + "()";
  }

  private void op(String name, OpKind kind, String variant) {
    program.addMethod(MethodFacts.external(api(name), name, API, true, List.of(), Set.of(), List.of(), List.of(),
        List.of(), new OperationSpec(kind, variant, 0), null));
  }

  private void mask(String name, MaskEffect.Action action, MaskLevel level) {
    program.addMethod(MethodFacts.external(api(name), name, API, true, List.of(), Set.of(), List.of(), List.of(),
        List.of(), null, new MaskEffect(action, level)));
  }

  void type(String id, String... supertypes) {
    program.addType(new TypeFacts(id, id, List.of(supertypes), Set.of(), true));
  }

  /** A method under construction: its sites in order, optionally a flow graph over them. */
  final class M {
    final String id;
    final String name;
    String type = "app.A";
    final Set<ExecContext> contexts = new java.util.HashSet<>();
    final List<CallSite> sites = new ArrayList<>();
    final List<String> overrides = new ArrayList<>();
    final Map<String, List<Value>> locals = new LinkedHashMap<>();
    final List<Value> returns = new ArrayList<>();
    int params;
    FlowGraph flow;
    MethodFacts.Kind kind = MethodFacts.Kind.METHOD;

    M(String name) {
      this.name = name;
      this.id = "app.A#" + name + "()";
    }

    M in(ExecContext... cs) {
      contexts.addAll(List.of(cs));
      return this;
    }

    /** A static call of a program method by name. */
    M call(String method, Value... args) {
      return site(CallSite.Kind.INVOKE, "app.A#" + method + "()", CallSite.Dispatch.EXACT, null, args);
    }

    /** A call of an API method (operation or mask). */
    M api(String method, Value... args) {
      return site(CallSite.Kind.INVOKE, Facts.api(method), CallSite.Dispatch.EXACT, null, args);
    }

    M site(CallSite.Kind kind, String target, CallSite.Dispatch dispatch, String receiverType, Value... args) {
      List<TextRange> ranges = new ArrayList<>();
      for (Value ignored : args) {
        ranges.add(null);
      }
      sites.add(new CallSite(kind, target, dispatch, receiverType, null, List.of(args), ranges,
          new Position("file:///A.java", line * 100, line, 5), new TextRange(line * 100, line * 100 + 1),
          CallSite.NameAccess.QUALIFIED, null));
      line++;
      return this;
    }

    int lastSite() {
      return sites.size() - 1;
    }

    MethodFacts add() {
      List<String> params = new ArrayList<>();
      for (int i = 0; i < this.params; i++) {
        params.add("api.PerCpuLong");
      }
      MethodFacts f = new MethodFacts(id, name, name, type, kind, true, true, params, contexts, List.of(), List.of(),
          overrides, null, null, new Position("file:///A.java", line * 100, line, 3), sites, flow, locals, returns);
      line++;
      program.addMethod(f);
      return f;
    }
  }

  M method(String name) {
    return new M(name);
  }

  static Value field(String name) {
    return Value.field("app.A", name, true, false, "api.PerCpuLong");
  }

  static Value param(int i) {
    return Value.parameter(i, "api.PerCpuLong");
  }

  Program program() {
    return program;
  }

  List<Finding> run() {
    return Analysis.run(program, Config.DEFAULT).findings();
  }

  static Map<Check, Integer> countByCheck(List<Finding> findings) {
    Map<Check, Integer> m = new HashMap<>();
    findings.forEach(f -> m.merge(f.check(), 1, Integer::sum));
    return m;
  }
}

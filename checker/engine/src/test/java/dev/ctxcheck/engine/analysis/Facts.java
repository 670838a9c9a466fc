package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ContextAnnotations;
import dev.ctxcheck.engine.facts.ImportFacts;
import dev.ctxcheck.engine.facts.MethodAnnotations;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.LockEffect;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.PreemptRtEffect;
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
  private final List<MethodFacts> declared = new ArrayList<>();
  private final List<MethodFacts> stubs = new ArrayList<>();
  private final List<TypeFacts> types = new ArrayList<>();
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
    // spin_lock/spin_unlock: preemption on mainline, nothing but the lock under PREEMPT_RT.
    stubs.add(api("lock", new MethodAnnotations(ContextAnnotations.NONE, List.of(), null,
        new MaskEffect(MaskEffect.Action.MASK, MaskLevel.PREEMPTION, PreemptRtEffect.NOTHING),
        List.of(new LockEffect(LockEffect.Action.ACQUIRE, 0)), null)));
    stubs.add(api("unlock", new MethodAnnotations(ContextAnnotations.NONE, List.of(), null,
        new MaskEffect(MaskEffect.Action.UNMASK, MaskLevel.PREEMPTION, PreemptRtEffect.NOTHING),
        List.of(new LockEffect(LockEffect.Action.RELEASE, 0)), null)));
    stubs.add(MethodFacts.builder(API + "#on_irq(api.Handler)", "on_irq", API, MethodFacts.Kind.METHOD)
        .isStatic(true)
        .parameterTypes(List.of("api.Handler"))
        .annotations(new MethodAnnotations(ContextAnnotations.NONE,
            List.of(new ContextAnnotations(Set.of(ExecContext.HARDIRQ), false)), null, null, List.of(), null))
        .parameterCallbacks(List.of(List.of("api.Handler#handle()")))
        .build());
  }

  static String api(String name) {
    return API + "#" + name + "()";
  }

  private void op(String name, OpKind kind, String variant) {
    stubs.add(api(name, new MethodAnnotations(ContextAnnotations.NONE, List.of(), new OperationSpec(kind, variant, 0),
        null, List.of(), null)));
  }

  private void mask(String name, MaskEffect.Action action, MaskLevel level) {
    stubs.add(api(name, new MethodAnnotations(ContextAnnotations.NONE, List.of(), null, new MaskEffect(action, level),
        List.of(), null)));
  }

  private static MethodFacts api(String name, MethodAnnotations annotations) {
    return MethodFacts.builder(api(name), name, API, MethodFacts.Kind.METHOD).isStatic(true).annotations(annotations)
        .build();
  }

  void type(String id, String... supertypes) {
    types.add(new TypeFacts(id, id, List.of(supertypes), ContextAnnotations.NONE, true));
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
      MethodFacts f = MethodFacts.builder(id, name, type, kind)
          .isStatic(true)
          .parameterTypes(params)
          .annotations(new MethodAnnotations(new ContextAnnotations(contexts, false), List.of(), null, null, List.of(),
              null))
          .overrides(overrides)
          .position(new Position("file:///A.java", line * 100, line, 3), null)
          .body(sites, flow, locals, returns)
          .build();
      line++;
      declared.add(f);
      return f;
    }
  }

  M method(String name) {
    return new M(name);
  }

  static Value field(String name) {
    return Value.field("app.A", name, true, "api.PerCpuLong");
  }

  static Value param(int i) {
    return Value.parameter(i, "api.PerCpuLong");
  }

  /** The program: one unit of everything declared, with the API as stubs. */
  Program program() {
    SourceFileFacts unit = new SourceFileFacts("file:///A.java", ImportFacts.NONE, types, declared, stubs, List.of(),
        List.of());
    return Program.assemble(List.of(unit), file -> null);
  }

  List<Finding> run() {
    return run(Config.DEFAULT);
  }

  List<Finding> run(Config config) {
    return Analysis.run(program(), config).findings();
  }

  /** A lock held in field {@code name} of {@code app.A}. */
  static Value lockField(String name) {
    return Value.field("app.A", name, true, "api.SpinLock");
  }

  static Map<Check, Integer> countByCheck(List<Finding> findings) {
    Map<Check, Integer> m = new HashMap<>();
    findings.forEach(f -> m.merge(f.check(), 1, Integer::sum));
    return m;
  }
}

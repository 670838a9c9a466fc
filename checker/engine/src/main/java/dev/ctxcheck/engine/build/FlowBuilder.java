package dev.ctxcheck.engine.build;

import dev.ctxcheck.engine.facts.FlowGraph;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Builds the {@link FlowGraph} of one method or lambda body from its structure. A front end walks
 * its statement tree and calls one method per construct, handing the parts as {@link Runnable}s
 * that walk them in turn; this class decides where and how often each part runs. The semantics of
 * Java control flow for the mask analysis live here, once:
 *
 * <ul>
 *   <li>branches, conditional expressions, {@code &&}/{@code ||}, loops ({@code while (true)}
 *       leaves only by {@code break}), {@code switch} (cases tested in order, the default last,
 *       fall-through in source order), labelled {@code break}/{@code continue}, {@code yield};
 *   <li>{@code try}/{@code catch}/{@code finally}: the {@code finally} laid out once per way out —
 *       normal, exceptional (then rethrown), each {@code return}, each {@code break} or {@code
 *       continue} target — and try-with-resources closing each resource in reverse order in a
 *       {@code finally} of its own;
 *   <li>exceptions: a call throws what it declares plus {@code RuntimeException} and {@code Error},
 *       after its site, to the catch clauses that may take them (one that must stops the search),
 *       the first {@code finally} on the way out, else out of the method; the language's own
 *       exceptions ({@link Implicit}) likewise. Leaving the method, a {@code throw} statement (or
 *       a failed {@code assert}) goes to {@link FlowGraph#exit()}, which is held to mask balance,
 *       anything else to {@link FlowGraph#uncheckedExit()}, which is not.
 * </ul>
 *
 * <p>Outside every {@code try}, what a call or expression may throw leaves the method unchecked and
 * changes nothing the analysis sees, so no edge is made for it.
 *
 * @param <X> how the front end names exception types
 */
public final class FlowBuilder<X> {

  /** Exceptions the language throws without a {@code throw} statement, by what raises them. */
  public enum Implicit {
    /** A field or method reached through a value that may be null (not {@code this}). */
    NULL_POINTER("java.lang.NullPointerException"),
    /** A static member reached through a class name or an implicit static receiver: class loading. */
    CLASS_LOADING("java.lang.ClassCircularityError", "java.lang.ClassFormatError",
        "java.lang.NoClassDefFoundError", "java.lang.OutOfMemoryError"),
    /** Unboxing ({@code intValue()} on a possibly null box). */
    UNBOXING("java.lang.NullPointerException", "java.lang.RuntimeException", "java.lang.Error"),
    /** Boxing ({@code Integer.valueOf}). */
    BOXING("java.lang.RuntimeException", "java.lang.Error"),
    ARRAY_ACCESS("java.lang.ArrayIndexOutOfBoundsException", "java.lang.NullPointerException"),
    CAST("java.lang.ClassCastException"),
    /** Integer division or remainder. */
    INTEGER_DIVISION("java.lang.ArithmeticException"),
    ARRAY_CREATION("java.lang.NegativeArraySizeException", "java.lang.OutOfMemoryError");

    private final List<String> types;

    Implicit(String... types) {
      this.types = List.of(types);
    }

    public List<String> types() {
      return types;
    }
  }

  /** How a front end answers questions about its exception types. */
  public interface ExceptionTypes<X> {
    /** The type with this qualified name; null if the program cannot see it. */
    X named(String qualifiedName);

    /** Whether exception type {@code sub} is {@code sup} or a subtype of it. */
    boolean isExceptionSubtype(X sub, X sup);
  }

  /**
   * A front end's exception types with the names this class uses looked up once: create one per
   * front end (or per thread) and share it among the builders of its bodies.
   */
  public static final class Exceptions<X> {
    private final ExceptionTypes<X> types;
    private final Map<Implicit, List<X>> implicit = new EnumMap<>(Implicit.class);
    private final X runtimeException;
    private final X error;
    private final X throwable;
    private final X assertionError;

    public Exceptions(ExceptionTypes<X> types) {
      this.types = types;
      for (Implicit kind : Implicit.values()) {
        List<X> resolved = new ArrayList<>();
        for (String name : kind.types()) {
          X x = types.named(name);
          if (x != null) {
            resolved.add(x);
          }
        }
        implicit.put(kind, List.copyOf(resolved));
      }
      runtimeException = types.named("java.lang.RuntimeException");
      error = types.named("java.lang.Error");
      throwable = types.named("java.lang.Throwable");
      assertionError = types.named("java.lang.AssertionError");
    }

    boolean isSubtype(X sub, X sup) {
      return types.isExceptionSubtype(sub, sup);
    }
  }

  /** One {@code catch} clause: the types it catches (the alternatives of a union) and its body. */
  public record Catch<X>(List<X> types, Runnable body) {
    public Catch {
      types = List.copyOf(types);
    }
  }

  /**
   * One resource of a try-with-resources: its declaration (or expression), and its {@code close()}
   * as a site (asked for once, when the first copy of the closing {@code finally} is laid out; -1
   * if it has none) and the exceptions it declares.
   */
  public record Resource<X>(Runnable declaration, IntSupplier closeSite, List<X> closeThrows) {
    public Resource {
      closeThrows = List.copyOf(closeThrows);
    }
  }

  /**
   * One case of a {@code switch}: its labels and guard (evaluated while testing it), its body, and
   * whether the body is a statement group that falls through to the next case when it completes.
   * The {@code default} case has no test.
   */
  public record SwitchCase(boolean isDefault, Runnable test, Runnable body, boolean fallsThrough) {}

  private enum JumpKind { RETURN, BREAK, CONTINUE }

  /** Where a {@code break} or {@code continue} goes, and how many handlers were open there. */
  private record Target(String label, Kind kind, int breakBlock, int continueBlock, int handlerDepth) {
    enum Kind { LOOP, SWITCH, SWITCH_EXPRESSION, LABELED }
  }

  private record JumpKey(JumpKind kind, Target target) {}

  private interface Handler {}

  private record Clause<X>(List<X> types, int block) {}

  private record Catches<X>(List<Clause<X>> clauses) implements Handler {}

  /** A {@code finally} block, or the implicit one that closes a resource. */
  private static final class Finally<X> implements Handler {
    final Runnable body;
    final Resource<X> resource;
    int closeSite = Integer.MIN_VALUE;
    int exceptionalEntry = -1;
    final Map<JumpKey, Integer> jumps = new LinkedHashMap<>();

    Finally(Runnable body, Resource<X> resource) {
      this.body = body;
      this.resource = resource;
    }
  }

  private static final int UNREACHABLE = -1;

  private final Exceptions<X> exceptions;
  private final FlowGraph.Builder g = new FlowGraph.Builder();
  private final List<Handler> handlers = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();
  private boolean[] hasSites = new boolean[16];
  private int cur;
  private boolean built;

  public FlowBuilder(Exceptions<X> exceptions) {
    this.exceptions = exceptions;
    int first = g.newBlock();
    g.addEdge(g.entry(), first);
    cur = first;
  }

  /** The graph; code that falls off the end of the body returns. */
  public FlowGraph build() {
    if (built) {
      throw new IllegalStateException("built twice");
    }
    built = true;
    if (cur != UNREACHABLE) {
      g.addEdge(cur, g.exit());
    }
    return g.build();
  }

  // ------------------------------------------------------------------ straight code

  /** A site that throws nothing where it stands (creating a lambda or method reference). */
  public void site(int site) {
    reachable();
    g.addSite(cur, site);
    markSites(cur);
  }

  /**
   * A call of a method or constructor: its site (-1 if it has none), then what it may throw — the
   * exceptions it declares, {@code RuntimeException} and {@code Error}.
   */
  public void call(int site, List<X> declaredThrows) {
    if (site >= 0) {
      site(site);
    }
    if (handlers.isEmpty()) {
      return;
    }
    List<X> thrown = new ArrayList<>(declaredThrows.size() + 2);
    thrown.addAll(declaredThrows);
    addIfKnown(thrown, exceptions.runtimeException);
    addIfKnown(thrown, exceptions.error);
    mayThrow(thrown, false, site >= 0);
  }

  /** An exception the language may throw here ({@link Implicit}). */
  public void implicit(Implicit kind) {
    if (!handlers.isEmpty()) {
      mayThrow(exceptions.implicit.get(kind), false, false);
    }
  }

  /** {@code throw e}: {@code type} is the static type of {@code e} (null if unknown: Throwable). */
  public void throwStatement(X type) {
    reachable();
    X t = type != null ? type : exceptions.throwable;
    mayThrow(t == null ? List.of() : List.of(t), true, false);
    cur = UNREACHABLE;
  }

  // ------------------------------------------------------------------ branches

  /** {@code if (condition) then else otherwise}; {@code otherwise} may be null. */
  public void ifStatement(Runnable condition, Runnable then, Runnable otherwise) {
    condition.run();
    int c = cur;
    cur = branch(c);
    then.run();
    int thenEnd = cur;
    int elseEnd = c;
    if (otherwise != null) {
      cur = branch(c);
      otherwise.run();
      elseEnd = cur;
    }
    cur = join(thenEnd, elseEnd);
  }

  /** {@code condition ? then : otherwise}. */
  public void conditional(Runnable condition, Runnable then, Runnable otherwise) {
    condition.run();
    int c = cur;
    cur = branch(c);
    then.run();
    int thenEnd = cur;
    cur = branch(c);
    otherwise.run();
    cur = join(thenEnd, cur);
  }

  /** {@code left && right} or {@code left || right}: {@code right} may not run. */
  public void shortCircuit(Runnable left, Runnable right) {
    left.run();
    int c = cur;
    cur = branch(c);
    right.run();
    cur = join(c, cur);
  }

  /** {@code assert condition : detail}: assertions may be disabled; a failed one throws, like {@code throw}. */
  public void assertion(Runnable condition, Runnable detail) {
    int c = cur;
    cur = branch(c);
    condition.run();
    int checked = cur;
    cur = branch(checked);
    if (detail != null) {
      detail.run();
    }
    throwStatement(exceptions.assertionError);
    cur = join(c, checked);
  }

  // ------------------------------------------------------------------ loops

  /**
   * {@code while (condition) body}. A condition that is the constant {@code true} does not leave
   * the loop: only a {@code break} does.
   */
  public void whileLoop(String label, Runnable condition, boolean conditionIsTrue, Runnable body) {
    int head = newBlock();
    int after = newBlock();
    edge(cur, head);
    cur = head;
    condition.run();
    if (!conditionIsTrue) {
      edge(cur, after);
    }
    cur = branch(cur);
    loopBody(body, label, after, head);
    edge(cur, head);
    cur = after;
  }

  /** {@code do body while (condition)}. */
  public void doWhileLoop(String label, Runnable body, Runnable condition) {
    int start = newBlock();
    int conditionBlock = newBlock();
    int after = newBlock();
    edge(cur, start);
    cur = start;
    loopBody(body, label, after, conditionBlock);
    edge(cur, conditionBlock);
    cur = conditionBlock;
    condition.run();
    edge(cur, start);
    edge(cur, after);
    cur = after;
  }

  /** {@code for (init; condition; update) body}; a null condition is always true. */
  public void forLoop(String label, Runnable init, Runnable condition, Runnable update, Runnable body) {
    init.run();
    int head = newBlock();
    int updateBlock = newBlock();
    int after = newBlock();
    edge(cur, head);
    cur = head;
    if (condition != null) {
      condition.run();
      edge(cur, after);
    }
    cur = branch(cur);
    loopBody(body, label, after, updateBlock);
    edge(cur, updateBlock);
    cur = updateBlock;
    update.run();
    edge(cur, head);
    cur = after;
  }

  /**
   * {@code for (T x : iterable) body}: {@code iterable} is evaluated once, then {@code element}
   * (what taking the next element may throw) and {@code body} run once per element.
   */
  public void forEachLoop(String label, Runnable iterable, Runnable element, Runnable body) {
    iterable.run();
    int head = newBlock();
    int after = newBlock();
    edge(cur, head);
    cur = head;
    edge(cur, after);
    cur = branch(cur);
    element.run();
    loopBody(body, label, after, head);
    edge(cur, head);
    cur = after;
  }

  private void loopBody(Runnable body, String label, int after, int continueTo) {
    targets.add(new Target(label, Target.Kind.LOOP, after, continueTo, handlers.size()));
    body.run();
    targets.remove(targets.size() - 1);
  }

  /** A labelled statement that is not a loop ({@code label: { ... }}): {@code break label} leaves it. */
  public void labeled(String label, Runnable statement) {
    int after = newBlock();
    targets.add(new Target(label, Target.Kind.LABELED, after, -1, handlers.size()));
    statement.run();
    targets.remove(targets.size() - 1);
    edge(cur, after);
    cur = after;
  }

  // ------------------------------------------------------------------ switch

  /**
   * A {@code switch} statement or expression. The cases are tested in order, the default case
   * last; a case that matches runs its body, and a statement group that completes falls through
   * to the next case's body in source order. When no case matches an old-style statement without
   * default, control goes past the switch; an exhaustive one ({@code exhaustive}: a switch
   * expression, or a statement with patterns or arrows over a sealed or enum type) runs its last
   * case without a test.
   */
  public void switchBlock(String label, Runnable selector, List<SwitchCase> cases, boolean exhaustive,
      boolean isExpression) {
    selector.run();
    reachable();
    int after = newBlock();
    targets.add(new Target(label, isExpression ? Target.Kind.SWITCH_EXPRESSION : Target.Kind.SWITCH, after, -1,
        handlers.size()));
    int n = cases.size();
    int[] bodies = new int[n];
    for (int i = 0; i < n; i++) {
      bodies[i] = newBlock();
    }
    int defaultIndex = -1;
    for (int i = 0; i < n; i++) {
      if (cases.get(i).isDefault()) {
        defaultIndex = i;
      }
    }
    // The tests, in order; the default case's after all the others.
    int chain = cur;
    int lastTested = -1;
    for (int i = 0; i < n; i++) {
      if (i == defaultIndex) {
        continue;
      }
      boolean terminal = exhaustive && defaultIndex < 0 && i == n - 1;
      if (terminal) {
        edge(chain, bodies[i]);
        chain = UNREACHABLE;
        break;
      }
      cur = chain;
      cases.get(i).test().run();
      reachable();
      edge(cur, bodies[i]);
      chain = branch(cur);
      lastTested = i;
    }
    if (chain != UNREACHABLE) {
      edge(chain, defaultIndex >= 0 ? bodies[defaultIndex] : after);
    }
    // The bodies, in source order, each falling through to the next when it completes.
    for (int i = 0; i < n; i++) {
      cur = bodies[i];
      SwitchCase c = cases.get(i);
      c.body().run();
      if (c.fallsThrough() && i + 1 < n) {
        edge(cur, bodies[i + 1]);
      } else {
        edge(cur, after);
      }
    }
    targets.remove(targets.size() - 1);
    cur = after;
  }

  // ------------------------------------------------------------------ jumps

  /** {@code return}. */
  public void returnStatement() {
    jump(JumpKind.RETURN, null);
    cur = UNREACHABLE;
  }

  /** {@code break} or {@code break label}. */
  public void breakStatement(String label) {
    Target t = breakTarget(label);
    if (t != null) {
      jump(JumpKind.BREAK, t);
    }
    cur = UNREACHABLE;
  }

  /** {@code continue} or {@code continue label}. */
  public void continueStatement(String label) {
    Target t = continueTarget(label);
    if (t != null) {
      jump(JumpKind.CONTINUE, t);
    }
    cur = UNREACHABLE;
  }

  /** {@code yield}, after its value: leaves the innermost switch expression. */
  public void yieldStatement() {
    for (int i = targets.size() - 1; i >= 0; i--) {
      if (targets.get(i).kind() == Target.Kind.SWITCH_EXPRESSION) {
        jump(JumpKind.BREAK, targets.get(i));
        break;
      }
    }
    cur = UNREACHABLE;
  }

  private Target breakTarget(String label) {
    for (int i = targets.size() - 1; i >= 0; i--) {
      Target t = targets.get(i);
      boolean matches = label == null
          ? t.kind() == Target.Kind.LOOP || t.kind() == Target.Kind.SWITCH
          : label.equals(t.label());
      if (matches) {
        return t;
      }
    }
    return null;
  }

  private Target continueTarget(String label) {
    for (int i = targets.size() - 1; i >= 0; i--) {
      Target t = targets.get(i);
      if (t.kind() == Target.Kind.LOOP && (label == null || label.equals(t.label()))) {
        return t;
      }
    }
    return null;
  }

  /** Leaves for {@code target}, through the copy of each {@code finally} on the way. */
  private void jump(JumpKind kind, Target target) {
    if (cur == UNREACHABLE) {
      return;
    }
    int limit = kind == JumpKind.RETURN ? 0 : target.handlerDepth();
    for (int i = handlers.size() - 1; i >= limit; i--) {
      if (handlers.get(i) instanceof Finally<?> f) {
        int entry = f.jumps.computeIfAbsent(new JumpKey(kind, target), k -> newBlock());
        edge(cur, entry);
        cur = UNREACHABLE;
        return;
      }
    }
    int to = switch (kind) {
      case RETURN -> g.exit();
      case BREAK -> target.breakBlock();
      case CONTINUE -> target.continueBlock();
    };
    edge(cur, to);
    cur = UNREACHABLE;
  }

  // ------------------------------------------------------------------ try

  /**
   * {@code try (resources) block catch ... finally}: {@code catches} may be empty and {@code
   * finallyBlock} null. Each resource is declared in turn, then closed by a {@code finally} of its
   * own around the rest, so resources close in reverse order, before the catch clauses run.
   */
  public void tryStatement(List<Resource<X>> resources, Runnable block, List<Catch<X>> catches,
      Runnable finallyBlock) {
    Finally<X> fin = finallyBlock == null ? null : new Finally<>(finallyBlock, null);
    if (fin != null) {
      handlers.add(fin);
    }
    Catches<X> clauses = null;
    if (!catches.isEmpty()) {
      List<Clause<X>> list = new ArrayList<>();
      for (Catch<X> c : catches) {
        list.add(new Clause<>(c.types(), newBlock()));
      }
      clauses = new Catches<>(list);
      handlers.add(clauses);
    }
    resources(resources, 0, block);
    List<Integer> ends = new ArrayList<>();
    ends.add(cur);
    if (clauses != null) {
      handlers.remove(handlers.size() - 1);
      for (int i = 0; i < catches.size(); i++) {
        cur = clauses.clauses().get(i).block();
        catches.get(i).body().run();
        ends.add(cur);
      }
    }
    if (fin != null) {
      handlers.remove(handlers.size() - 1);
      finish(fin, ends);
    } else {
      cur = join(ends.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  private void resources(List<Resource<X>> resources, int i, Runnable block) {
    if (i >= resources.size()) {
      block.run();
      return;
    }
    Resource<X> resource = resources.get(i);
    resource.declaration().run();
    Finally<X> closing = new Finally<>(null, resource);
    handlers.add(closing);
    resources(resources, i + 1, block);
    handlers.remove(handlers.size() - 1);
    finish(closing, List.of(cur));
  }

  /** Lays out the copies of a finally: normal, exceptional (then rethrown), one per jump through it. */
  private void finish(Finally<X> f, List<Integer> normalEnds) {
    cur = join(normalEnds.stream().mapToInt(Integer::intValue).toArray());
    if (cur != UNREACHABLE) {
      finallyBody(f);
    }
    int normalEnd = cur;
    if (f.exceptionalEntry >= 0) {
      cur = f.exceptionalEntry;
      finallyBody(f);
      if (cur != UNREACHABLE && !handlers.isEmpty()) {
        // The rethrow at the end of a finally: the original exception, whatever it was.
        X throwable = exceptions.throwable;
        mayThrow(throwable == null ? List.of() : List.of(throwable), false, false);
      }
      cur = UNREACHABLE;
    }
    for (Map.Entry<JumpKey, Integer> j : new ArrayList<>(f.jumps.entrySet())) {
      cur = j.getValue();
      finallyBody(f);
      jump(j.getKey().kind(), j.getKey().target());
    }
    cur = normalEnd;
  }

  private void finallyBody(Finally<X> f) {
    if (f.body != null) {
      f.body.run();
      return;
    }
    if (f.closeSite == Integer.MIN_VALUE) {
      f.closeSite = f.resource.closeSite().getAsInt();
    }
    reachable();
    call(f.closeSite, f.resource.closeThrows());
  }

  // ------------------------------------------------------------------ exceptions

  /**
   * The current point may throw {@code types}. An exceptional edge leaves a block when its last
   * site throws, so a call throws from the block its site ends, anything else from an empty block
   * of its own; a new block follows either way.
   */
  private void mayThrow(List<X> types, boolean throwStatement, boolean fromCall) {
    if (cur == UNREACHABLE) {
      return;
    }
    if (!fromCall && hasSites(cur)) {
      int empty = newBlock();
      edge(cur, empty);
      cur = empty;
    }
    for (X t : types) {
      throwTo(t, throwStatement);
    }
    if (!throwStatement) {
      int next = newBlock();
      edge(cur, next);
      cur = next;
    }
  }

  /**
   * Edges for an exception of {@code type}: to each catch clause that may take it, up to one that
   * must, and to the first finally on the way out; leaving the method, a throw statement goes to
   * {@code exit}, anything else to {@code uncheckedExit}.
   */
  @SuppressWarnings("unchecked")
  private void throwTo(X type, boolean throwStatement) {
    for (int i = handlers.size() - 1; i >= 0; i--) {
      Handler h = handlers.get(i);
      if (h instanceof Finally<?> f) {
        if (f.exceptionalEntry < 0) {
          f.exceptionalEntry = newBlock();
        }
        g.addExceptionalEdge(cur, f.exceptionalEntry);
        return;
      }
      for (Clause<X> c : ((Catches<X>) h).clauses()) {
        boolean may = false;
        for (X caught : c.types()) {
          if (exceptions.isSubtype(type, caught)) {
            g.addExceptionalEdge(cur, c.block());
            return;
          }
          may |= exceptions.isSubtype(caught, type);
        }
        if (may) {
          g.addExceptionalEdge(cur, c.block());
        }
      }
    }
    g.addExceptionalEdge(cur, throwStatement ? g.exit() : g.uncheckedExit());
  }

  // ------------------------------------------------------------------ blocks

  private int newBlock() {
    int b = g.newBlock();
    if (b >= hasSites.length) {
      hasSites = java.util.Arrays.copyOf(hasSites, Math.max(b + 1, hasSites.length * 2));
    }
    return b;
  }

  private boolean hasSites(int block) {
    return block < hasSites.length && hasSites[block];
  }

  private void markSites(int block) {
    if (block >= hasSites.length) {
      hasSites = java.util.Arrays.copyOf(hasSites, Math.max(block + 1, hasSites.length * 2));
    }
    hasSites[block] = true;
  }

  private void edge(int from, int to) {
    if (from != UNREACHABLE && to != UNREACHABLE) {
      g.addEdge(from, to);
    }
  }

  /** Code after a jump: a block nothing leads to. */
  private void reachable() {
    if (cur == UNREACHABLE) {
      cur = newBlock();
    }
  }

  private int branch(int from) {
    int b = newBlock();
    edge(from, b);
    return b;
  }

  private int join(int... ends) {
    int after = UNREACHABLE;
    for (int e : ends) {
      if (e != UNREACHABLE) {
        if (after == UNREACHABLE) {
          after = newBlock();
        }
        edge(e, after);
      }
    }
    return after;
  }

  private static <X> void addIfKnown(List<X> list, X x) {
    if (x != null) {
      list.add(x);
    }
  }
}

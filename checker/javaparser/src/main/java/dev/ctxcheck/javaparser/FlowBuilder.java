package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.AssertStmt;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.BreakStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ContinueStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.LabeledStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.UnionType;
import dev.ctxcheck.engine.facts.FlowGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the engine's {@link FlowGraph} of a method or lambda body from its AST, with the
 * conventions of the javac front end (which lowers the dataflow library's control-flow graph):
 * branches, loops and switches without constant folding; a {@code finally} copied once per way out
 * (normal, exceptional, return, each break or continue target); try-with-resources closing each
 * resource in reverse order with its {@code close()}; exception edges that leave after the call
 * that throws, to the catch clauses that may take them, else to {@code exit} ({@code throw}
 * statements leaving the method directly) or {@code uncheckedExit} (what calls throw, also when a
 * {@code finally} rethrows it).
 */
final class FlowBuilder {

  private static final String RUNTIME_EXCEPTION = "java.lang.RuntimeException";
  private static final String ERROR = "java.lang.Error";
  private static final String THROWABLE = "java.lang.Throwable";
  private static final List<String> UNCHECKED = List.of(RUNTIME_EXCEPTION, ERROR);

  private enum JumpKind { RETURN, BREAK, CONTINUE }

  /** Where a break or continue goes, and how many handlers were open there. */
  private record Target(String label, boolean breakable, int breakBlock, int continueBlock, int handlerDepth) {}

  private record JumpKey(JumpKind kind, Target target) {}

  private interface Handler {}

  private record Clause(List<String> types, int block) {}

  private record Catches(List<Clause> clauses) implements Handler {}

  /** A {@code finally} block, or the implicit one that closes a resource. */
  private static final class Finally implements Handler {
    final BlockStmt block;
    final Node resource;
    final MethodInfo close;
    int exceptionalEntry = -1;
    final Map<JumpKey, Integer> jumps = new LinkedHashMap<>();

    Finally(BlockStmt block, Node resource, MethodInfo close) {
      this.block = block;
      this.resource = resource;
      this.close = close;
    }
  }

  private final Extractor.Body body;
  private final Typing typing;
  private final TypeModel model;
  private final FlowGraph.Builder g = new FlowGraph.Builder();
  private final List<Handler> handlers = new ArrayList<>();
  private final List<Target> targets = new ArrayList<>();
  private final java.util.Set<Integer> blocksWithSites = new java.util.HashSet<>();
  private int cur;

  FlowBuilder(Extractor.Body body, Typing typing, TypeModel model) {
    this.body = body;
    this.typing = typing;
    this.model = model;
  }

  FlowGraph build(Statement code) {
    int first = g.newBlock();
    for (int s : body.entrySites) {
      g.addSite(first, s);
    }
    g.addEdge(g.entry(), first);
    cur = first;
    if (code instanceof ExpressionStmt es && es.getParentNode().orElse(null) instanceof LambdaExpr) {
      expr(es.getExpression());
    } else {
      stmt(code);
    }
    if (cur >= 0) {
      g.addEdge(cur, g.exit());
    }
    return g.build();
  }

  // ------------------------------------------------------------------ blocks

  private int newBlock() {
    return g.newBlock();
  }

  private void edge(int from, int to) {
    if (from >= 0 && to >= 0) {
      g.addEdge(from, to);
    }
  }

  private void reachable() {
    if (cur < 0) {
      cur = newBlock(); // code after a jump: a block nothing leads to
    }
  }

  private int branch(int from) {
    int b = newBlock();
    edge(from, b);
    return b;
  }

  private int join(int... ends) {
    int after = -1;
    for (int e : ends) {
      if (e >= 0) {
        if (after < 0) {
          after = newBlock();
        }
        edge(e, after);
      }
    }
    return after;
  }

  /** Puts the site of {@code node} (if it has one) in the current block; whether it had one. */
  private boolean site(Node node) {
    Integer s = body.siteByNode.get(node);
    if (s == null) {
      return false;
    }
    {
      reachable();
      g.addSite(cur, s);
      blocksWithSites.add(cur);
    }
    return true;
  }

  // ------------------------------------------------------------------ exceptions

  /**
   * The current point may throw {@code types}. Exceptional edges leave a block when its last site
   * throws, so a call throws from the block it ends, and anything else from an empty block of its
   * own; a new block follows either way.
   */
  private void mayThrow(List<String> types, boolean throwStatement, boolean fromCall) {
    if (cur < 0) {
      return;
    }
    if (!fromCall && blocksWithSites.contains(cur)) {
      int empty = newBlock();
      edge(cur, empty);
      cur = empty;
    }
    for (String t : types) {
      throwTo(t == null ? THROWABLE : t, throwStatement);
    }
    int next = newBlock();
    edge(cur, next);
    cur = next;
  }

  /** An exception the language throws (null pointer, bounds, cast...): it matters only inside a try. */
  private void implicitly(String... types) {
    if (!handlers.isEmpty()) {
      mayThrow(List.of(types), false, false);
    }
  }

  /** After a call's site (if it has one): what the callee may throw. */
  private void call(MethodInfo callee, boolean hasSite) {
    List<String> types = new ArrayList<>(callee == null ? List.of() : callee.thrown());
    types.addAll(UNCHECKED);
    mayThrow(types, false, hasSite);
  }

  private void exceptional(int to) {
    if (cur >= 0 && to >= 0) {
      g.addExceptionalEdge(cur, to);
    }
  }

  /**
   * Edges for an exception of {@code type}: to the catch clauses that may take it and the first
   * finally on the way out; leaving the method, a throw statement goes to {@code exit}, anything
   * else (a call's exception, what a finally rethrows) to {@code uncheckedExit}.
   */
  private void throwTo(String type, boolean throwStatement) {
    for (int i = handlers.size() - 1; i >= 0; i--) {
      Handler h = handlers.get(i);
      if (h instanceof Finally f) {
        if (f.exceptionalEntry < 0) {
          f.exceptionalEntry = newBlock();
        }
        exceptional(f.exceptionalEntry);
        return;
      }
      for (Clause c : ((Catches) h).clauses()) {
        boolean may = false;
        for (String caught : c.types()) {
          if (model.isSubtype(type, caught)) {
            exceptional(c.block());
            return;
          }
          may |= model.isSubtype(caught, type);
        }
        if (may) {
          exceptional(c.block());
        }
      }
    }
    exceptional(throwStatement ? g.exit() : g.uncheckedExit());
  }

  // ------------------------------------------------------------------ jumps

  private void jump(JumpKind kind, Target target) {
    if (cur < 0) {
      return;
    }
    int limit = kind == JumpKind.RETURN ? 0 : target.handlerDepth();
    for (int i = handlers.size() - 1; i >= limit; i--) {
      if (handlers.get(i) instanceof Finally f) {
        int entry = f.jumps.computeIfAbsent(new JumpKey(kind, target), k -> newBlock());
        edge(cur, entry);
        cur = -1;
        return;
      }
    }
    int to = switch (kind) {
      case RETURN -> g.exit();
      case BREAK -> target.breakBlock();
      case CONTINUE -> target.continueBlock();
    };
    edge(cur, to);
    cur = -1;
  }

  private Target breakTarget(String label) {
    for (int i = targets.size() - 1; i >= 0; i--) {
      Target t = targets.get(i);
      if (label == null ? t.breakable() : label.equals(t.label())) {
        return t;
      }
    }
    return null;
  }

  private Target continueTarget(String label) {
    for (int i = targets.size() - 1; i >= 0; i--) {
      Target t = targets.get(i);
      if (t.continueBlock() >= 0 && (label == null || label.equals(t.label()))) {
        return t;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ statements

  private void stmt(Statement s) {
    stmt(s, null);
  }

  private void stmt(Statement s, String label) {
    if (s instanceof BlockStmt b) {
      for (Statement inner : b.getStatements()) {
        stmt(inner);
      }
    } else if (s instanceof ExpressionStmt es) {
      expr(es.getExpression());
    } else if (s instanceof IfStmt i) {
      expr(i.getCondition());
      int c = cur;
      cur = branch(c);
      stmt(i.getThenStmt());
      int thenEnd = cur;
      int elseEnd = c;
      if (i.getElseStmt().isPresent()) {
        cur = branch(c);
        stmt(i.getElseStmt().get());
        elseEnd = cur;
      }
      cur = join(thenEnd, elseEnd);
    } else if (s instanceof WhileStmt w) {
      int head = newBlock();
      int after = newBlock();
      edge(cur, head);
      cur = head;
      expr(w.getCondition());
      int c = cur;
      edge(c, after);
      cur = branch(c);
      loopBody(w.getBody(), label, after, head);
      edge(cur, head);
      cur = after;
    } else if (s instanceof DoStmt d) {
      int start = newBlock();
      int condition = newBlock();
      int after = newBlock();
      edge(cur, start);
      cur = start;
      loopBody(d.getBody(), label, after, condition);
      edge(cur, condition);
      cur = condition;
      expr(d.getCondition());
      edge(cur, start);
      edge(cur, after);
      cur = after;
    } else if (s instanceof ForStmt f) {
      f.getInitialization().forEach(this::expr);
      int head = newBlock();
      int update = newBlock();
      int after = newBlock();
      edge(cur, head);
      cur = head;
      if (f.getCompare().isPresent()) {
        expr(f.getCompare().get());
        edge(cur, after);
      }
      cur = branch(cur);
      loopBody(f.getBody(), label, after, update);
      edge(cur, update);
      cur = update;
      f.getUpdate().forEach(this::expr);
      edge(cur, head);
      cur = after;
    } else if (s instanceof ForEachStmt f) {
      expr(f.getIterable());
      String iterable = typing.typeOf(f.getIterable());
      boolean array = iterable != null && iterable.endsWith("[]");
      if (!array) {
        implicitly(RUNTIME_EXCEPTION, ERROR); // iterator()
      }
      int head = newBlock();
      int after = newBlock();
      edge(cur, head);
      cur = head;
      if (!array) {
        implicitly(RUNTIME_EXCEPTION, ERROR); // hasNext()
      }
      edge(cur, after);
      cur = branch(cur);
      if (array) {
        implicitly("java.lang.ArrayIndexOutOfBoundsException", "java.lang.NullPointerException");
      } else {
        implicitly(RUNTIME_EXCEPTION, ERROR); // next()
      }
      loopBody(f.getBody(), label, after, head);
      edge(cur, head);
      cur = after;
    } else if (s instanceof SwitchStmt sw) {
      switchBody(sw.getSelector(), sw.getEntries(), label, false);
    } else if (s instanceof LabeledStmt l) {
      Statement inner = l.getStatement();
      String name = l.getLabel().asString();
      if (inner instanceof WhileStmt || inner instanceof DoStmt || inner instanceof ForStmt
          || inner instanceof ForEachStmt || inner instanceof SwitchStmt) {
        stmt(inner, name);
      } else {
        int after = newBlock();
        targets.add(new Target(name, false, after, -1, handlers.size()));
        stmt(inner);
        targets.remove(targets.size() - 1);
        edge(cur, after);
        cur = after;
      }
    } else if (s instanceof BreakStmt b) {
      Target t = breakTarget(b.getLabel().map(SimpleName::asString).orElse(null));
      if (t != null) {
        jump(JumpKind.BREAK, t);
      }
      cur = -1;
    } else if (s instanceof ContinueStmt c) {
      Target t = continueTarget(c.getLabel().map(SimpleName::asString).orElse(null));
      if (t != null) {
        jump(JumpKind.CONTINUE, t);
      }
      cur = -1;
    } else if (s instanceof YieldStmt y) {
      expr(y.getExpression());
      Target t = breakTarget("<yield>");
      if (t != null) {
        jump(JumpKind.BREAK, t);
      }
      cur = -1;
    } else if (s instanceof ReturnStmt r) {
      r.getExpression().ifPresent(this::expr);
      jump(JumpKind.RETURN, null);
      cur = -1;
    } else if (s instanceof ThrowStmt t) {
      expr(t.getExpression());
      reachable();
      mayThrow(List.of(orThrowable(typing.typeOf(t.getExpression()))), true, false);
      cur = -1;
    } else if (s instanceof TryStmt t) {
      tryStmt(t);
    } else if (s instanceof ExplicitConstructorInvocationStmt ec) {
      ec.getExpression().ifPresent(this::expr);
      ec.getArguments().forEach(this::expr);
      call(typing.resolveExplicitConstructor(ec), site(ec));
    } else if (s instanceof AssertStmt a) {
      // Assertions may be disabled: the check runs on one branch only.
      int c = cur;
      cur = branch(c);
      expr(a.getCheck());
      a.getMessage().ifPresent(this::expr);
      int checked = cur;
      reachable();
      mayThrow(List.of("java.lang.AssertionError"), false, false);
      cur = join(c, checked);
    } else if (s instanceof LocalClassDeclarationStmt || s instanceof LocalRecordDeclarationStmt) {
      // its code is its own methods'
    } else {
      for (Node child : s.getChildNodes()) {
        visit(child);
      }
    }
  }

  private static String orThrowable(String t) {
    return t == null || t.equals(Typing.NULL) ? THROWABLE : t;
  }

  private void loopBody(Statement loopBody, String label, int after, int continueTo) {
    targets.add(new Target(label, true, after, continueTo, handlers.size()));
    stmt(loopBody);
    targets.remove(targets.size() - 1);
  }

  private void switchBody(Expression selector, List<SwitchEntry> entries, String label, boolean isExpression) {
    expr(selector);
    reachable();
    int select = cur;
    int after = newBlock();
    targets.add(new Target(isExpression ? "<yield>" : label, !isExpression, after, -1, handlers.size()));
    int fallthrough = -1;
    boolean hasDefault = false;
    for (SwitchEntry e : entries) {
      hasDefault |= e.getLabels().isEmpty() || e.isDefault();
      cur = branch(select);
      edge(fallthrough, cur);
      e.getGuard().ifPresent(this::expr);
      if (e.getType() == SwitchEntry.Type.STATEMENT_GROUP) {
        for (Statement st : e.getStatements()) {
          stmt(st);
        }
        fallthrough = cur;
      } else {
        for (Statement st : e.getStatements()) {
          if (isExpression && e.getType() == SwitchEntry.Type.EXPRESSION && st instanceof ExpressionStmt es) {
            expr(es.getExpression());
          } else {
            stmt(st);
          }
        }
        edge(cur, after);
        fallthrough = -1;
      }
    }
    edge(fallthrough, after);
    if (!hasDefault) {
      edge(select, after);
    }
    targets.remove(targets.size() - 1);
    cur = after;
  }

  private void tryStmt(TryStmt t) {
    Finally fin = t.getFinallyBlock().map(b -> new Finally(b, null, null)).orElse(null);
    if (fin != null) {
      handlers.add(fin);
    }
    Catches catches = null;
    if (!t.getCatchClauses().isEmpty()) {
      List<Clause> clauses = new ArrayList<>();
      for (CatchClause c : t.getCatchClauses()) {
        Type type = c.getParameter().getType();
        List<String> types = new ArrayList<>();
        for (Type alt : type instanceof UnionType u ? u.getElements() : List.of(type)) {
          types.add(orThrowable(model.resolve(alt)));
        }
        clauses.add(new Clause(types, newBlock()));
      }
      catches = new Catches(clauses);
      handlers.add(catches);
    }
    resources(t, 0);
    int tryEnd = cur;
    List<Integer> ends = new ArrayList<>();
    ends.add(tryEnd);
    if (catches != null) {
      handlers.remove(handlers.size() - 1);
      for (int i = 0; i < catches.clauses().size(); i++) {
        cur = catches.clauses().get(i).block();
        stmt(t.getCatchClauses().get(i).getBody());
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

  /** The resources from {@code i} on, each closed by an implicit finally, around the try block. */
  private void resources(TryStmt t, int i) {
    if (i >= t.getResources().size()) {
      stmt(t.getTryBlock());
      return;
    }
    Expression resource = t.getResources().get(i);
    expr(resource);
    Node declaration = null;
    String type = null;
    if (resource instanceof VariableDeclarationExpr vd && !vd.getVariables().isEmpty()) {
      VariableDeclarator v = vd.getVariables().get(0);
      declaration = v;
      // Looked up from the declaration, not by name: the resource is not in scope of itself.
      type = TypeModel.isVar(v.getType()) ? v.getInitializer().map(typing::typeOf).orElse(null) : model.resolve(v.getType());
    } else if (resource instanceof NameExpr n) {
      Typing.Variable var = typing.variable(n.getNameAsString(), n);
      declaration = var == null ? null : var.declaration();
      type = typing.typeOf(n);
    } else {
      type = typing.typeOf(resource);
    }
    MethodInfo close = null;
    if (type != null) {
      for (MethodInfo m : model.methodsNamed(type, "close")) {
        if (m.parameterTypes().isEmpty()) {
          close = m;
          break;
        }
      }
    }
    Finally closing = new Finally(null, declaration, close);
    handlers.add(closing);
    resources(t, i + 1);
    handlers.remove(handlers.size() - 1);
    finish(closing, List.of(cur));
  }

  /** Lays out the copies of a finally: normal, exceptional (then rethrown), and one per jump through it. */
  private void finish(Finally f, List<Integer> normalEnds) {
    cur = join(normalEnds.stream().mapToInt(Integer::intValue).toArray());
    if (cur >= 0) {
      finallyBody(f);
    }
    int normalEnd = cur;
    if (f.exceptionalEntry >= 0) {
      cur = f.exceptionalEntry;
      finallyBody(f);
      if (cur >= 0) {
        mayThrow(List.of(THROWABLE), false, false); // the rethrow at the end of a finally
        cur = -1;
      }
    }
    for (Map.Entry<JumpKey, Integer> j : new ArrayList<>(f.jumps.entrySet())) {
      cur = j.getValue();
      finallyBody(f);
      jump(j.getKey().kind(), j.getKey().target());
    }
    cur = normalEnd;
  }

  private void finallyBody(Finally f) {
    if (f.block != null) {
      stmt(f.block);
      return;
    }
    int s = body.addScopeRelease(f.close, f.resource);
    if (s >= 0) {
      reachable();
      g.addSite(cur, s);
      blocksWithSites.add(cur);
    }
    call(f.close, s >= 0);
  }

  // ------------------------------------------------------------------ expressions

  private void visit(Node n) {
    if (n instanceof Statement s) {
      stmt(s);
    } else if (n instanceof Expression e) {
      expr(e);
    } else if (n instanceof VariableDeclarator v) {
      v.getInitializer().ifPresent(this::expr);
    } else if (n instanceof Type || n instanceof SimpleName || n instanceof AnnotationExpr || n instanceof Comment) {
      // no code
    } else {
      for (Node child : n.getChildNodes()) {
        visit(child);
      }
    }
  }

  private void expr(Expression e) {
    if (e instanceof LambdaExpr) {
      site(e);
    } else if (e instanceof MethodReferenceExpr r) {
      if (!(r.getScope() instanceof TypeExpr)) {
        expr(r.getScope());
      }
      site(r);
    } else if (e instanceof MethodCallExpr call) {
      MethodInfo callee = typing.resolveCall(call);
      if (call.getScope().isPresent()) {
        Expression scope = call.getScope().get();
        expr(scope);
        if (callee != null && !callee.isStatic() && !(scope instanceof ThisExpr) && isValue(scope)) {
          implicitly("java.lang.NullPointerException");
        }
      }
      call.getArguments().forEach(this::expr);
      call(callee, site(call));
    } else if (e instanceof ObjectCreationExpr oc) {
      oc.getScope().ifPresent(this::expr);
      oc.getArguments().forEach(this::expr);
      call(typing.resolveConstructor(oc), site(oc));
    } else if (e instanceof FieldAccessExpr f) {
      if (isValue(f.getScope())) {
        expr(f.getScope());
        FieldInfo field = typing.field(f);
        if (field != null && !field.isStatic() && !(f.getScope() instanceof ThisExpr)) {
          implicitly("java.lang.NullPointerException");
        }
      }
    } else if (e instanceof ArrayAccessExpr a) {
      expr(a.getName());
      expr(a.getIndex());
      implicitly("java.lang.ArrayIndexOutOfBoundsException", "java.lang.NullPointerException");
    } else if (e instanceof AssignExpr a) {
      Expression target = a.getTarget();
      if (target instanceof ArrayAccessExpr aa) {
        expr(aa.getName());
        expr(aa.getIndex());
      } else if (target instanceof FieldAccessExpr fa && isValue(fa.getScope())) {
        expr(fa.getScope());
      }
      expr(a.getValue());
      if (target instanceof ArrayAccessExpr) {
        implicitly("java.lang.ArrayIndexOutOfBoundsException", "java.lang.NullPointerException");
      }
      if ((a.getOperator() == AssignExpr.Operator.DIVIDE || a.getOperator() == AssignExpr.Operator.REMAINDER)
          && isIntegral(typing.typeOf(target))) {
        implicitly("java.lang.ArithmeticException");
      }
    } else if (e instanceof BinaryExpr b) {
      if (b.getOperator() == BinaryExpr.Operator.AND || b.getOperator() == BinaryExpr.Operator.OR) {
        expr(b.getLeft());
        int c = cur;
        cur = branch(c);
        expr(b.getRight());
        cur = join(c, cur);
      } else {
        expr(b.getLeft());
        expr(b.getRight());
        if ((b.getOperator() == BinaryExpr.Operator.DIVIDE || b.getOperator() == BinaryExpr.Operator.REMAINDER)
            && isIntegral(typing.typeOf(b))) {
          implicitly("java.lang.ArithmeticException");
        }
      }
    } else if (e instanceof ConditionalExpr c) {
      expr(c.getCondition());
      int from = cur;
      cur = branch(from);
      expr(c.getThenExpr());
      int thenEnd = cur;
      cur = branch(from);
      expr(c.getElseExpr());
      cur = join(thenEnd, cur);
    } else if (e instanceof CastExpr c) {
      expr(c.getExpression());
      implicitly("java.lang.ClassCastException");
    } else if (e instanceof ArrayCreationExpr a) {
      for (var level : a.getLevels()) {
        level.getDimension().ifPresent(this::expr);
      }
      a.getInitializer().ifPresent(this::expr);
      if (a.getLevels().stream().anyMatch(l -> l.getDimension().isPresent())) {
        implicitly("java.lang.NegativeArraySizeException");
      }
    } else if (e instanceof SwitchExpr sw) {
      switchBody(sw.getSelector(), sw.getEntries(), null, true);
    } else if (e instanceof NameExpr || e instanceof TypeExpr) {
      // no code
    } else {
      for (Node child : e.getChildNodes()) {
        visit(child);
      }
    }
  }

  /** Whether a qualifier is an expression (not a type or package name). */
  private boolean isValue(Expression scope) {
    if (scope instanceof NameExpr n) {
      return typing.variable(n.getNameAsString(), n) != null;
    }
    if (scope instanceof FieldAccessExpr f) {
      return typing.field(f) != null || !isTypeName(f);
    }
    return !(scope instanceof TypeExpr);
  }

  private boolean isTypeName(FieldAccessExpr f) {
    return model.resolveName(f.toString(), f) != null;
  }

  private static boolean isIntegral(String t) {
    t = Typing.unboxed(t);
    return "int".equals(t) || "long".equals(t) || "short".equals(t) || "byte".equals(t) || "char".equals(t);
  }
}

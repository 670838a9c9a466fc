package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.SwitchExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
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
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.SwitchStmt;
import com.github.javaparser.ast.stmt.SynchronizedStmt;
import com.github.javaparser.ast.stmt.ThrowStmt;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;
import com.github.javaparser.ast.stmt.YieldStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.UnionType;
import dev.ctxcheck.engine.build.BodyBuilder;
import dev.ctxcheck.engine.build.FlowBuilder;
import dev.ctxcheck.engine.build.FlowBuilder.Implicit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks a JavaParser body in evaluation order and describes it to the engine's {@link FlowBuilder},
 * as the javac front end does with javac's trees: the statements' structure, each call's site and
 * what it declares to throw, and the points where the language itself may throw (a member reached
 * through a value or a class name, boxing and unboxing, array access, casts, integer division,
 * array creation).
 */
final class SourceFlow {

  private static final String THROWABLE = "java.lang.Throwable";

  private final Typing typing;
  private final TypeModel model;
  private final BodyBuilder<MethodInfo, TypeInfo> body;
  private final FlowBuilder<String> flow;
  private final Map<Node, Integer> siteByNode;

  SourceFlow(Typing typing, TypeModel model, BodyBuilder<MethodInfo, TypeInfo> body, FlowBuilder<String> flow,
      Map<Node, Integer> siteByNode) {
    this.typing = typing;
    this.model = model;
    this.body = body;
    this.flow = flow;
    this.siteByNode = siteByNode;
  }

  /** A method body (a block) or a lambda's body (a block or an expression). */
  void body(Node code) {
    if (code instanceof Statement s) {
      statement(s, null);
    } else if (code instanceof Expression e) {
      expression(e);
    }
  }

  private int site(Node node) {
    Integer s = siteByNode.get(node);
    return s == null ? -1 : s;
  }

  // ------------------------------------------------------------------ statements

  private void statements(List<Statement> list) {
    for (Statement s : list) {
      statement(s, null);
    }
  }

  private void statement(Statement s) {
    statement(s, null);
  }

  private void statement(Statement s, String label) {
    if (s instanceof BlockStmt b) {
      statements(b.getStatements());
    } else if (s instanceof ExpressionStmt es) {
      expression(es.getExpression());
    } else if (s instanceof IfStmt i) {
      flow.ifStatement(() -> condition(i.getCondition()), () -> statement(i.getThenStmt()),
          i.getElseStmt().isPresent() ? () -> statement(i.getElseStmt().get()) : null);
    } else if (s instanceof WhileStmt w) {
      flow.whileLoop(label, () -> condition(w.getCondition()), isConstantTrue(w.getCondition()),
          () -> statement(w.getBody()));
    } else if (s instanceof DoStmt d) {
      flow.doWhileLoop(label, () -> statement(d.getBody()), () -> condition(d.getCondition()));
    } else if (s instanceof ForStmt f) {
      flow.forLoop(label, () -> f.getInitialization().forEach(this::expression),
          f.getCompare().isPresent() ? () -> condition(f.getCompare().get()) : null,
          () -> f.getUpdate().forEach(this::expression), () -> statement(f.getBody()));
    } else if (s instanceof ForEachStmt f) {
      forEach(f, label);
    } else if (s instanceof LabeledStmt l) {
      Statement inner = l.getStatement();
      String name = l.getLabel().asString();
      if (inner instanceof WhileStmt || inner instanceof DoStmt || inner instanceof ForStmt
          || inner instanceof ForEachStmt || inner instanceof SwitchStmt) {
        statement(inner, name);
      } else {
        flow.labeled(name, () -> statement(inner));
      }
    } else if (s instanceof SwitchStmt sw) {
      switchBlock(label, sw.getSelector(), sw.getEntries(), false);
    } else if (s instanceof ReturnStmt r) {
      r.getExpression().ifPresent(this::expression);
      flow.returnStatement();
    } else if (s instanceof ThrowStmt t) {
      expression(t.getExpression());
      String type = typing.typeOf(t.getExpression());
      flow.throwStatement(type == null || type.equals(Typing.NULL) ? THROWABLE : type);
    } else if (s instanceof TryStmt t) {
      tryStatement(t);
    } else if (s instanceof BreakStmt b) {
      flow.breakStatement(b.getLabel().map(SimpleName::asString).orElse(null));
    } else if (s instanceof ContinueStmt c) {
      flow.continueStatement(c.getLabel().map(SimpleName::asString).orElse(null));
    } else if (s instanceof YieldStmt y) {
      expression(y.getExpression());
      flow.yieldStatement();
    } else if (s instanceof ExplicitConstructorInvocationStmt ec) {
      ec.getExpression().ifPresent(this::expression);
      MethodInfo callee = typing.resolveExplicitConstructor(ec);
      arguments(callee, ec.getArguments());
      flow.call(site(ec), callee == null ? List.of() : callee.thrown());
    } else if (s instanceof AssertStmt a) {
      flow.assertion(() -> condition(a.getCheck()),
          a.getMessage().isPresent() ? () -> expression(a.getMessage().get()) : null);
    } else if (s instanceof SynchronizedStmt sync) {
      expression(sync.getExpression());
      statement(sync.getBody());
    }
    // empty statements, local classes and records (their code is their own methods')
  }

  /** A condition: evaluated, then unboxed if it is a {@code Boolean}. */
  private void condition(Expression condition) {
    expression(condition);
    unboxIfBoxed(typing.typeOf(condition));
  }

  /** Whether a loop condition is the constant {@code true}: only a {@code break} leaves the loop. */
  private static boolean isConstantTrue(Expression condition) {
    Expression c = condition;
    while (c instanceof EnclosedExpr e) {
      c = e.getInner();
    }
    if (c instanceof BooleanLiteralExpr b) {
      return b.getValue();
    }
    if (c instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.AND) {
      return isConstantTrue(b.getLeft()) && isConstantTrue(b.getRight());
    }
    if (c instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.OR) {
      return isConstantTrue(b.getLeft()) || isConstantTrue(b.getRight());
    }
    return false;
  }

  private void forEach(ForEachStmt f, String label) {
    String iterable = typing.typeOf(f.getIterable());
    VariableDeclarator v = f.getVariable().getVariables().get(0);
    String variable = TypeModel.isVar(v.getType()) ? null : model.resolve(v.getType());
    Runnable element;
    if (iterable != null && iterable.endsWith("[]")) {
      String component = iterable.substring(0, iterable.length() - 2);
      element = () -> {
        convert(component, variable);
        flow.implicit(Implicit.NULL_POINTER);
      };
    } else {
      // next() gives a reference: only a primitive loop variable converts it.
      element = () -> {
        if (variable != null && TypeModel.isPrimitive(variable)) {
          flow.implicit(Implicit.UNBOXING);
        }
      };
    }
    flow.forEachLoop(label, () -> expression(f.getIterable()), element, () -> statement(f.getBody()));
  }

  private void switchBlock(String label, Expression selector, List<SwitchEntry> entries, boolean isExpression) {
    String selectorType = typing.typeOf(selector);
    TypeInfo selectorInfo = selectorType == null ? null : model.type(selectorType);
    boolean enumSelector = selectorInfo != null && selectorInfo.isEnum();
    List<FlowBuilder.SwitchCase> cases = new ArrayList<>();
    for (SwitchEntry e : entries) {
      boolean isDefault = e.getLabels().isEmpty() || e.isDefault();
      Runnable test = () -> {
        for (Expression l : e.getLabels()) {
          if (enumSelector && l instanceof NameExpr) {
            flow.implicit(Implicit.CLASS_LOADING); // an enum constant: a static field of the enum
          } else {
            expression(l);
          }
        }
        e.getGuard().ifPresent(this::expression);
      };
      boolean group = e.getType() == SwitchEntry.Type.STATEMENT_GROUP;
      Runnable caseBody = () -> {
        for (Statement st : e.getStatements()) {
          if (isExpression && e.getType() == SwitchEntry.Type.EXPRESSION && st instanceof ExpressionStmt es) {
            expression(es.getExpression());
          } else {
            statement(st);
          }
        }
      };
      cases.add(new FlowBuilder.SwitchCase(isDefault, test, caseBody, group));
    }
    flow.switchBlock(label, () -> {
      expression(selector);
      unboxIfBoxed(selectorType);
    }, cases, isExpression, isExpression);
  }

  private void tryStatement(TryStmt t) {
    List<FlowBuilder.Resource<String>> resources = new ArrayList<>();
    for (Expression resource : t.getResources()) {
      Node declaration = null;
      String type;
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
      MethodInfo close = closeMethod(type);
      Node key = declaration;
      resources.add(new FlowBuilder.Resource<>(() -> expression(resource),
          () -> close == null ? -1 : body.resourceClose(close, key), close == null ? List.of() : close.thrown()));
    }
    List<FlowBuilder.Catch<String>> catches = new ArrayList<>();
    for (CatchClause c : t.getCatchClauses()) {
      Type type = c.getParameter().getType();
      List<String> caught = new ArrayList<>();
      for (Type alt : type instanceof UnionType u ? u.getElements() : List.of(type)) {
        String resolved = model.resolve(alt);
        caught.add(resolved == null ? THROWABLE : resolved);
      }
      catches.add(new FlowBuilder.Catch<>(caught, () -> statement(c.getBody())));
    }
    flow.tryStatement(resources, () -> statement(t.getTryBlock()), catches,
        t.getFinallyBlock().isPresent() ? () -> statement(t.getFinallyBlock().get()) : null);
  }

  private MethodInfo closeMethod(String type) {
    if (type == null) {
      return null;
    }
    for (MethodInfo m : model.methodsNamed(type, "close")) {
      if (m.parameterTypes().isEmpty()) {
        return m;
      }
    }
    return null;
  }

  // ------------------------------------------------------------------ expressions

  private void expression(Expression e) {
    if (e instanceof EnclosedExpr en) {
      expression(en.getInner());
    } else if (e instanceof NameExpr n) {
      name(n);
    } else if (e instanceof FieldAccessExpr f) {
      fieldAccess(f);
    } else if (e instanceof MethodCallExpr call) {
      invocation(call);
    } else if (e instanceof ObjectCreationExpr oc) {
      newObject(oc);
    } else if (e instanceof LambdaExpr) {
      flow.site(site(e));
    } else if (e instanceof MethodReferenceExpr r) {
      methodReferenceQualifier(r);
      int s = site(r);
      if (s >= 0) {
        flow.site(s);
      }
    } else if (e instanceof AssignExpr a) {
      assignment(a);
      fieldUpdate(a);
    } else if (e instanceof ConditionalExpr c) {
      String type = typing.typeOf(c);
      flow.conditional(() -> condition(c.getCondition()), () -> {
        expression(c.getThenExpr());
        conditionalPromotion(typing.typeOf(c.getThenExpr()), type);
      }, () -> {
        expression(c.getElseExpr());
        conditionalPromotion(typing.typeOf(c.getElseExpr()), type);
      });
    } else if (e instanceof CastExpr c) {
      expression(c.getExpression());
      flow.implicit(Implicit.CAST);
    } else if (e instanceof InstanceOfExpr i) {
      expression(i.getExpression());
    } else if (e instanceof ArrayCreationExpr a) {
      for (var level : a.getLevels()) {
        level.getDimension().ifPresent(d -> {
          expression(d);
          unboxIfBoxed(typing.typeOf(d));
        });
      }
      if (a.getInitializer().isPresent()) {
        arrayInitializer(a.getInitializer().get(), model.resolve(a.getElementType()), a.getLevels().size() - 1);
      }
      flow.implicit(Implicit.ARRAY_CREATION);
    } else if (e instanceof ArrayInitializerExpr init) {
      // An array written as {..} stands for new T[]{..}.
      String type = typing.typeOf(init);
      arrayInitializer(init, type != null && type.endsWith("[]") ? type.substring(0, type.length() - 2) : null, 0);
      flow.implicit(Implicit.ARRAY_CREATION);
    } else if (e instanceof ArrayAccessExpr a) {
      expression(a.getName());
      expression(a.getIndex());
      unboxIfBoxed(typing.typeOf(a.getIndex()));
      flow.implicit(Implicit.ARRAY_ACCESS);
    } else if (e instanceof SwitchExpr sw) {
      switchBlock(null, sw.getSelector(), sw.getEntries(), true);
    } else if (e instanceof BinaryExpr b) {
      binary(b);
    } else if (e instanceof UnaryExpr u) {
      unary(u);
      fieldUpdate(u);
    } else if (e instanceof VariableDeclarationExpr vd) {
      for (VariableDeclarator v : vd.getVariables()) {
        v.getInitializer().ifPresent(init -> {
          expression(init);
          convert(typing.typeOf(init), TypeModel.isVar(v.getType()) ? null : model.resolve(v.getType()));
        });
      }
    } else if (e instanceof ClassExpr c) {
      if (!c.getType().isPrimitiveType()) {
        flow.implicit(Implicit.CLASS_LOADING);
      }
    } else if (e instanceof TypeExpr) {
      flow.implicit(Implicit.CLASS_LOADING);
    }
    // literals, this, super: nothing happens
  }

  /** The elements of {@code {..}}, each converted to {@code element} (of a nested array when {@code depth} > 0). */
  private void arrayInitializer(ArrayInitializerExpr init, String element, int depth) {
    for (Expression v : init.getValues()) {
      if (v instanceof ArrayInitializerExpr nested && depth > 0) {
        arrayInitializer(nested, element, depth - 1);
        flow.implicit(Implicit.ARRAY_CREATION);
      } else {
        expression(v);
        convert(typing.typeOf(v), depth > 0 ? element + "[]".repeat(depth) : element);
      }
    }
  }

  /** A simple name as an expression: a local, a field (implicitly of this or of its class), or a type. */
  private void name(NameExpr n) {
    Typing.Variable v = typing.variable(n.getNameAsString(), n);
    if (v != null) {
      if (v.kind() == Typing.Variable.Kind.FIELD && v.field().isStatic()) {
        flow.implicit(Implicit.CLASS_LOADING); // the implicit receiver is the class
      }
      return;
    }
    if (model.resolveSimpleName(n.getNameAsString(), n) != null) {
      flow.implicit(Implicit.CLASS_LOADING);
    }
  }

  private void fieldAccess(FieldAccessExpr f) {
    Typing.Scope scope = typing.scope(f.getScope());
    FieldInfo field = typing.field(f);
    if (field == null && isTypeName(f)) {
      qualifier(f.getScope(), scope);
      flow.implicit(Implicit.CLASS_LOADING);
      return;
    }
    qualifier(f.getScope(), scope);
    boolean isStatic = field != null ? field.isStatic() : scope != null && scope.isTypeName();
    if (!isStatic && !(f.getScope() instanceof ThisExpr)) {
      flow.implicit(Implicit.NULL_POINTER);
    }
  }

  /** Whether a dotted name is a type, not a field of a variable. */
  private boolean isTypeName(FieldAccessExpr f) {
    Expression root = f;
    while (root instanceof FieldAccessExpr fa) {
      root = fa.getScope();
    }
    if (root instanceof NameExpr n && typing.variable(n.getNameAsString(), n) != null) {
      return false;
    }
    return model.resolveName(f.toString(), f) != null;
  }

  /** The qualifier of a member access: a type name (loaded), a package (nothing), or an expression. */
  private void qualifier(Expression q, Typing.Scope scope) {
    if (q instanceof NameExpr || q instanceof FieldAccessExpr) {
      if (scope != null && scope.isTypeName()) {
        if (q instanceof FieldAccessExpr fa) {
          qualifier(fa.getScope(), typing.scope(fa.getScope()));
        }
        flow.implicit(Implicit.CLASS_LOADING);
      } else if (scope != null) {
        expression(q);
      }
      // else a package name
      return;
    }
    expression(q);
  }

  private void invocation(MethodCallExpr call) {
    MethodInfo callee = typing.resolveCall(call);
    Expression scope = call.getScope().orElse(null);
    if (scope == null) {
      if (callee != null && callee.isStatic()) {
        flow.implicit(Implicit.CLASS_LOADING);
      }
    } else {
      qualifier(scope, typing.scope(scope));
      if (callee != null && !callee.isStatic() && !(scope instanceof ThisExpr)) {
        flow.implicit(Implicit.NULL_POINTER);
      }
    }
    arguments(callee, call.getArguments());
    flow.call(site(call), callee == null ? List.of() : callee.thrown());
  }

  private void newObject(ObjectCreationExpr oc) {
    oc.getScope().ifPresent(this::expression);
    MethodInfo constructor = typing.resolveConstructor(oc);
    arguments(constructor, oc.getArguments());
    ClassOrInterfaceType type = oc.getType();
    if (type.getTypeArguments().isEmpty()) {
      flow.implicit(Implicit.CLASS_LOADING); // the class name
    }
    flow.call(site(oc), constructor == null ? List.of() : constructor.thrown());
  }

  private void methodReferenceQualifier(MethodReferenceExpr r) {
    Expression scope = r.getScope();
    if (scope instanceof TypeExpr) {
      Typing.Scope s = typing.referenceScope(r);
      if (s == null || s.isTypeName()) {
        flow.implicit(Implicit.CLASS_LOADING);
      } else if (scope.toString().contains(".")) {
        flow.implicit(Implicit.NULL_POINTER); // a field of a variable
      }
    } else if (!(scope instanceof ThisExpr)) {
      expression(scope);
    }
  }

  /** The arguments in order, each converted to its parameter's type; extra variable arguments form an array. */
  private void arguments(MethodInfo method, List<Expression> args) {
    if (method == null) {
      args.forEach(this::expression);
      return;
    }
    List<String> formals = method.parameterTypes();
    int n = formals.size();
    boolean arrayOfRest = false;
    if (method.varargs() && n > 0) {
      String last = formals.get(n - 1);
      String lastArg = args.size() == n ? typing.typeOf(args.get(n - 1)) : null;
      arrayOfRest = !(args.size() == n && lastArg != null
          && (lastArg.equals(Typing.NULL) || model.isSubtype(lastArg, last)));
    }
    for (int i = 0; i < args.size(); i++) {
      Expression arg = args.get(i);
      expression(arg);
      String formal;
      if (arrayOfRest && i >= n - 1) {
        String last = formals.get(n - 1);
        formal = last.endsWith("[]") ? last.substring(0, last.length() - 2) : null;
      } else {
        formal = i < n ? formals.get(i) : null;
      }
      if (!(arg instanceof LambdaExpr) && !(arg instanceof MethodReferenceExpr)) {
        convert(typing.typeOf(arg), formal);
      }
    }
  }

  private void assignment(AssignExpr a) {
    Expression target = a.getTarget();
    if (a.getOperator() != AssignExpr.Operator.ASSIGN) {
      compoundAssignment(a);
      return;
    }
    String targetType = typing.typeOf(target);
    if (target instanceof NameExpr n) {
      Typing.Variable v = typing.variable(n.getNameAsString(), n);
      if (v != null && v.kind() == Typing.Variable.Kind.FIELD && v.field().isStatic()) {
        flow.implicit(Implicit.CLASS_LOADING);
      }
      expression(a.getValue());
      convert(typing.typeOf(a.getValue()), targetType);
    } else if (target instanceof FieldAccessExpr f) {
      FieldInfo field = typing.field(f);
      Typing.Scope scope = typing.scope(f.getScope());
      qualifier(f.getScope(), scope);
      expression(a.getValue());
      convert(typing.typeOf(a.getValue()), targetType);
      boolean isStatic = field != null ? field.isStatic() : scope != null && scope.isTypeName();
      if (!isStatic && !(f.getScope() instanceof ThisExpr)) {
        flow.implicit(Implicit.NULL_POINTER);
      }
    } else {
      expression(target);
      expression(a.getValue());
      convert(typing.typeOf(a.getValue()), targetType);
    }
  }

  /** A field write's site, where the write happens: after its operands. */
  private void fieldUpdate(Expression e) {
    int s = site(e);
    if (s >= 0) {
      flow.site(s);
    }
  }

  private void compoundAssignment(AssignExpr a) {
    String left = typing.typeOf(a.getTarget());
    String right = typing.typeOf(a.getValue());
    boolean strings = "java.lang.String".equals(left) || "java.lang.String".equals(right);
    expression(a.getTarget());
    if (!strings) {
      unboxIfBoxed(left);
    }
    expression(a.getValue());
    if (!strings) {
      unboxIfBoxed(right);
    }
    if ((a.getOperator() == AssignExpr.Operator.DIVIDE || a.getOperator() == AssignExpr.Operator.REMAINDER)
        && isIntegral(left)) {
      flow.implicit(Implicit.INTEGER_DIVISION);
    }
  }

  private void unary(UnaryExpr u) {
    expression(u.getExpression());
    String type = typing.typeOf(u.getExpression());
    boolean step = switch (u.getOperator()) {
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> true;
      default -> false;
    };
    if (step) {
      if (isBoxed(type)) {
        flow.implicit(Implicit.UNBOXING);
        flow.implicit(Implicit.BOXING);
      }
    } else {
      unboxIfBoxed(type);
    }
  }

  private void binary(BinaryExpr b) {
    BinaryExpr.Operator op = b.getOperator();
    if (op == BinaryExpr.Operator.AND || op == BinaryExpr.Operator.OR) {
      flow.shortCircuit(() -> expression(b.getLeft()), () -> expression(b.getRight()));
      return;
    }
    String left = typing.typeOf(b.getLeft());
    String right = typing.typeOf(b.getRight());
    boolean unbox;
    switch (op) {
      case PLUS, MINUS -> unbox = !"java.lang.String".equals(left) && !"java.lang.String".equals(right);
      case EQUALS, NOT_EQUALS -> {
        boolean numeric = isNumeric(left) && isNumeric(right);
        boolean bool = isBoolean(left) && isBoolean(right);
        unbox = (numeric || bool) && !(isBoxed(left) && isBoxed(right));
      }
      default -> unbox = true;
    }
    expression(b.getLeft());
    if (unbox) {
      unboxIfBoxed(left);
    }
    expression(b.getRight());
    if (unbox) {
      unboxIfBoxed(right);
    }
    if ((op == BinaryExpr.Operator.DIVIDE || op == BinaryExpr.Operator.REMAINDER) && isIntegral(typing.typeOf(b))) {
      flow.implicit(Implicit.INTEGER_DIVISION);
    }
  }

  // ------------------------------------------------------------------ conversions

  private void unboxIfBoxed(String type) {
    if (isBoxed(type)) {
      flow.implicit(Implicit.UNBOXING);
    }
  }

  /** Assignment or method invocation conversion of a value of type {@code from} to {@code to}. */
  private void convert(String from, String to) {
    if (from == null || to == null || from.equals(Typing.NULL) || from.equals(Typing.FUNCTION)) {
      return;
    }
    boolean fromPrimitive = TypeModel.isPrimitive(from);
    boolean toPrimitive = TypeModel.isPrimitive(to);
    if (fromPrimitive && !toPrimitive) {
      flow.implicit(Implicit.BOXING);
    } else if (toPrimitive && isBoxed(from)) {
      flow.implicit(Implicit.UNBOXING);
    }
  }

  /** The conversion of one operand of {@code c ? a : b} to the type of the whole. */
  private void conditionalPromotion(String operand, String whole) {
    if (operand == null || whole == null || operand.equals(whole) || operand.equals(Typing.NULL)) {
      return;
    }
    boolean primitive = TypeModel.isPrimitive(operand);
    if (primitive && isBoxed(whole)) {
      flow.implicit(Implicit.BOXING);
    } else if (isNumeric(operand) && isNumeric(whole)) {
      unboxIfBoxed(operand);
    } else if (primitive && !TypeModel.isPrimitive(whole)) {
      flow.implicit(Implicit.BOXING);
    }
  }

  private static boolean isBoxed(String type) {
    return type != null && !type.equals(Typing.unboxed(type));
  }

  private static boolean isNumeric(String type) {
    String u = Typing.unboxed(type);
    return u != null && switch (u) {
      case "byte", "short", "int", "long", "float", "double", "char" -> true;
      default -> false;
    };
  }

  private static boolean isBoolean(String type) {
    return "boolean".equals(Typing.unboxed(type));
  }

  private static boolean isIntegral(String type) {
    return type != null && switch (type) {
      case "byte", "short", "int", "long", "char" -> true;
      default -> false;
    };
  }
}

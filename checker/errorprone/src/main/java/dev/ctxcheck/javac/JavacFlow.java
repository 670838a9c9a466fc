package dev.ctxcheck.javac;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssertTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.InstanceOfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.SynchronizedTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.UnionTypeTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.tree.YieldTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.ctxcheck.engine.build.BodyBuilder;
import dev.ctxcheck.engine.build.FlowBuilder;
import dev.ctxcheck.engine.build.FlowBuilder.Implicit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.type.UnionType;
import javax.lang.model.util.Types;

/**
 * Walks a javac body in evaluation order and describes it to the engine's {@link FlowBuilder}:
 * the statements' structure, each call's site and what it declares to throw, and the points where
 * the language itself may throw (a member reached through a value or a class name, boxing and
 * unboxing, array access, casts, integer division, array creation), as the Java semantics say and
 * in the order javac's dataflow library lays them out.
 */
final class JavacFlow {

  private final JavacSymbols symbols;
  private final Trees trees;
  private final TreePath root;
  private final Types types;
  private final Ids ids;
  private final BodyBuilder<ExecutableElement, TypeElement> body;
  private final FlowBuilder<TypeMirror> flow;
  private final Map<Tree, Integer> siteByTree;

  JavacFlow(Trees trees, TreePath root, JavacSymbols symbols, BodyBuilder<ExecutableElement, TypeElement> body,
      FlowBuilder<TypeMirror> flow, Map<Tree, Integer> siteByTree) {
    this.symbols = symbols;
    this.trees = trees;
    this.root = root;
    this.types = symbols.types();
    this.ids = symbols.ids();
    this.body = body;
    this.flow = flow;
    this.siteByTree = siteByTree;
  }

  /** A method body (a block) or a lambda's body (a block or an expression). */
  void body(Tree code) {
    if (code instanceof StatementTree s) {
      statement(s);
    } else if (code instanceof ExpressionTree e) {
      expression(e);
    }
  }

  private Element element(Tree tree) {
    return trees.getElement(new TreePath(root, tree));
  }

  private TypeMirror typeOf(Tree tree) {
    return trees.getTypeMirror(new TreePath(root, tree));
  }

  private int site(Tree tree) {
    Integer s = siteByTree.get(tree);
    return s == null ? -1 : s;
  }

  // ---------------------------------------------------------------- statements

  private void statements(List<? extends StatementTree> list) {
    for (StatementTree s : list) {
      statement(s);
    }
  }

  private void statement(StatementTree s) {
    statement(s, null);
  }

  private void statement(StatementTree s, String label) {
    if (s == null) {
      return;
    }
    switch (s.getKind()) {
      case BLOCK -> statements(((BlockTree) s).getStatements());
      case EXPRESSION_STATEMENT -> expression(((ExpressionStatementTree) s).getExpression());
      case VARIABLE -> {
        VariableTree v = (VariableTree) s;
        if (v.getInitializer() != null) {
          expression(v.getInitializer());
          convert(typeOf(v.getInitializer()), typeOf(v));
        }
      }
      case IF -> {
        IfTree i = (IfTree) s;
        flow.ifStatement(() -> condition(i.getCondition()), () -> statement(i.getThenStatement()),
            i.getElseStatement() == null ? null : () -> statement(i.getElseStatement()));
      }
      case WHILE_LOOP -> {
        WhileLoopTree w = (WhileLoopTree) s;
        flow.whileLoop(label, () -> condition(w.getCondition()), isConstantTrue(w.getCondition()),
            () -> statement(w.getStatement()));
      }
      case DO_WHILE_LOOP -> {
        DoWhileLoopTree d = (DoWhileLoopTree) s;
        flow.doWhileLoop(label, () -> statement(d.getStatement()), () -> condition(d.getCondition()));
      }
      case FOR_LOOP -> {
        ForLoopTree f = (ForLoopTree) s;
        flow.forLoop(label, () -> statements(f.getInitializer()),
            f.getCondition() == null ? null : () -> condition(f.getCondition()),
            () -> statements(f.getUpdate()), () -> statement(f.getStatement()));
      }
      case ENHANCED_FOR_LOOP -> forEach((EnhancedForLoopTree) s, label);
      case LABELED_STATEMENT -> {
        LabeledStatementTree l = (LabeledStatementTree) s;
        String name = l.getLabel().toString();
        switch (l.getStatement().getKind()) {
          case WHILE_LOOP, DO_WHILE_LOOP, FOR_LOOP, ENHANCED_FOR_LOOP, SWITCH -> statement(l.getStatement(), name);
          default -> flow.labeled(name, () -> statement(l.getStatement()));
        }
      }
      case SWITCH -> {
        SwitchTree sw = (SwitchTree) s;
        switchBlock(label, sw.getExpression(), sw.getCases(), false);
      }
      case RETURN -> {
        ReturnTree r = (ReturnTree) s;
        if (r.getExpression() != null) {
          expression(r.getExpression());
        }
        flow.returnStatement();
      }
      case THROW -> {
        ThrowTree t = (ThrowTree) s;
        expression(t.getExpression());
        flow.throwStatement(typeOf(t.getExpression()));
      }
      case TRY -> tryStatement((TryTree) s);
      case BREAK -> {
        BreakTree b = (BreakTree) s;
        flow.breakStatement(b.getLabel() == null ? null : b.getLabel().toString());
      }
      case CONTINUE -> {
        ContinueTree c = (ContinueTree) s;
        flow.continueStatement(c.getLabel() == null ? null : c.getLabel().toString());
      }
      case YIELD -> {
        expression(((YieldTree) s).getValue());
        flow.yieldStatement();
      }
      case ASSERT -> {
        AssertTree a = (AssertTree) s;
        flow.assertion(() -> condition(a.getCondition()),
            a.getDetail() == null ? null : () -> expression(a.getDetail()));
      }
      case SYNCHRONIZED -> {
        SynchronizedTree sync = (SynchronizedTree) s;
        expression(sync.getExpression());
        statement(sync.getBlock());
      }
      default -> { } // empty statements, local classes (their code is their own methods')
    }
  }

  /** A condition: evaluated, then unboxed if it is a {@code Boolean}. */
  private void condition(ExpressionTree condition) {
    expression(condition);
    unboxIfBoxed(typeOf(condition));
  }

  /** Whether a loop condition is the constant {@code true} (then only a {@code break} leaves the loop). */
  private boolean isConstantTrue(ExpressionTree condition) {
    ExpressionTree c = withoutParens(condition);
    if (c instanceof LiteralTree l) {
      return Boolean.TRUE.equals(l.getValue());
    }
    if (c.getKind() == Tree.Kind.IDENTIFIER || c.getKind() == Tree.Kind.MEMBER_SELECT) {
      return element(c) instanceof VariableElement v && Boolean.TRUE.equals(v.getConstantValue());
    }
    if (c instanceof BinaryTree b && c.getKind() == Tree.Kind.CONDITIONAL_AND) {
      return isConstantTrue(b.getLeftOperand()) && isConstantTrue(b.getRightOperand());
    }
    if (c instanceof BinaryTree b && c.getKind() == Tree.Kind.CONDITIONAL_OR) {
      return isConstantTrue(b.getLeftOperand()) || isConstantTrue(b.getRightOperand());
    }
    return false;
  }

  private static ExpressionTree withoutParens(ExpressionTree e) {
    while (e instanceof ParenthesizedTree p) {
      e = p.getExpression();
    }
    return e;
  }

  private void forEach(EnhancedForLoopTree f, String label) {
    TypeMirror iterable = typeOf(f.getExpression());
    TypeMirror variable = typeOf(f.getVariable());
    Runnable element;
    if (iterable instanceof ArrayType array) {
      element = () -> {
        convert(array.getComponentType(), variable);
        flow.implicit(Implicit.NULL_POINTER);
      };
    } else {
      // next() gives a reference: only a primitive loop variable converts it.
      element = () -> {
        if (variable != null && variable.getKind().isPrimitive()) {
          flow.implicit(Implicit.UNBOXING);
        }
      };
    }
    flow.forEachLoop(label, () -> expression(f.getExpression()), element, () -> statement(f.getStatement()));
  }

  private void switchBlock(String label, ExpressionTree selector, List<? extends CaseTree> cases, boolean isExpression) {
    List<FlowBuilder.SwitchCase> out = new ArrayList<>();
    for (CaseTree c : cases) {
      boolean isDefault = c.getExpressions().isEmpty();
      Runnable test = () -> c.getExpressions().forEach(this::expression);
      Runnable caseBody;
      boolean group = c.getCaseKind() == CaseTree.CaseKind.STATEMENT;
      if (group) {
        caseBody = () -> statements(c.getStatements());
      } else {
        Tree b = c.getBody();
        caseBody = b instanceof StatementTree st ? () -> statement(st) : () -> expression((ExpressionTree) b);
      }
      out.add(new FlowBuilder.SwitchCase(isDefault, test, caseBody, group));
    }
    flow.switchBlock(label, () -> {
      expression(selector);
      unboxIfBoxed(typeOf(selector));
    }, out, isExpression, isExpression);
  }

  private void tryStatement(TryTree t) {
    List<FlowBuilder.Resource<TypeMirror>> resources = new ArrayList<>();
    for (Tree r : t.getResources()) {
      Element resource;
      TypeMirror type;
      if (r instanceof VariableTree v) {
        resource = element(v);
        type = typeOf(v);
      } else {
        resource = element(r);
        type = typeOf(r);
      }
      ExecutableElement close = closeMethod(type);
      resources.add(new FlowBuilder.Resource<>(() -> {
        if (r instanceof VariableTree v) {
          statement(v);
        } else {
          expression((ExpressionTree) r);
        }
      }, () -> close == null ? -1 : body.resourceClose(close, resource),
          close == null ? List.of() : symbols.thrown(close)));
    }
    List<FlowBuilder.Catch<TypeMirror>> catches = new ArrayList<>();
    for (CatchTree c : t.getCatches()) {
      List<TypeMirror> caught = new ArrayList<>();
      Tree typeTree = c.getParameter().getType();
      TypeMirror type = typeOf(typeTree);
      if (type instanceof UnionType u) {
        caught.addAll(u.getAlternatives());
      } else if (typeTree instanceof UnionTypeTree ut) {
        ut.getTypeAlternatives().forEach(a -> caught.add(typeOf(a)));
      } else if (type != null) {
        caught.add(type);
      }
      catches.add(new FlowBuilder.Catch<>(caught, () -> statement(c.getBlock())));
    }
    flow.tryStatement(resources, () -> statement(t.getBlock()), catches,
        t.getFinallyBlock() == null ? null : () -> statement(t.getFinallyBlock()));
  }

  /** The {@code close()} a resource of {@code type} runs: its most specific one without parameters. */
  private ExecutableElement closeMethod(TypeMirror type) {
    if (!(types.asElement(type) instanceof TypeElement te)) {
      return null;
    }
    return symbols.closeMethod(te);
  }

  // ---------------------------------------------------------------- expressions

  private void expression(ExpressionTree e) {
    if (e == null) {
      return;
    }
    switch (e.getKind()) {
      case PARENTHESIZED -> expression(((ParenthesizedTree) e).getExpression());
      case IDENTIFIER -> identifier((IdentifierTree) e);
      case MEMBER_SELECT -> memberSelect((MemberSelectTree) e);
      case METHOD_INVOCATION -> invocation((MethodInvocationTree) e);
      case NEW_CLASS -> newClass((NewClassTree) e);
      case LAMBDA_EXPRESSION -> flow.site(site(e));
      case MEMBER_REFERENCE -> {
        expression(((MemberReferenceTree) e).getQualifierExpression());
        int s = site(e);
        if (s >= 0) {
          flow.site(s);
        }
      }
      case ASSIGNMENT -> {
        assignment((AssignmentTree) e);
        fieldUpdate(e);
      }
      case CONDITIONAL_EXPRESSION -> {
        ConditionalExpressionTree c = (ConditionalExpressionTree) e;
        TypeMirror type = typeOf(c);
        flow.conditional(() -> condition(c.getCondition()), () -> {
          expression(c.getTrueExpression());
          conditionalPromotion(typeOf(c.getTrueExpression()), type);
        }, () -> {
          expression(c.getFalseExpression());
          conditionalPromotion(typeOf(c.getFalseExpression()), type);
        });
      }
      case TYPE_CAST -> {
        expression(((TypeCastTree) e).getExpression());
        flow.implicit(Implicit.CAST);
      }
      case INSTANCE_OF -> expression(((InstanceOfTree) e).getExpression());
      case NEW_ARRAY -> {
        NewArrayTree a = (NewArrayTree) e;
        for (ExpressionTree d : a.getDimensions()) {
          expression(d);
          unboxIfBoxed(typeOf(d));
        }
        if (a.getInitializers() != null) {
          TypeMirror element = typeOf(a) instanceof ArrayType at ? at.getComponentType() : null;
          for (ExpressionTree i : a.getInitializers()) {
            expression(i);
            convert(typeOf(i), element);
          }
        }
        flow.implicit(Implicit.ARRAY_CREATION);
      }
      case ARRAY_ACCESS -> {
        ArrayAccessTree a = (ArrayAccessTree) e;
        expression(a.getExpression());
        expression(a.getIndex());
        unboxIfBoxed(typeOf(a.getIndex()));
        flow.implicit(Implicit.ARRAY_ACCESS);
      }
      case SWITCH_EXPRESSION -> {
        SwitchExpressionTree sw = (SwitchExpressionTree) e;
        switchBlock(null, sw.getExpression(), sw.getCases(), true);
      }
      case CONDITIONAL_AND, CONDITIONAL_OR -> {
        BinaryTree b = (BinaryTree) e;
        flow.shortCircuit(() -> expression(b.getLeftOperand()), () -> expression(b.getRightOperand()));
      }
      case UNARY_MINUS, UNARY_PLUS, BITWISE_COMPLEMENT, LOGICAL_COMPLEMENT -> {
        UnaryTree u = (UnaryTree) e;
        expression(u.getExpression());
        unboxIfBoxed(typeOf(u.getExpression()));
      }
      case PREFIX_INCREMENT, PREFIX_DECREMENT, POSTFIX_INCREMENT, POSTFIX_DECREMENT -> {
        UnaryTree u = (UnaryTree) e;
        expression(u.getExpression());
        if (symbols.isBoxed(typeOf(u.getExpression()))) {
          flow.implicit(Implicit.UNBOXING);
          flow.implicit(Implicit.BOXING);
        }
        fieldUpdate(e);
      }
      default -> {
        if (e instanceof BinaryTree b) {
          binary(b);
        } else if (e instanceof CompoundAssignmentTree c) {
          compoundAssignment(c);
          fieldUpdate(e);
        }
        // literals, types and the rest: nothing happens
      }
    }
  }

  private void identifier(IdentifierTree id) {
    Element e = element(id);
    if (e == null) {
      return;
    }
    if (isFieldAccess(id, e)) {
      if (Ids.isStatic(e)) {
        flow.implicit(Implicit.CLASS_LOADING); // the implicit receiver is the class
      }
    } else if (e instanceof TypeElement) {
      flow.implicit(Implicit.CLASS_LOADING);
    }
  }

  private boolean isFieldAccess(IdentifierTree id, Element e) {
    if (!e.getKind().isField()) {
      return false;
    }
    String name = ids.name(id.getName());
    return !name.equals("this") && !name.equals("super");
  }

  private void memberSelect(MemberSelectTree ms) {
    expression(ms.getExpression());
    Element e = element(ms);
    if (e == null) {
      return;
    }
    if (!e.getKind().isField()) {
      if (e instanceof TypeElement) {
        flow.implicit(Implicit.CLASS_LOADING);
      }
      return;
    }
    if (!Ids.isStatic(e) && !isThis(ms.getExpression())) {
      flow.implicit(Implicit.NULL_POINTER);
    }
  }

  private boolean isThis(ExpressionTree e) {
    return e instanceof IdentifierTree id && ids.name(id.getName()).equals("this");
  }

  /** Evaluates the receiver of a member access: an expression, or implicitly the class or {@code this}. */
  private void receiver(ExpressionTree select, Element member) {
    if (select instanceof MemberSelectTree ms) {
      expression(ms.getExpression());
    } else if (member != null && Ids.isStatic(member)) {
      flow.implicit(Implicit.CLASS_LOADING);
    }
  }

  private void invocation(MethodInvocationTree call) {
    Element element = element(call);
    ExpressionTree select = call.getMethodSelect();
    receiver(select, element);
    boolean throughValue = select instanceof MemberSelectTree ms && !isThis(ms.getExpression());
    if (element != null && !Ids.isStatic(element) && throughValue) {
      flow.implicit(Implicit.NULL_POINTER);
    }
    ExecutableElement method = element instanceof ExecutableElement m ? m : null;
    arguments(method, call.getArguments());
    flow.call(site(call), method == null ? List.of() : symbols.thrown(method));
  }

  private void newClass(NewClassTree nc) {
    if (nc.getEnclosingExpression() != null) {
      expression(nc.getEnclosingExpression());
    }
    ExecutableElement constructor = element(nc) instanceof ExecutableElement c ? c : null;
    arguments(constructor, nc.getArguments());
    ExpressionTree identifier = nc.getIdentifier();
    if (identifier.getKind() == Tree.Kind.IDENTIFIER || identifier.getKind() == Tree.Kind.MEMBER_SELECT) {
      expression(identifier); // the class name
    }
    flow.call(site(nc), constructor == null ? List.of() : symbols.thrown(constructor));
  }

  /** The arguments in order, each converted to its parameter's type; extra variable arguments form an array. */
  private void arguments(ExecutableElement method, List<? extends ExpressionTree> args) {
    if (method == null) {
      args.forEach(this::expression);
      return;
    }
    List<? extends VariableElement> formals = method.getParameters();
    int n = formals.size();
    boolean arrayOfRest = false;
    if (method.isVarArgs() && n > 0) {
      TypeMirror last = formals.get(n - 1).asType();
      arrayOfRest = !(args.size() == n && types.isAssignable(typeOf(args.get(n - 1)), last));
    }
    for (int i = 0; i < args.size(); i++) {
      ExpressionTree arg = args.get(i);
      expression(arg);
      TypeMirror formal;
      if (arrayOfRest && i >= n - 1) {
        TypeMirror last = formals.get(n - 1).asType();
        formal = last instanceof ArrayType at ? at.getComponentType() : null;
      } else {
        formal = i < n ? formals.get(i).asType() : null;
      }
      convert(typeOf(arg), formal);
    }
  }

  private void assignment(AssignmentTree a) {
    ExpressionTree variable = a.getVariable();
    Element target = variable.getKind() == Tree.Kind.IDENTIFIER || variable.getKind() == Tree.Kind.MEMBER_SELECT
        ? element(variable) : null;
    boolean field = target != null && target.getKind().isField()
        && !(variable instanceof IdentifierTree id && (ids.name(id.getName()).equals("this")
            || ids.name(id.getName()).equals("super")));
    if (field) {
      receiver(variable, target);
      expression(a.getExpression());
      convert(typeOf(a.getExpression()), typeOf(variable));
      boolean throughValue = variable instanceof MemberSelectTree ms && !isThis(ms.getExpression());
      if (!Ids.isStatic(target) && throughValue) {
        flow.implicit(Implicit.NULL_POINTER);
      }
    } else {
      expression(variable);
      expression(a.getExpression());
      convert(typeOf(a.getExpression()), typeOf(variable));
    }
  }

  private void compoundAssignment(CompoundAssignmentTree c) {
    TypeMirror left = typeOf(c.getVariable());
    TypeMirror right = typeOf(c.getExpression());
    expression(c.getVariable());
    boolean strings = isString(left) || isString(right);
    if (!strings) {
      unboxIfBoxed(left);
    }
    expression(c.getExpression());
    if (!strings) {
      unboxIfBoxed(right);
    }
    if ((c.getKind() == Tree.Kind.DIVIDE_ASSIGNMENT || c.getKind() == Tree.Kind.REMAINDER_ASSIGNMENT)
        && isIntegral(typeOf(c))) {
      flow.implicit(Implicit.INTEGER_DIVISION);
    }
  }

  /** A field write's site, where the write happens: after its operands. */
  private void fieldUpdate(ExpressionTree e) {
    int s = site(e);
    if (s >= 0) {
      flow.site(s);
    }
  }

  private void binary(BinaryTree b) {
    TypeMirror left = typeOf(b.getLeftOperand());
    TypeMirror right = typeOf(b.getRightOperand());
    boolean unboxLeft;
    boolean unboxRight;
    switch (b.getKind()) {
      case PLUS, MINUS -> {
        boolean strings = isString(left) || isString(right);
        unboxLeft = !strings;
        unboxRight = !strings;
      }
      case EQUAL_TO, NOT_EQUAL_TO -> {
        boolean numeric = isNumeric(left) && isNumeric(right);
        boolean bool = isBoolean(left) && isBoolean(right);
        boolean bothBoxed = symbols.isBoxed(left) && symbols.isBoxed(right);
        unboxLeft = (numeric || bool) && !bothBoxed;
        unboxRight = unboxLeft;
      }
      default -> {
        unboxLeft = true;
        unboxRight = true;
      }
    }
    expression(b.getLeftOperand());
    if (unboxLeft) {
      unboxIfBoxed(left);
    }
    expression(b.getRightOperand());
    if (unboxRight) {
      unboxIfBoxed(right);
    }
    if ((b.getKind() == Tree.Kind.DIVIDE || b.getKind() == Tree.Kind.REMAINDER) && isIntegral(typeOf(b))) {
      flow.implicit(Implicit.INTEGER_DIVISION);
    }
  }

  // ---------------------------------------------------------------- conversions

  private void unboxIfBoxed(TypeMirror type) {
    if (symbols.isBoxed(type)) {
      flow.implicit(Implicit.UNBOXING);
    }
  }

  /** Assignment or method invocation conversion of a value of type {@code from} to {@code to}. */
  private void convert(TypeMirror from, TypeMirror to) {
    if (from == null || to == null) {
      return;
    }
    boolean fromPrimitive = from.getKind().isPrimitive();
    boolean toPrimitive = to.getKind().isPrimitive();
    if (fromPrimitive && isReference(to)) {
      flow.implicit(Implicit.BOXING);
    } else if (toPrimitive && symbols.isBoxed(from)) {
      flow.implicit(Implicit.UNBOXING);
    }
  }

  /** The conversion of one operand of {@code c ? a : b} to the type of the whole. */
  private void conditionalPromotion(TypeMirror operand, TypeMirror whole) {
    if (operand == null || whole == null || types.isSameType(operand, whole)) {
      return;
    }
    boolean primitive = operand.getKind().isPrimitive();
    if (primitive && symbols.isBoxed(whole)) {
      flow.implicit(Implicit.BOXING);
    } else if (isNumeric(operand) && isNumeric(whole)) {
      unboxIfBoxed(operand);
    } else if (primitive && (whole.getKind() == TypeKind.DECLARED || whole.getKind() == TypeKind.UNION
        || whole.getKind() == TypeKind.INTERSECTION)) {
      flow.implicit(Implicit.BOXING);
    }
  }

  private static boolean isReference(TypeMirror t) {
    return switch (t.getKind()) {
      case DECLARED, ARRAY, TYPEVAR, INTERSECTION, UNION, NULL, WILDCARD -> true;
      default -> false;
    };
  }

  private boolean isNumeric(TypeMirror t) {
    if (t == null) {
      return false;
    }
    TypeMirror u = symbols.isBoxed(t) ? types.unboxedType(t) : t;
    return switch (u.getKind()) {
      case BYTE, SHORT, INT, LONG, FLOAT, DOUBLE, CHAR -> true;
      default -> false;
    };
  }

  private boolean isBoolean(TypeMirror t) {
    if (t == null) {
      return false;
    }
    TypeMirror u = symbols.isBoxed(t) ? types.unboxedType(t) : t;
    return u.getKind() == TypeKind.BOOLEAN;
  }

  private boolean isIntegral(TypeMirror t) {
    return t != null && switch (t.getKind()) {
      case BYTE, SHORT, INT, LONG, CHAR -> true;
      default -> false;
    };
  }

  private boolean isString(TypeMirror t) {
    return t != null && t.getKind() == TypeKind.DECLARED && types.asElement(t) instanceof TypeElement te
        && ids.type(te).equals("java.lang.String");
  }
}

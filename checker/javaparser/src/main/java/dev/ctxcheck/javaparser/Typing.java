package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.ArrayCreationExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.ClassExpr;
import com.github.javaparser.ast.expr.ConditionalExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.InstanceOfExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.PatternExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypePatternExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.CatchClause;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.Type;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names, expression types and call targets in one compilation unit, resolved against the program's
 * index and class files; the symbol solver is asked only where they cannot decide. Types are erased
 * type ids as in the javac front end ({@code int}, {@code pkg.C}, {@code pkg.C[]}); {@link #NULL} is
 * the type of {@code null}, {@link #FUNCTION} that of a lambda or method reference before its target
 * is known. One instance per file and thread.
 */
final class Typing {

  static final String NULL = "<null>";

  /** Set on a compilation unit by the parser's pass: whether it has pattern variables at all. */
  static final com.github.javaparser.ast.DataKey<Boolean> HAS_PATTERNS = new com.github.javaparser.ast.DataKey<>() {};
  static final String FUNCTION = "<function>";
  /** An argument whose type could not be worked out, in overload resolution: it fits any parameter. */
  private static final String UNKNOWN = "<unknown>";

  /** A variable a name refers to. */
  record Variable(Kind kind, String name, String type, Node declaration, FieldInfo field) {
    enum Kind { LOCAL, PARAMETER, FIELD }
  }

  /** Why a call, name or type could not be resolved, for the summary. */
  interface Unresolved {
    void report(Node where, String what);
  }

  private final TypeModel model;
  private final SolverFallback solver;
  private final CompilationUnit unit;
  private final Unresolved unresolved;
  private final Map<Node, Optional<String>> types = new IdentityHashMap<>();
  private final SolverFallback.Budget solverBudget;
  private boolean solverBudgetReported;
  private final Map<Node, Optional<MethodInfo>> calls = new IdentityHashMap<>();
  /**
   * Expressions and calls whose type or target is being worked out. Typing a lambda asks for the
   * call it is an argument of, which types its arguments; a question that comes back to one of these
   * is a cycle and has no answer (instead of a stack overflow).
   */
  private final java.util.Set<Node> typesInProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  private final java.util.Set<Node> callsInProgress = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  /**
   * Open questions that came back to themselves. While one is open, answers that depended on it are
   * provisional and not kept: the question is asked again once the cycle is closed.
   */
  private final java.util.Set<Node> openCycles = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
  /** How many questions are open on the stack: past {@link #MAX_DEPTH} the answer is "unknown". */
  private int depth;
  /**
   * Deep enough for any code written by hand (each level is an expression nested in another or a
   * lambda typed through its call), shallow enough to stay far from the thread's stack limit.
   */
  static final int MAX_DEPTH = 400;
  /** Pattern variables are looked for only in files that have patterns: the search walks whole statements. */
  private final boolean hasPatterns;

  Typing(TypeModel model, SolverFallback solver, CompilationUnit unit, Unresolved unresolved) {
    this(model, solver, unit, unresolved, new SolverFallback.Budget(SolverFallback.FILE_BUDGET_NANOS));
  }

  Typing(TypeModel model, SolverFallback solver, CompilationUnit unit, Unresolved unresolved,
      SolverFallback.Budget solverBudget) {
    this.solverBudget = solverBudget;
    this.model = model;
    this.solver = solver;
    this.unit = unit;
    this.unresolved = unresolved;
    this.hasPatterns = unit.containsData(HAS_PATTERNS) ? unit.getData(HAS_PATTERNS)
        : unit.findFirst(PatternExpr.class).isPresent();
  }

  TypeModel model() {
    return model;
  }

  // ------------------------------------------------------------------ the symbol solver, within the file's budget

  private String solverType(Expression e) {
    return answered(e, solver.typeOf(e, solverBudget));
  }

  private MethodInfo solverCall(MethodCallExpr call) {
    return answered(call, solver.solve(call, solverBudget));
  }

  private MethodInfo solverConstructor(ObjectCreationExpr oc) {
    return answered(oc, solver.solve(oc, solverBudget));
  }

  /** Says once, at the question where it happened, that the file's solver time ran out. */
  private <T> T answered(Node question, T answer) {
    if (answer == null && solverBudget.exhausted() && !solverBudgetReported) {
      solverBudgetReported = true;
      unresolved.report(question, "the symbol solver's time for this file ran out here; "
          + "what needed it from here on is left unresolved");
    }
    return answer;
  }

  // ------------------------------------------------------------------ enclosing types

  /** The id of the innermost type whose body holds {@code node}. */
  String enclosingType(Node node) {
    Node previous = node;
    for (Node n = node.getParentNode().orElse(null); n != null; previous = n, n = n.getParentNode().orElse(null)) {
      if (TypeModel.isTypeBody(n, previous)) {
        String id = model.index().idOf(n);
        if (id != null) {
          return id;
        }
      }
    }
    return null;
  }

  /** Ids of the types enclosing {@code node}, innermost first. */
  List<String> enclosingTypes(Node node) {
    List<String> out = new ArrayList<>();
    Node previous = node;
    for (Node n = node.getParentNode().orElse(null); n != null; previous = n, n = n.getParentNode().orElse(null)) {
      if (TypeModel.isTypeBody(n, previous)) {
        String id = model.index().idOf(n);
        if (id != null) {
          out.add(id);
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ variables

  /** The variable {@code name} refers to at {@code use}; null if none (a type or package name, or unknown). */
  Variable variable(String name, Node use) {
    // Asked several times for each name (its value, its type, a call's scope): answered once.
    NamedVariable cached = variables.get(use);
    if (cached != null && cached.name().equals(name)) {
      return cached.variable();
    }
    Variable v = lookUpVariable(name, use);
    if (openCycles.isEmpty()) {
      variables.put(use, new NamedVariable(name, v));
    }
    return v;
  }

  private record NamedVariable(String name, Variable variable) {}

  private final Map<Node, NamedVariable> variables = new IdentityHashMap<>();
  /** Static fields imported by name or on demand, by simple name (null: none). */
  private final Map<String, Optional<Variable>> staticImports = new java.util.HashMap<>();

  private Variable lookUpVariable(String name, Node use) {
    Node previous = use;
    for (Node n = use.getParentNode().orElse(null); n != null; previous = n, n = n.getParentNode().orElse(null)) {
      Variable v = declaredIn(n, previous, name, use);
      if (v != null) {
        return v;
      }
      if (TypeModel.isTypeBody(n, previous)) {
        String typeId = model.index().idOf(n);
        FieldInfo f = typeId == null ? null : model.field(typeId, name);
        if (f != null) {
          return new Variable(Variable.Kind.FIELD, name, f.type(), null, f);
        }
      }
    }
    return staticImports.computeIfAbsent(name, k -> Optional.ofNullable(importedStaticField(k))).orElse(null);
  }

  private Variable importedStaticField(String name) {
    for (ImportDeclaration imp : unit.getImports()) {
      if (!imp.isStatic() || !imp.isAsterisk() && !imp.getName().getIdentifier().equals(name)) {
        continue;
      }
      String owner = imp.isAsterisk() ? imp.getNameAsString() : qualifier(imp.getNameAsString());
      String ownerId = model.canonical(owner);
      FieldInfo f = ownerId == null ? null : model.field(ownerId, name);
      if (f != null && f.isStatic()) {
        return new Variable(Variable.Kind.FIELD, name, f.type(), null, f);
      }
    }
    return null;
  }

  private static String qualifier(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(0, dot);
  }

  private Variable declaredIn(Node n, Node previous, String name, Node use) {
    if (n instanceof CallableDeclaration<?> c) {
      for (Parameter p : c.getParameters()) {
        if (p.getNameAsString().equals(name)) {
          return parameter(p);
        }
      }
    } else if (n instanceof LambdaExpr l) {
      for (Parameter p : l.getParameters()) {
        if (p.getNameAsString().equals(name)) {
          return parameter(p);
        }
      }
    } else if (n instanceof CatchClause c && c.getParameter().getNameAsString().equals(name)) {
      return new Variable(Variable.Kind.LOCAL, name, model.resolve(c.getParameter().getType()), c.getParameter(), null);
    } else if (n instanceof ForEachStmt f && previous != f.getIterable()) {
      VariableDeclarator v = f.getVariable().getVariables().get(0);
      if (v.getNameAsString().equals(name)) {
        String t = TypeModel.isVar(v.getType()) ? elementType(f) : model.resolve(v.getType());
        return new Variable(Variable.Kind.LOCAL, name, t, v, null);
      }
    } else if (n instanceof ForStmt f) {
      for (Expression init : f.getInitialization()) {
        Variable v = local(init, name);
        if (v != null) {
          return v;
        }
      }
    } else if (n instanceof TryStmt t) {
      for (Expression r : t.getResources()) {
        if (r == previous) {
          break;
        }
        Variable v = local(r, name);
        if (v != null) {
          return v;
        }
      }
    } else if (n instanceof BlockStmt || n instanceof SwitchEntry) {
      NodeList<Statement> stmts = n instanceof BlockStmt b ? b.getStatements() : ((SwitchEntry) n).getStatements();
      // The statements before the one holding the use; by position when the use is in none (a case label).
      int at = TypeModel.indexOfNode(stmts, previous);
      for (int i = (at >= 0 ? at : stmts.size()) - 1; i >= 0; i--) {
        Statement s = stmts.get(i);
        if (at < 0 && isAfter(s, previous)) {
          continue;
        }
        if (s instanceof ExpressionStmt es) {
          Variable v = local(es.getExpression(), name);
          if (v != null) {
            return v;
          }
        }
        Variable binding = hasPatterns ? binding(s, name) : null;
        if (binding != null) {
          return binding;
        }
      }
    }
    if (n instanceof Statement || n instanceof Expression) {
      // Pattern variables introduced by conditions of the enclosing statements.
      if (hasPatterns && !(n instanceof BlockStmt)) {
        Variable binding = bindingInCondition(n, name, use);
        if (binding != null) {
          return binding;
        }
      }
    }
    return null;
  }

  private static boolean isAfter(Statement s, Node previous) {
    return s.getBegin().isPresent() && previous.getBegin().isPresent()
        && s.getBegin().get().isAfter(previous.getBegin().get());
  }

  private Variable local(Expression e, String name) {
    if (e instanceof VariableDeclarationExpr vd) {
      for (VariableDeclarator v : vd.getVariables()) {
        if (v.getNameAsString().equals(name)) {
          String t = TypeModel.isVar(v.getType()) ? v.getInitializer().map(this::typeOf).orElse(null) : model.resolve(v.getType());
          return new Variable(Variable.Kind.LOCAL, name, t, v, null);
        }
      }
    }
    return null;
  }

  private Variable parameter(Parameter p) {
    String t;
    if (p.getType().isUnknownType() || TypeModel.isVar(p.getType())) {
      t = lambdaParameterType(p);
    } else {
      t = model.resolve(p.getType());
      if (p.isVarArgs() && t != null) {
        t = t + "[]";
      }
    }
    return new Variable(Variable.Kind.PARAMETER, p.getNameAsString(), t, p, null);
  }

  /** A pattern variable declared in statement {@code s} that stays in scope after it ({@code if (!(o instanceof T t)) return;}). */
  private Variable binding(Statement s, String name) {
    for (PatternExpr p : s.findAll(PatternExpr.class)) {
      if (p instanceof TypePatternExpr tp && tp.getNameAsString().equals(name)) {
        return new Variable(Variable.Kind.LOCAL, name, model.resolve(tp.getType()), tp, null);
      }
    }
    return null;
  }

  private Variable bindingInCondition(Node n, String name, Node use) {
    Node condition = null;
    if (n instanceof com.github.javaparser.ast.stmt.IfStmt i) {
      condition = i.getCondition();
    } else if (n instanceof com.github.javaparser.ast.stmt.WhileStmt w) {
      condition = w.getCondition();
    } else if (n instanceof BinaryExpr b) {
      condition = b.getLeft();
    } else if (n instanceof ConditionalExpr c) {
      condition = c.getCondition();
    }
    if (condition == null) {
      return null;
    }
    for (TypePatternExpr tp : condition.findAll(TypePatternExpr.class)) {
      if (tp.getNameAsString().equals(name) && tp != use) {
        return new Variable(Variable.Kind.LOCAL, name, model.resolve(tp.getType()), tp, null);
      }
    }
    return null;
  }

  private String elementType(ForEachStmt f) {
    String iterable = typeOf(f.getIterable());
    if (iterable != null && iterable.endsWith("[]")) {
      return iterable.substring(0, iterable.length() - 2);
    }
    return solverType(f.getVariable().getVariables().get(0).getNameAsExpression());
  }

  private String lambdaParameterType(Parameter p) {
    if (p.getParentNode().orElse(null) instanceof LambdaExpr lambda) {
      int index = TypeModel.indexOfNode(lambda.getParameters(), p);
      MethodInfo functional = functionalMethod(targetType(lambda));
      if (functional != null && index < functional.parameterTypes().size()) {
        String t = functionalParameterTypes(lambda, functional).get(index);
        if (!t.equals(TypeModel.OBJECT)) {
          return t;
        }
      }
      // A generic functional interface whose type argument is not written: only the solver knows it.
      NameExpr use = lambda.getBody().findFirst(NameExpr.class, n -> n.getNameAsString().equals(p.getNameAsString()))
          .orElse(null);
      String solved = use == null ? null : solverType(use);
      return solved != null ? solved : functional != null && index < functional.parameterTypes().size()
          ? functional.parameterTypes().get(index) : null;
    }
    return null;
  }

  /**
   * The parameter types of a lambda or method reference: its functional method's, where one is
   * declared with a type variable, the type argument written in the target type
   * ({@code Consumer<String> c = sb::append} takes a String); erased where nothing is written.
   */
  List<String> functionalParameterTypes(Expression function, MethodInfo functional) {
    List<String> params = functional.parameterTypes();
    if (functional.typeVariableParameters().isEmpty()) {
      return params;
    }
    ClassOrInterfaceType written = writtenTargetType(function);
    String writtenId = written == null ? null : model.resolve(written);
    TypeInfo target = model.type(writtenId);
    if (target == null || written.getTypeArguments().isEmpty()
        || written.getTypeArguments().get().size() != target.generics().typeParameters().size()) {
      return params;
    }
    Map<String, Generics.Arg> toFunctional = model.typeArguments(writtenId, functional.owner());
    if (toFunctional == null) {
      return params;
    }
    List<String> out = new ArrayList<>(params);
    for (Map.Entry<Integer, String> e : functional.typeVariableParameters().entrySet()) {
      Generics.Arg a = toFunctional.get(e.getValue());
      if (a != null && a.variable() != null) {
        int i = target.generics().typeParameters().indexOf(a.variable());
        a = i < 0 ? null : model.argument(written.getTypeArguments().get().get(i));
      }
      if (a != null && a.erased() != null && e.getKey() < out.size()) {
        out.set(e.getKey(), a.erased());
      }
    }
    return out;
  }

  /**
   * The target type of a lambda or method reference as written in source, where one is: a declared
   * variable, a cast, a method's return type, a parameter of a method or constructor of the program.
   */
  private ClassOrInterfaceType writtenTargetType(Expression function) {
    Node parent = function.getParentNode().orElse(null);
    Node child = function;
    while (parent instanceof EnclosedExpr || parent instanceof ConditionalExpr c && c.getCondition() != child) {
      child = parent;
      parent = parent.getParentNode().orElse(null);
    }
    Type written = null;
    if (parent instanceof VariableDeclarator v && !TypeModel.isVar(v.getType())) {
      written = v.getType();
    } else if (parent instanceof CastExpr c) {
      written = c.getType();
    } else if (parent instanceof AssignExpr a && a.getValue() == child) {
      written = declaredType(a.getTarget());
    } else if (parent instanceof ReturnStmt) {
      for (Node n = parent; n != null && !(n instanceof LambdaExpr); n = n.getParentNode().orElse(null)) {
        if (n instanceof MethodDeclaration m) {
          written = m.getType();
          break;
        }
      }
    } else if (parent instanceof MethodCallExpr call && TypeModel.containsNode(call.getArguments(), child)) {
      written = declaredParameterType(resolveCall(call), TypeModel.indexOfNode(call.getArguments(), child));
    } else if (parent instanceof ObjectCreationExpr oc && TypeModel.containsNode(oc.getArguments(), child)) {
      written = declaredParameterType(resolveConstructor(oc), TypeModel.indexOfNode(oc.getArguments(), child));
    }
    return written instanceof ClassOrInterfaceType c ? c : null;
  }

  /** The type a variable or field was declared with in source; null if not declared in the program. */
  private Type declaredType(Expression target) {
    FieldInfo field = null;
    if (target instanceof NameExpr n) {
      Variable v = variable(n.getNameAsString(), n);
      if (v == null) {
        return null;
      }
      if (v.declaration() instanceof VariableDeclarator d) {
        return d.getType();
      }
      if (v.declaration() instanceof Parameter p) {
        return p.getType();
      }
      field = v.field();
    } else if (target instanceof FieldAccessExpr f) {
      field = field(f);
    }
    TypeInfo owner = field == null ? null : model.type(field.owner());
    if (owner == null || owner.declaration() == null) {
      return null;
    }
    for (Node part : SourceIndex.bodyOf(owner.declaration())) {
      if (part instanceof com.github.javaparser.ast.body.FieldDeclaration fd) {
        for (VariableDeclarator v : fd.getVariables()) {
          if (v.getNameAsString().equals(field.name())) {
            return v.getType();
          }
        }
      }
    }
    return null;
  }

  private static Type declaredParameterType(MethodInfo m, int index) {
    if (m == null || !(m.declaration() instanceof CallableDeclaration<?> c) || index >= c.getParameters().size()) {
      return null;
    }
    Parameter p = c.getParameter(index);
    return p.isVarArgs() ? null : p.getType();
  }

  /** The single abstract method of a functional interface; null if {@code typeId} is not one. */
  MethodInfo functionalMethod(String typeId) {
    TypeInfo t = model.type(typeId);
    if (t == null || !t.isInterface()) {
      return null;
    }
    List<String> order = new ArrayList<>();
    order.add(typeId);
    order.addAll(model.allSupertypes(typeId));
    for (String s : order) {
      TypeInfo st = model.type(s);
      if (st == null || !st.isInterface()) {
        continue;
      }
      for (MethodInfo m : st.methods()) {
        if (m.isAbstract() && !isObjectMethod(m)) {
          return m;
        }
      }
    }
    return null;
  }

  static boolean isObjectMethod(MethodInfo m) {
    String n = m.name();
    return (n.equals("equals") && m.parameterTypes().size() == 1)
        || ((n.equals("hashCode") || n.equals("toString")) && m.parameterTypes().isEmpty());
  }

  /** The type a lambda or method reference is converted to, from where it stands; null if unknown. */
  String targetType(Expression function) {
    Node parent = function.getParentNode().orElse(null);
    Node child = function;
    while (parent instanceof EnclosedExpr) {
      child = parent;
      parent = parent.getParentNode().orElse(null);
    }
    if (parent instanceof MethodCallExpr call && TypeModel.containsNode(call.getArguments(), child)) {
      return parameterType(resolveCall(call), TypeModel.indexOfNode(call.getArguments(), child), call.getArguments().size());
    }
    if (parent instanceof ObjectCreationExpr oc && TypeModel.containsNode(oc.getArguments(), child)) {
      return parameterType(resolveConstructor(oc), TypeModel.indexOfNode(oc.getArguments(), child), oc.getArguments().size());
    }
    if (parent instanceof ExplicitConstructorInvocationStmt ec && TypeModel.containsNode(ec.getArguments(), child)) {
      return parameterType(resolveExplicitConstructor(ec), TypeModel.indexOfNode(ec.getArguments(), child), ec.getArguments().size());
    }
    if (parent instanceof VariableDeclarator v && !TypeModel.isVar(v.getType())) {
      return model.resolve(v.getType());
    }
    if (parent instanceof AssignExpr a && a.getValue() == child) {
      return typeOf(a.getTarget());
    }
    if (parent instanceof CastExpr c) {
      return model.resolve(c.getType());
    }
    if (parent instanceof ReturnStmt) {
      for (Node n = parent; n != null; n = n.getParentNode().orElse(null)) {
        if (n instanceof LambdaExpr l) {
          MethodInfo f = functionalMethod(targetType(l));
          return f == null ? null : f.returnType();
        }
        if (n instanceof MethodDeclaration m) {
          return model.resolve(m.getType());
        }
      }
    }
    if (parent instanceof LambdaExpr outer && outer.getBody() == child) {
      MethodInfo f = functionalMethod(targetType(outer));
      return f == null ? null : f.returnType();
    }
    if (parent instanceof ConditionalExpr c && c.getCondition() != child) {
      return targetType(c);
    }
    return solverType(function);
  }

  private static String parameterType(MethodInfo m, int index, int argumentCount) {
    if (m == null || index < 0) {
      return null;
    }
    List<String> params = m.parameterTypes();
    if (m.varargs() && index >= params.size() - 1) {
      String last = params.get(params.size() - 1);
      return argumentCount == params.size() && index == params.size() - 1 ? last : last.substring(0, last.length() - 2);
    }
    return index < params.size() ? params.get(index) : null;
  }

  // ------------------------------------------------------------------ expression types

  /** The erased static type of an expression; null if it cannot be worked out. */
  String typeOf(Expression e) {
    Optional<String> cached = types.get(e);
    if (cached == null) {
      if (!enter(typesInProgress, e)) {
        return null;
      }
      try {
        cached = Optional.ofNullable(computeType(e));
      } finally {
        leave(typesInProgress, e);
      }
      if (openCycles.isEmpty()) {
        types.put(e, cached);
      }
    }
    return cached.orElse(null);
  }

  /** Opens a question about {@code node}; false if it is already open (a cycle) or too deep. */
  private boolean enter(java.util.Set<Node> inProgress, Node node) {
    if (depth >= MAX_DEPTH) {
      return false;
    }
    if (!inProgress.add(node)) {
      openCycles.add(node);
      return false;
    }
    depth++;
    return true;
  }

  private void leave(java.util.Set<Node> inProgress, Node node) {
    inProgress.remove(node);
    openCycles.remove(node);
    depth--;
  }

  private String computeType(Expression e) {
    if (e instanceof EnclosedExpr en) {
      return typeOf(en.getInner());
    }
    if (e instanceof NameExpr n) {
      Variable v = variable(n.getNameAsString(), n);
      if (v == null) {
        unresolved.report(n, "unknown name " + n.getNameAsString());
        return null;
      }
      return variableType(v, n);
    }
    if (e instanceof FieldAccessExpr f) {
      FieldInfo field = field(f);
      if (field != null) {
        return field.typeIsVariable() ? refined(solverType(f), field.type()) : field.type();
      }
      if (f.getNameAsString().equals("length")) {
        String scope = typeOf(f.getScope());
        if (scope != null && scope.endsWith("[]")) {
          return "int";
        }
      }
      return null;
    }
    if (e instanceof MethodCallExpr call) {
      MethodInfo m = resolveCall(call);
      if (m == null) {
        return null;
      }
      if (call.getNameAsString().equals("clone") && call.getArguments().isEmpty() && call.getScope().isPresent()
          && !(call.getScope().get() instanceof SuperExpr)) {
        // An array's clone() returns the array's own type (JLS 10.7).
        String scope = typeOf(call.getScope().get());
        if (scope != null && scope.endsWith("[]")) {
          return scope;
        }
      }
      if (m.returnsTypeVariable()) {
        return refined(solverType(call), m.returnType());
      }
      return m.returnType();
    }
    if (e instanceof ObjectCreationExpr oc) {
      if (oc.getAnonymousClassBody().isPresent()) {
        return model.index().idOf(oc);
      }
      return model.resolve(oc.getType());
    }
    if (e instanceof StringLiteralExpr || e instanceof TextBlockLiteralExpr) {
      return "java.lang.String";
    }
    if (e instanceof IntegerLiteralExpr) {
      return "int";
    }
    if (e instanceof LongLiteralExpr) {
      return "long";
    }
    if (e instanceof DoubleLiteralExpr d) {
      String v = d.getValue();
      return v.endsWith("f") || v.endsWith("F") ? "float" : "double";
    }
    if (e instanceof CharLiteralExpr) {
      return "char";
    }
    if (e instanceof BooleanLiteralExpr || e instanceof InstanceOfExpr) {
      return "boolean";
    }
    if (e instanceof NullLiteralExpr) {
      return NULL;
    }
    if (e instanceof ThisExpr t) {
      return t.getTypeName().map(n -> model.resolveName(n.asString(), t)).orElseGet(() -> enclosingType(t));
    }
    if (e instanceof SuperExpr s) {
      String self = s.getTypeName().map(n -> model.resolveName(n.asString(), s)).orElseGet(() -> enclosingType(s));
      TypeInfo t = model.type(self);
      return t == null ? null : t.superclass() == null ? TypeModel.OBJECT : t.superclass();
    }
    if (e instanceof CastExpr c) {
      return model.resolve(c.getType());
    }
    if (e instanceof ArrayAccessExpr a) {
      String array = typeOf(a.getName());
      return array != null && array.endsWith("[]") ? array.substring(0, array.length() - 2) : null;
    }
    if (e instanceof ArrayCreationExpr a) {
      String element = model.resolve(a.getElementType());
      return element == null ? null : element + "[]".repeat(a.getLevels().size());
    }
    if (e instanceof ClassExpr) {
      return "java.lang.Class";
    }
    if (e instanceof AssignExpr a) {
      return typeOf(a.getTarget());
    }
    if (e instanceof UnaryExpr u) {
      if (u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
        return "boolean";
      }
      String t = unboxed(typeOf(u.getExpression()));
      return t == null ? null : promoted(t, "int");
    }
    if (e instanceof BinaryExpr b) {
      switch (b.getOperator()) {
        case OR, AND, EQUALS, NOT_EQUALS, LESS, GREATER, LESS_EQUALS, GREATER_EQUALS -> {
          return "boolean";
        }
        default -> { }
      }
      String l = typeOf(b.getLeft());
      String r = typeOf(b.getRight());
      if (b.getOperator() == BinaryExpr.Operator.PLUS
          && ("java.lang.String".equals(l) || "java.lang.String".equals(r))) {
        return "java.lang.String";
      }
      l = unboxed(l);
      r = unboxed(r);
      if (l == null || r == null) {
        return null;
      }
      if (l.equals("boolean") && r.equals("boolean")) {
        return "boolean";
      }
      switch (b.getOperator()) {
        case LEFT_SHIFT, SIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT -> {
          return promoted(l, "int");
        }
        default -> {
          return promoted(l, r);
        }
      }
    }
    if (e instanceof ConditionalExpr c) {
      String a = typeOf(c.getThenExpr());
      String b = typeOf(c.getElseExpr());
      if (a != null && a.equals(b)) {
        return a;
      }
      if (NULL.equals(a) && b != null && !TypeModel.isPrimitive(b)) {
        return b;
      }
      if (NULL.equals(b) && a != null && !TypeModel.isPrimitive(a)) {
        return a;
      }
      return solverType(c);
    }
    if (e instanceof LambdaExpr || e instanceof MethodReferenceExpr) {
      return targetType(e);
    }
    return solverType(e);
  }

  /**
   * The solver's type for something declared with a type variable, if it is one of the variable's
   * erasure: the solver answers Object for a variable it could not infer, where the erasure of its
   * bound ({@code S extends Seq<T, S>}) says more.
   */
  private String refined(String solved, String erased) {
    return solved != null && model.isSubtype(solved, erased) ? solved : erased;
  }

  private String variableType(Variable v, Expression use) {
    if (v.field() != null && v.field().typeIsVariable()) {
      return refined(solverType(use), v.type());
    }
    if (v.type() == null) {
      return solverType(use);
    }
    return v.type();
  }

  static String unboxed(String t) {
    if (t == null) {
      return null;
    }
    return switch (t) {
      case "java.lang.Integer" -> "int";
      case "java.lang.Long" -> "long";
      case "java.lang.Short" -> "short";
      case "java.lang.Byte" -> "byte";
      case "java.lang.Character" -> "char";
      case "java.lang.Boolean" -> "boolean";
      case "java.lang.Float" -> "float";
      case "java.lang.Double" -> "double";
      default -> t;
    };
  }

  static String boxed(String t) {
    return switch (t) {
      case "int" -> "java.lang.Integer";
      case "long" -> "java.lang.Long";
      case "short" -> "java.lang.Short";
      case "byte" -> "java.lang.Byte";
      case "char" -> "java.lang.Character";
      case "boolean" -> "java.lang.Boolean";
      case "float" -> "java.lang.Float";
      case "double" -> "java.lang.Double";
      default -> t;
    };
  }

  private static String promoted(String a, String b) {
    for (String t : new String[] {"double", "float", "long"}) {
      if (a.equals(t) || b.equals(t)) {
        return t;
      }
    }
    return "int";
  }

  /** The field a field access names; null if it names something else or is unknown. */
  FieldInfo field(FieldAccessExpr f) {
    String scopeType = scopeTypeOrStatic(f.getScope());
    if (scopeType == null) {
      return null;
    }
    return model.field(scopeType, f.getNameAsString());
  }

  /** What a qualifier names: the type of a variable or expression, or a type (for static members). */
  private String scopeTypeOrStatic(Expression scope) {
    Scope s = scope(scope);
    return s == null ? null : s.type();
  }

  /** The qualifier of a member: an expression of some type, or a type name (static access). */
  record Scope(String type, boolean isTypeName) {}

  Scope scope(Expression scope) {
    if (scope instanceof NameExpr n) {
      Variable v = variable(n.getNameAsString(), n);
      if (v != null) {
        return new Scope(variableType(v, n), false);
      }
      String t = model.resolveSimpleName(n.getNameAsString(), n);
      return t == null ? null : new Scope(t, true);
    }
    if (scope instanceof FieldAccessExpr f) {
      if (startsWithVariable(f)) {
        String t = typeOf(f);
        return t == null ? null : new Scope(t, false);
      }
      String asType = model.resolveName(f.toString(), f);
      if (asType != null) {
        return new Scope(asType, true);
      }
      String t = typeOf(f);
      return t == null ? null : new Scope(t, false);
    }
    String t = typeOf(scope);
    return t == null ? null : new Scope(t, false);
  }

  private boolean startsWithVariable(FieldAccessExpr f) {
    Expression e = f;
    while (e instanceof FieldAccessExpr fa) {
      e = fa.getScope();
    }
    return !(e instanceof NameExpr n) || variable(n.getNameAsString(), n) != null;
  }

  // ------------------------------------------------------------------ calls

  /** The method a call runs (before dynamic dispatch); null if unresolved (recorded). */
  MethodInfo resolveCall(MethodCallExpr call) {
    Optional<MethodInfo> cached = calls.get(call);
    if (cached == null) {
      if (!enter(callsInProgress, call)) {
        return null;
      }
      MethodInfo m;
      try {
        m = computeCall(call);
        if (m == null) {
          m = solverCall(call);
        }
      } finally {
        leave(callsInProgress, call);
      }
      if (!openCycles.isEmpty()) {
        return m; // provisional: the cycle's outer question asks again
      }
      if (m == null) {
        unresolved.report(call, "cannot resolve the call " + call.getNameAsString() + "(..)");
      }
      cached = Optional.ofNullable(m);
      calls.put(call, cached);
    }
    return cached.orElse(null);
  }

  private MethodInfo computeCall(MethodCallExpr call) {
    String name = call.getNameAsString();
    NodeList<Expression> args = call.getArguments();
    if (call.getScope().isEmpty()) {
      for (String t : enclosingTypes(call)) {
        List<MethodInfo> candidates = model.methodsNamed(t, name);
        if (!candidates.isEmpty()) {
          return choose(candidates, args);
        }
      }
      List<MethodInfo> imported = new ArrayList<>();
      for (ImportDeclaration imp : unit.getImports()) {
        if (imp.isStatic() && !imp.isAsterisk() && imp.getName().getIdentifier().equals(name)) {
          String owner = model.canonical(qualifier(imp.getNameAsString()));
          if (owner != null) {
            model.methodsNamed(owner, name).stream().filter(MethodInfo::isStatic).forEach(imported::add);
          }
        }
      }
      if (imported.isEmpty()) {
        for (ImportDeclaration imp : unit.getImports()) {
          if (imp.isStatic() && imp.isAsterisk()) {
            String owner = model.canonical(imp.getNameAsString());
            if (owner != null) {
              model.methodsNamed(owner, name).stream().filter(MethodInfo::isStatic).forEach(imported::add);
            }
          }
        }
      }
      return imported.isEmpty() ? null : choose(imported, args);
    }
    Expression scopeExpr = call.getScope().get();
    String owner;
    if (scopeExpr instanceof SuperExpr s) {
      owner = typeOf(s);
    } else {
      Scope scope = scope(scopeExpr);
      owner = scope == null ? null : scope.type();
    }
    if (owner == null) {
      return null;
    }
    if (owner.endsWith("[]")) {
      owner = TypeModel.OBJECT;
    }
    List<MethodInfo> candidates = model.methodsNamed(owner, name);
    return candidates.isEmpty() ? null : choose(candidates, args);
  }

  /** The constructor a {@code new} expression calls (an anonymous class's own); null if unresolved. */
  MethodInfo resolveConstructor(ObjectCreationExpr oc) {
    Optional<MethodInfo> cached = calls.get(oc);
    if (cached == null) {
      MethodInfo m;
      if (oc.getAnonymousClassBody().isPresent()) {
        String id = model.index().idOf(oc);
        TypeInfo t = model.type(id);
        m = t == null ? null : t.methods().stream().filter(MethodInfo::isConstructor).findFirst().orElse(null);
      } else {
        m = constructorOf(model.resolve(oc.getType()), oc.getArguments());
        if (m == null) {
          m = solverConstructor(oc);
        }
      }
      if (m == null) {
        unresolved.report(oc, "cannot resolve the constructor of " + oc.getType());
      }
      cached = Optional.ofNullable(m);
      calls.put(oc, cached);
    }
    return cached.orElse(null);
  }

  /** The superclass constructor an anonymous class's arguments select: its parameters are the anonymous constructor's. */
  List<String> anonymousConstructorParameters(ObjectCreationExpr oc) {
    MethodInfo m = constructorOf(model.resolve(oc.getType()), oc.getArguments());
    return m == null ? null : m.parameterTypes();
  }

  MethodInfo resolveExplicitConstructor(ExplicitConstructorInvocationStmt ec) {
    Optional<MethodInfo> cached = calls.get(ec);
    if (cached == null) {
      String self = enclosingType(ec);
      TypeInfo t = model.type(self);
      String target = ec.isThis() ? self : t == null ? null : t.superclass();
      MethodInfo m = constructorOf(target, ec.getArguments());
      if (m == null) {
        unresolved.report(ec, "cannot resolve the constructor call " + (ec.isThis() ? "this" : "super") + "(..)");
      }
      cached = Optional.ofNullable(m);
      calls.put(ec, cached);
    }
    return cached.orElse(null);
  }

  MethodInfo constructorOf(String typeId, NodeList<Expression> args) {
    TypeInfo t = model.type(typeId);
    if (t == null) {
      return null;
    }
    List<MethodInfo> ctors = t.methods().stream().filter(MethodInfo::isConstructor).toList();
    return ctors.isEmpty() ? null : choose(ctors, args);
  }

  /** Overload resolution in JLS phases (subtyping, boxing, varargs), then the most specific; null if undecided. */
  private MethodInfo choose(List<MethodInfo> candidates, NodeList<Expression> args) {
    List<MethodInfo> byArity = new ArrayList<>();
    for (MethodInfo m : candidates) {
      int n = m.parameterTypes().size();
      if (n == args.size() || m.varargs() && args.size() >= n - 1) {
        byArity.add(m);
      }
    }
    if (byArity.size() > 1) {
      List<MethodInfo> fitting = byArity.stream().filter(m -> lambdasFit(m, args)).toList();
      byArity = fitting.isEmpty() ? byArity : fitting;
    }
    if (byArity.size() == 1) {
      return byArity.get(0);
    }
    if (byArity.isEmpty()) {
      return null;
    }
    List<String> argTypes = new ArrayList<>();
    boolean unknown = false;
    for (Expression a : args) {
      String t = isFunction(a) ? FUNCTION : typeOf(a);
      unknown |= t == null;
      argTypes.add(t == null ? UNKNOWN : t);
    }
    if (unknown) {
      // An argument of unknown type fits any parameter. The method javac chose is among those that
      // fit then; if it is the only one, it is the answer.
      List<MethodInfo> fitting = new ArrayList<>();
      for (MethodInfo m : byArity) {
        if (applicable(m, argTypes, 2) || applicable(m, argTypes, 3)) {
          fitting.add(m);
        }
      }
      return fitting.size() == 1 ? fitting.get(0) : null;
    }
    for (int phase = 1; phase <= 3; phase++) {
      List<MethodInfo> applicable = new ArrayList<>();
      for (MethodInfo m : byArity) {
        if (applicable(m, argTypes, phase)) {
          applicable.add(m);
        }
      }
      if (!applicable.isEmpty()) {
        return mostSpecific(applicable);
      }
    }
    return null;
  }

  /**
   * A lambda or method reference, also in parentheses or as both branches of a conditional: its type
   * is the parameter's it is passed to, so it takes part in overload resolution as "some function".
   */
  static boolean isFunction(Expression e) {
    if (e instanceof LambdaExpr || e instanceof MethodReferenceExpr) {
      return true;
    }
    if (e instanceof EnclosedExpr en) {
      return isFunction(en.getInner());
    }
    return e instanceof ConditionalExpr c && (isFunction(c.getThenExpr()) || c.getThenExpr() instanceof NullLiteralExpr)
        && (isFunction(c.getElseExpr()) || c.getElseExpr() instanceof NullLiteralExpr)
        && !(c.getThenExpr() instanceof NullLiteralExpr && c.getElseExpr() instanceof NullLiteralExpr);
  }

  /**
   * Whether each explicit lambda among the arguments has as many parameters as the functional
   * interface it would be passed as (JLS 15.12.2.1, "potentially compatible"): {@code s -> s.length()}
   * selects {@code take(Function)} over {@code take(Runnable)}.
   */
  private boolean lambdasFit(MethodInfo m, NodeList<Expression> args) {
    for (int i = 0; i < args.size(); i++) {
      if (isFunction(args.get(i))) {
        MethodInfo functional = functionalMethod(parameterType(m, i, args.size()));
        if (functional != null && !lambdaFits(args.get(i), functional.parameterTypes().size())) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean lambdaFits(Expression e, int parameters) {
    if (e instanceof LambdaExpr l) {
      return l.getParameters().size() == parameters;
    }
    if (e instanceof EnclosedExpr en) {
      return lambdaFits(en.getInner(), parameters);
    }
    if (e instanceof ConditionalExpr c) {
      return lambdaFits(c.getThenExpr(), parameters) && lambdaFits(c.getElseExpr(), parameters);
    }
    if (e instanceof MethodReferenceExpr ref) {
      return referenceFits(ref, parameters);
    }
    return true; // null
  }

  /**
   * Whether a method reference can take {@code parameters} arguments: {@code int[]::new} takes one;
   * otherwise some method of its name takes them all, or all but the receiver when it is named by
   * its type (JLS 15.12.2.1). Unknown qualifiers fit.
   */
  private boolean referenceFits(MethodReferenceExpr ref, int parameters) {
    if (ref.getIdentifier().equals("new") && ref.getScope() instanceof com.github.javaparser.ast.expr.TypeExpr te
        && te.getType().isArrayType()) {
      return parameters == 1;
    }
    Scope scope = referenceScope(ref);
    if (scope == null || scope.type() == null) {
      return true;
    }
    List<MethodInfo> candidates;
    if (ref.getIdentifier().equals("new")) {
      TypeInfo t = model.type(scope.type());
      candidates = t == null ? List.of() : t.methods().stream().filter(MethodInfo::isConstructor).toList();
    } else {
      candidates = model.methodsNamed(scope.type().endsWith("[]") ? TypeModel.OBJECT : scope.type(), ref.getIdentifier());
    }
    if (candidates.isEmpty()) {
      return true;
    }
    for (MethodInfo m : candidates) {
      int p = m.parameterTypes().size();
      if (p == parameters || m.varargs() && parameters >= p - 1
          || scope.isTypeName() && !m.isStatic() && !m.isConstructor() && p == parameters - 1) {
        return true;
      }
    }
    return false;
  }

  private boolean applicable(MethodInfo m, List<String> args, int phase) {
    List<String> params = m.parameterTypes();
    if (phase < 3) {
      if (params.size() != args.size()) {
        return false;
      }
      for (int i = 0; i < args.size(); i++) {
        if (!convertible(args.get(i), params.get(i), phase == 2)) {
          return false;
        }
      }
      return true;
    }
    if (!m.varargs()) {
      return false;
    }
    for (int i = 0; i < args.size(); i++) {
      String p = i < params.size() - 1 ? params.get(i) : params.get(params.size() - 1).replaceFirst("\\[\\]$", "");
      if (!convertible(args.get(i), p, true)) {
        return false;
      }
    }
    return true;
  }

  private boolean convertible(String arg, String param, boolean boxing) {
    if (arg.equals(UNKNOWN)) {
      return true;
    }
    if (arg.equals(FUNCTION)) {
      TypeInfo t = model.type(param);
      return t != null && t.isInterface();
    }
    if (arg.equals(param) || model.isSubtype(arg, param)) {
      return true;
    }
    if (TypeModel.isPrimitive(arg) && TypeModel.isPrimitive(param)) {
      return widens(arg, param);
    }
    if (!boxing) {
      return false;
    }
    if (TypeModel.isPrimitive(arg)) {
      return model.isSubtype(boxed(arg), param);
    }
    String unboxed = unboxed(arg);
    return TypeModel.isPrimitive(param) && !unboxed.equals(arg) && (unboxed.equals(param) || widens(unboxed, param));
  }

  private static boolean widens(String from, String to) {
    String order = switch (from) {
      case "byte" -> "short int long float double";
      case "short", "char" -> "int long float double";
      case "int" -> "long float double";
      case "long" -> "float double";
      case "float" -> "double";
      default -> "";
    };
    return List.of(order.split(" ")).contains(to);
  }

  private MethodInfo mostSpecific(List<MethodInfo> applicable) {
    List<MethodInfo> best = new ArrayList<>();
    for (MethodInfo m : applicable) {
      boolean beaten = false;
      for (MethodInfo o : applicable) {
        if (o != m && moreSpecific(o, m) && !moreSpecific(m, o)) {
          beaten = true;
          break;
        }
      }
      if (!beaten) {
        best.add(m);
      }
    }
    return best.size() == 1 ? best.get(0) : null;
  }

  private boolean moreSpecific(MethodInfo a, MethodInfo b) {
    List<String> pa = a.parameterTypes();
    List<String> pb = b.parameterTypes();
    if (pa.size() != pb.size()) {
      return false;
    }
    for (int i = 0; i < pa.size(); i++) {
      if (!pa.get(i).equals(pb.get(i)) && !model.isSubtype(pa.get(i), pb.get(i))
          && !(TypeModel.isPrimitive(pa.get(i)) && widens(pa.get(i), pb.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** The method a method reference names; null if unresolved. */
  MethodInfo resolveMethodReference(MethodReferenceExpr ref) {
    Optional<MethodInfo> cached = calls.get(ref);
    if (cached == null) {
      cached = Optional.ofNullable(computeMethodReference(ref));
      // An array constructor (String[]::new) is no method, in javac either: nothing is left out.
      boolean arrayConstructor = ref.getIdentifier().equals("new") && ref.getScope() instanceof com.github.javaparser.ast.expr.TypeExpr te
          && te.getType().isArrayType();
      if (cached.isEmpty() && !arrayConstructor) {
        unresolved.report(ref, "cannot resolve the method reference " + ref);
      }
      calls.put(ref, cached);
    }
    return cached.orElse(null);
  }

  /**
   * The qualifier of a method reference. JavaParser parses a dotted name before {@code ::} as a
   * type ({@code asoc.inqueue::run}); it is a variable and its fields when its first name is one.
   */
  Scope referenceScope(MethodReferenceExpr ref) {
    Expression scopeExpr = ref.getScope();
    if (scopeExpr instanceof com.github.javaparser.ast.expr.TypeExpr te) {
      if (te.getType() instanceof com.github.javaparser.ast.type.ClassOrInterfaceType c && c.getTypeArguments().isEmpty()) {
        List<String> names = new ArrayList<>();
        for (com.github.javaparser.ast.type.ClassOrInterfaceType t = c; t != null; t = t.getScope().orElse(null)) {
          names.add(0, t.getNameAsString());
        }
        Variable v = variable(names.get(0), te);
        if (v != null) {
          String type = v.type();
          for (int i = 1; i < names.size() && type != null; i++) {
            FieldInfo f = model.field(type, names.get(i));
            type = f == null ? null : f.type();
          }
          return type == null ? null : new Scope(type, false);
        }
      }
      String t = model.resolve(te.getType());
      return t == null ? null : new Scope(t, true);
    }
    if (scopeExpr instanceof SuperExpr s) {
      String t = typeOf(s);
      return t == null ? null : new Scope(t, false);
    }
    return scope(scopeExpr);
  }

  private MethodInfo computeMethodReference(MethodReferenceExpr ref) {
    Scope scope = referenceScope(ref);
    String owner = scope == null ? null : scope.type();
    boolean typeName = scope != null && scope.isTypeName();
    if (owner == null) {
      return null;
    }
    String name = ref.getIdentifier();
    if (name.equals("new")) {
      TypeInfo t = model.type(owner);
      List<MethodInfo> ctors = t == null ? List.of() : t.methods().stream().filter(MethodInfo::isConstructor).toList();
      return pickForFunction(ctors, ref, false);
    }
    List<MethodInfo> candidates = model.methodsNamed(owner, name);
    return pickForFunction(candidates, ref, typeName);
  }

  /** Picks among overloads by the functional interface's parameter count (an unbound receiver takes one). */
  private MethodInfo pickForFunction(List<MethodInfo> candidates, MethodReferenceExpr ref, boolean unboundPossible) {
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    if (candidates.isEmpty()) {
      return null;
    }
    MethodInfo functional = functionalMethod(targetType(ref));
    if (functional == null) {
      return null;
    }
    int n = functional.parameterTypes().size();
    List<MethodInfo> fit = new ArrayList<>();
    for (MethodInfo m : candidates) {
      int p = m.parameterTypes().size();
      // Type::method: a static method takes every argument, an instance method all but its receiver.
      if (m.isStatic() || m.isConstructor() || !unboundPossible ? p == n : p == n - 1) {
        fit.add(m);
      }
    }
    if (fit.size() == 1) {
      return fit.get(0);
    }
    List<String> wanted = functionalParameterTypes(ref, functional);
    for (MethodInfo m : fit) {
      List<String> params = m.parameterTypes();
      if (params.equals(wanted) || params.size() == wanted.size() - 1 && params.equals(wanted.subList(1, wanted.size()))) {
        return m;
      }
    }
    return null;
  }
}

package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.comments.Comment;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayAccessExpr;
import com.github.javaparser.ast.expr.AssignExpr;
import com.github.javaparser.ast.expr.CastExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LambdaExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.MethodReferenceExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SimpleName;
import com.github.javaparser.ast.expr.SuperExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.TypeExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.expr.VariableDeclarationExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.type.Type;
import dev.ctxcheck.engine.build.BodyBuilder;
import dev.ctxcheck.engine.build.FlowBuilder;
import dev.ctxcheck.engine.build.Receiver;
import dev.ctxcheck.engine.build.SourceTokens;
import dev.ctxcheck.engine.build.UnitBuilder;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates one compilation unit's JavaParser AST into calls on the engine's builders, as the
 * javac front end does with javac's trees: what javac would see — its implicit constructors and
 * their {@code super(..)} calls included — in the same terms. Calls that cannot be resolved are
 * left out and reported.
 */
final class Extractor {

  private final TypeModel model;
  private final Typing typing;
  private final CompilationUnit unit;
  private final SourcePositions positions;
  private final UnitBuilder<MethodInfo, TypeInfo> out;
  private final FlowBuilder.Exceptions<String> exceptions;
  /** Simple names of single static imports: only names with one of them may use an import. */
  private final Set<String> staticImportNames = new HashSet<>();
  private int flowFailures;

  Extractor(TypeModel model, Typing typing, CompilationUnit unit, SourcePositions positions,
      UnitBuilder<MethodInfo, TypeInfo> out, FlowBuilder.Exceptions<String> exceptions) {
    this.model = model;
    this.typing = typing;
    this.unit = unit;
    this.positions = positions;
    this.out = out;
    this.exceptions = exceptions;
  }

  int flowFailures() {
    return flowFailures;
  }

  SourceFileFacts extract() {
    unit.getPackageDeclaration().ifPresent(p -> out.packageDeclaration(positions.range(p)));
    for (ImportDeclaration imp : unit.getImports()) {
      addImport(imp);
    }
    List<Node> classes = new ArrayList<>(unit.getTypes());
    for (int i = 0; i < classes.size(); i++) {
      addClass(classes.get(i), classes);
    }
    return out.build();
  }

  private void addImport(ImportDeclaration imp) {
    String name = imp.getNameAsString();
    TypeInfo owner = null;
    if (imp.isStatic()) {
      String ownerName = imp.isAsterisk() ? name : name.substring(0, Math.max(name.lastIndexOf('.'), 0));
      String ownerId = model.canonical(ownerName);
      owner = ownerId == null ? null : model.type(ownerId);
      if (!imp.isAsterisk()) {
        staticImportNames.add(imp.getName().getIdentifier());
      }
    }
    out.importDeclaration(imp.isStatic(), imp.isAsterisk(), name, owner, positions.range(imp));
  }

  // ------------------------------------------------------------------ classes

  private void addClass(Node typeNode, List<Node> queue) {
    String id = model.index().idOf(typeNode);
    TypeInfo type = id == null ? null : model.type(id);
    if (type == null) {
      return;
    }
    out.declareType(type, positions.position(typeNode), hasInstanceInit(typeNode));
    if (typeNode instanceof TypeDeclaration<?> td) {
      suppressions(td, td);
    }
    boolean hasConstructor = false;
    for (Node part : SourceIndex.bodyOf(typeNode)) {
      hasConstructor |= part instanceof ConstructorDeclaration || part instanceof CompactConstructorDeclaration;
    }
    if (!type.isInterface() && !type.isRecord() && !hasConstructor) {
      addImplicitConstructor(type, typeNode);
    }
    List<Node> instanceInit = new ArrayList<>();
    List<Node> staticInit = new ArrayList<>();
    for (Node part : SourceIndex.bodyOf(typeNode)) {
      if (part instanceof MethodDeclaration || part instanceof ConstructorDeclaration
          || part instanceof CompactConstructorDeclaration) {
        addMethod((com.github.javaparser.ast.body.BodyDeclaration<?>) part, type, queue);
      } else if (part instanceof FieldDeclaration f) {
        suppressions(f, f);
        boolean isStatic = f.isStatic() || type.isInterface();
        for (VariableDeclarator v : f.getVariables()) {
          if (v.getInitializer().isPresent()) {
            (isStatic ? staticInit : instanceInit).add(v);
          }
        }
      } else if (part instanceof InitializerDeclaration init) {
        (init.isStatic() ? staticInit : instanceInit).add(init);
      } else if (part instanceof EnumConstantDeclaration c) {
        staticInit.add(c);
      } else if (part instanceof TypeDeclaration<?>) {
        queue.add(part);
      }
    }
    if (!instanceInit.isEmpty()) {
      addInitializers(type, instanceInit, false, queue);
    }
    if (!staticInit.isEmpty()) {
      addInitializers(type, staticInit, true, queue);
    }
  }

  private static boolean hasInstanceInit(Node typeNode) {
    boolean isInterface = typeNode instanceof ClassOrInterfaceDeclaration c && c.isInterface();
    for (Node part : SourceIndex.bodyOf(typeNode)) {
      if (part instanceof FieldDeclaration f && !f.isStatic() && !isInterface
          && f.getVariables().stream().anyMatch(v -> v.getInitializer().isPresent())) {
        return true;
      }
      if (part instanceof InitializerDeclaration i && !i.isStatic()) {
        return true;
      }
    }
    return false;
  }

  private void suppressions(Node declaration, NodeWithAnnotations<?> annotated) {
    if (!annotated.getAnnotations().isEmpty()) {
      out.suppressions(positions.range(declaration), model.annotations(annotated));
    }
  }

  /** The constructor a class without one has (javac's default or anonymous class constructor). */
  private void addImplicitConstructor(TypeInfo type, Node typeNode) {
    MethodInfo info = type.methods().stream().filter(m -> m.isConstructor() && m.declaration() == null).findFirst()
        .orElse(null);
    if (info == null) {
      return;
    }
    Position at = positions.position(typeNode);
    BodyBuilder<MethodInfo, TypeInfo> body = out.constructor(info, at, null, false, true);
    if (!type.isEnum() && at != null) {
      List<Value> args = new ArrayList<>();
      for (int i = 0; i < info.parameterTypes().size(); i++) {
        String t = info.parameterTypes().get(i);
        args.add(TypeModel.isPrimitive(t) ? null : Value.parameter(i, t));
      }
      MethodInfo superConstructor = superConstructor(type, info.parameterTypes());
      if (superConstructor != null) {
        body.implicitSuperCall(superConstructor, args, at);
      }
    }
    finish(body, null, new Body(body, List.of(), null, null));
  }

  /** The superclass constructor with these parameter types, which an implicit {@code super(..)} calls. */
  private MethodInfo superConstructor(TypeInfo type, List<String> parameterTypes) {
    if (type.superclass() == null || type.isInterface()) {
      return null;
    }
    TypeInfo sup = model.type(type.superclass());
    if (sup == null) {
      return null;
    }
    MethodInfo found = null;
    for (MethodInfo m : sup.methods()) {
      if (m.isConstructor() && m.parameterTypes().equals(parameterTypes)) {
        found = m;
      }
    }
    return found;
  }

  private void addMethod(com.github.javaparser.ast.body.BodyDeclaration<?> decl, TypeInfo owner, List<Node> queue) {
    MethodInfo info = owner.methods().stream().filter(m -> m.declaration() == decl).findFirst().orElse(null);
    if (info == null) {
      return;
    }
    suppressions(decl, (NodeWithAnnotations<?>) decl);
    BlockStmt block;
    List<Parameter> parameters;
    BodyBuilder<MethodInfo, TypeInfo> body;
    if (decl instanceof CompactConstructorDeclaration c) {
      block = c.getBody();
      parameters = ((RecordDeclaration) c.getParentNode().orElseThrow()).getParameters();
      body = out.constructor(info, positions.position(c), positions.range(c.getName()), false, false);
    } else if (decl instanceof ConstructorDeclaration c) {
      block = c.getBody();
      parameters = c.getParameters();
      body = out.constructor(info, positions.position(c), positions.range(c.getName()), callsThis(block), false);
    } else {
      MethodDeclaration m = (MethodDeclaration) decl;
      block = m.getBody().orElse(null);
      parameters = m.getParameters();
      body = out.method(info, positions.position(m), positions.range(m.getName()), overrides(info, owner),
          block != null);
    }
    if (block == null) {
      body.finish();
      return;
    }
    if (info.isConstructor() && !owner.isEnum() && !owner.isRecord() && !startsWithConstructorCall(block)) {
      // javac puts super() first in a constructor that calls no other.
      Position at = positions.position(block);
      MethodInfo superConstructor = superConstructor(owner, List.of());
      if (at != null && superConstructor != null) {
        body.implicitSuperCall(superConstructor, List.of(), at);
      }
    }
    Body scan = new Body(body, parameters, queue, decl instanceof CompactConstructorDeclaration ? owner.id() : null);
    scan.scan(block);
    finish(body, block, scan);
  }

  private static boolean callsThis(BlockStmt block) {
    return block != null && !block.getStatements().isEmpty()
        && block.getStatement(0) instanceof ExplicitConstructorInvocationStmt ec && ec.isThis();
  }

  private static boolean startsWithConstructorCall(BlockStmt block) {
    return !block.getStatements().isEmpty() && block.getStatement(0) instanceof ExplicitConstructorInvocationStmt;
  }

  private void addInitializers(TypeInfo owner, List<Node> parts, boolean isStatic, List<Node> queue) {
    Node first = parts.get(0);
    Node positioned = first instanceof VariableDeclarator v && v.getParentNode().orElse(null) instanceof FieldDeclaration f
        && f.getVariables().get(0) == v ? f : first;
    BodyBuilder<MethodInfo, TypeInfo> body = out.initializers(owner, isStatic, positions.position(positioned));
    Body scan = new Body(body, List.of(), queue, null);
    for (Node part : parts) {
      if (part instanceof VariableDeclarator v) {
        scan.scan(v.getInitializer().orElseThrow());
      } else if (part instanceof InitializerDeclaration init) {
        scan.scan(init.getBody());
      } else if (part instanceof EnumConstantDeclaration c) {
        scan.enumConstant(c, owner);
      }
    }
    body.finish();
  }

  /** Builds the flow graph where the body needs one, and completes it. */
  private void finish(BodyBuilder<MethodInfo, TypeInfo> body, Node code, Body scan) {
    if (body.needsFlow()) {
      FlowBuilder<String> flow = body.flow(exceptions);
      try {
        if (code != null) {
          new SourceFlow(typing, model, body, flow, scan.siteByNode).body(code);
        }
      } catch (RuntimeException | StackOverflowError e) {
        // Its sites still count, in source order.
        flowFailures++;
        body.abandonFlow();
      }
    }
    body.finish();
  }

  /** The methods {@code method} overrides. */
  private List<MethodInfo> overrides(MethodInfo method, TypeInfo owner) {
    if (method.isConstructor() || method.isStatic() || method.isPrivate()) {
      return List.of();
    }
    List<MethodInfo> result = new ArrayList<>();
    for (String s : model.allSupertypes(owner.id())) {
      TypeInfo st = model.type(s);
      if (st == null) {
        continue;
      }
      for (MethodInfo other : st.methods()) {
        if (!other.isConstructor() && !other.isStatic() && !other.isPrivate()
            && model.overrides(owner.id(), method, other)) {
          result.add(other);
        }
      }
    }
    return result;
  }

  // ------------------------------------------------------------------ bodies

  /** Scans one body (method, lambda or initializers) into sites, local definitions and returns. */
  final class Body {
    final BodyBuilder<MethodInfo, TypeInfo> body;
    final Map<Node, Integer> siteByNode = new IdentityHashMap<>();
    final List<Parameter> parameters;
    final List<Node> queue;
    /** For a record's compact constructor: the record, whose component names are its parameters. */
    final String compactRecord;

    Body(BodyBuilder<MethodInfo, TypeInfo> body, List<Parameter> parameters, List<Node> queue, String compactRecord) {
      this.body = body;
      this.parameters = parameters;
      this.queue = queue;
      this.compactRecord = compactRecord;
    }

    private String owner() {
      return body.owner().id();
    }

    void enumConstant(EnumConstantDeclaration c, TypeInfo owner) {
      c.getArguments().forEach(this::scan);
      MethodInfo ctor;
      if (!c.getClassBody().isEmpty()) {
        queue.add(c);
        TypeInfo anonymous = model.type(model.index().idOf(c));
        ctor = anonymous == null ? null
            : anonymous.methods().stream().filter(MethodInfo::isConstructor).findFirst().orElse(null);
      } else {
        ctor = typing.constructorOf(owner.id(), c.getArguments());
      }
      if (ctor != null) {
        Arguments args = arguments(c.getArguments());
        record(c, body.newObject(ctor, args.values, args.ranges, positions.position(c)));
      }
    }

    void scan(Node node) {
      if (node instanceof LambdaExpr l) {
        lambda(l);
      } else if (node instanceof MethodReferenceExpr r) {
        methodReference(r);
      } else if (node instanceof ObjectCreationExpr oc) {
        oc.getScope().ifPresent(this::scan);
        oc.getArguments().forEach(this::scan);
        if (oc.getAnonymousClassBody().isPresent()) {
          queue.add(oc);
        }
        MethodInfo ctor = typing.resolveConstructor(oc);
        if (ctor != null) {
          Arguments args = arguments(oc.getArguments());
          record(oc, body.newObject(ctor, args.values, args.ranges, positions.position(oc)));
        }
      } else if (node instanceof MethodCallExpr call) {
        call.getScope().ifPresent(this::scan);
        call.getArguments().forEach(this::scan);
        methodCall(call);
      } else if (node instanceof ExplicitConstructorInvocationStmt ec) {
        ec.getExpression().ifPresent(this::scan);
        ec.getArguments().forEach(this::scan);
        MethodInfo callee = typing.resolveExplicitConstructor(ec);
        if (callee != null) {
          Arguments args = arguments(ec.getArguments());
          record(ec, body.constructorCall(callee, args.values, args.ranges, positions.position(ec)));
        }
      } else if (node instanceof VariableDeclarationExpr vd) {
        suppressions(vd, vd);
        vd.getVariables().forEach(this::scan);
      } else if (node instanceof VariableDeclarator v) {
        v.getInitializer().ifPresent(init -> {
          scan(init);
          Integer site = init instanceof MethodCallExpr ? siteByNode.get(init) : null;
          body.defineLocal(v.getNameAsString(), valueOf(init), v, site == null ? -1 : site);
        });
      } else if (node instanceof AssignExpr a) {
        scan(a.getTarget());
        scan(a.getValue());
        if (a.getOperator() == AssignExpr.Operator.ASSIGN && a.getTarget() instanceof NameExpr n) {
          Typing.Variable v = typing.variable(n.getNameAsString(), n);
          if (v != null && v.kind() == Typing.Variable.Kind.LOCAL) {
            body.assignLocal(n.getNameAsString(), valueOf(a.getValue()));
          }
        } else if (!(a.getTarget() instanceof NameExpr)) {
          // x.f = x.f + v reads what it writes; x.f = v only writes.
          TextRange variable = positions.range(a.getTarget());
          TextRange value = positions.range(a.getValue());
          CharSequence text = positions.text();
          boolean readsIt = a.getOperator() != AssignExpr.Operator.ASSIGN || variable != null && value != null
              && text.subSequence(value.start(), value.end()).toString()
                  .contains(text.subSequence(variable.start(), variable.end()));
          fieldUpdate(a, a.getTarget(), readsIt,
              variable == null ? null : SourceTokens.operatorAfter(text, variable.end(), true));
        }
      } else if (node instanceof UnaryExpr u) {
        scan(u.getExpression());
        switch (u.getOperator()) {
          case POSTFIX_INCREMENT, POSTFIX_DECREMENT -> {
            TextRange operand = positions.range(u.getExpression());
            fieldUpdate(u, u.getExpression(), true,
                operand == null ? null : SourceTokens.operatorAfter(positions.text(), operand.end(), false));
          }
          case PREFIX_INCREMENT, PREFIX_DECREMENT -> fieldUpdate(u, u.getExpression(), true,
              SourceTokens.operatorAfter(positions.text(), positions.start(u), false));
          default -> { }
        }
      } else if (node instanceof ReturnStmt r) {
        r.getExpression().ifPresent(e -> {
          scan(e);
          body.returns(valueOf(e));
        });
      } else if (node instanceof NameExpr n) {
        staticReference(n);
      } else if (node instanceof LocalClassDeclarationStmt l) {
        queue.add(l.getClassDeclaration());
      } else if (node instanceof LocalRecordDeclarationStmt l) {
        queue.add(l.getRecordDeclaration());
      } else if (node instanceof Type || node instanceof AnnotationExpr || node instanceof Comment
          || node instanceof SimpleName || node instanceof TypeDeclaration<?>) {
        // no code here
      } else {
        for (Node child : node.getChildNodes()) {
          scan(child);
        }
      }
    }

    /**
     * A write of an instance field through an object: {@code x.f}, {@code x.a.f} (the chain of
     * instance fields starts at {@code x}), {@code x.f[i]}.
     */
    private void fieldUpdate(Expression update, Expression target, boolean readModifyWrite, TextRange operator) {
      Expression t = unparenthesized(target);
      boolean element = false;
      if (t instanceof ArrayAccessExpr a) {
        t = unparenthesized(a.getName());
        element = true;
      }
      if (!(t instanceof FieldAccessExpr f)) {
        return;
      }
      FieldInfo field = typing.field(f);
      if (field == null || field.isStatic()) {
        return;
      }
      Expression base = unparenthesized(f.getScope());
      while (base instanceof FieldAccessExpr inner && isInstanceField(typing.field(inner))) {
        base = unparenthesized(inner.getScope());
      }
      Value receiver = base instanceof ThisExpr || base instanceof SuperExpr ? null : valueOf(base);
      if (receiver == null) {
        return;
      }
      Node statement = update.getParentNode().filter(p -> p instanceof ExpressionStmt
          && p.getParentNode().filter(b -> b instanceof BlockStmt || b instanceof SwitchEntry se
              && se.getType() == SwitchEntry.Type.STATEMENT_GROUP).isPresent()).orElse(null);
      int site = body.fieldUpdate(receiver, field.owner(), field.name(), element, readModifyWrite,
          positions.range(update), statement == null ? null : positions.range(statement), positions.position(update),
          operator);
      if (site >= 0) {
        record(update, site);
      }
    }

    private static boolean isInstanceField(FieldInfo f) {
      return f != null && !f.isStatic();
    }

    private Expression unparenthesized(Expression e) {
      while (e instanceof EnclosedExpr en) {
        e = en.getInner();
      }
      return e;
    }

    private void lambda(LambdaExpr l) {
      List<String> params = new ArrayList<>();
      for (Parameter p : l.getParameters()) {
        Typing.Variable v = typing.variable(p.getNameAsString(), p.getName());
        params.add(v == null || v.type() == null ? "?" : v.type());
      }
      int offset = positions.start(l);
      Node code = l.getExpressionBody().isPresent() ? l.getExpressionBody().get() : l.getBody();
      BodyBuilder<MethodInfo, TypeInfo> lambda = body.lambda(offset, positions.position(l), params,
          SourceTokens.arrowBefore(positions.text(), positions.start(code)));
      record(l, body.siteCount() - 1);
      Body inner = new Body(lambda, l.getParameters(), queue, null);
      if (l.getExpressionBody().isPresent()) {
        Expression e = l.getExpressionBody().get();
        inner.scan(e);
        lambda.returns(inner.valueOf(e));
      } else {
        inner.scan(l.getBody());
      }
      finish(lambda, code, inner);
    }

    private void methodReference(MethodReferenceExpr r) {
      Expression scope = r.getScope();
      if (!(scope instanceof TypeExpr)) {
        scan(scope);
      }
      MethodInfo target = typing.resolveMethodReference(r);
      if (target == null) {
        return;
      }
      Typing.Scope qualifier = typing.referenceScope(r);
      record(r, body.methodReference(target, scope instanceof SuperExpr, qualifier == null ? null : typeId(qualifier.type()),
          positions.position(r)));
    }

    private void methodCall(MethodCallExpr call) {
      MethodInfo callee = typing.resolveCall(call);
      if (callee == null) {
        return;
      }
      Expression scope = call.getScope().orElse(null);
      Receiver receiver;
      if (scope == null) {
        receiver = Receiver.none();
        if (callee.isStatic() && staticImportNames.contains(call.getNameAsString())) {
          TypeInfo owner = model.type(callee.owner());
          if (owner != null) {
            body.staticReference(owner, call.getNameAsString(), positions.range(call.getName()));
          }
        }
      } else {
        Typing.Scope s = typing.scope(scope);
        if (s != null && s.isTypeName()) {
          receiver = Receiver.type();
        } else {
          Object local = null;
          if (scope instanceof NameExpr n) {
            Typing.Variable v = typing.variable(n.getNameAsString(), n);
            local = v != null && v.kind() == Typing.Variable.Kind.LOCAL ? v.declaration() : null;
          }
          receiver = Receiver.expression(typeId(typing.typeOf(scope)), valueOf(scope), scope instanceof SuperExpr, local);
        }
      }
      Arguments args = arguments(call.getArguments());
      record(call, body.invoke(callee, receiver, args.values, args.ranges, positions.position(call),
          positions.range(call.getName())));
    }

    /** An unqualified name that may find a static field through a single static import. */
    private void staticReference(NameExpr n) {
      if (!staticImportNames.contains(n.getNameAsString())) {
        return;
      }
      Typing.Variable v = typing.variable(n.getNameAsString(), n);
      if (v != null && v.kind() == Typing.Variable.Kind.FIELD && v.field().isStatic()) {
        TypeInfo owner = model.type(v.field().owner());
        if (owner != null) {
          body.staticReference(owner, n.getNameAsString(), positions.range(n));
        }
      }
    }

    private String typeId(String type) {
      return type == null || type.equals(Typing.NULL) || type.equals(Typing.FUNCTION) ? null : type;
    }

    private void record(Node node, int site) {
      siteByNode.put(node, site);
    }

    private record Arguments(List<Value> values, List<TextRange> ranges) {}

    private Arguments arguments(List<Expression> args) {
      List<Value> values = new ArrayList<>(args.size());
      List<TextRange> ranges = new ArrayList<>(args.size());
      for (Expression arg : args) {
        values.add(valueOf(arg));
        ranges.add(positions.range(arg));
      }
      return new Arguments(values, ranges);
    }

    /** What can be said about an expression of reference type; null for primitives. */
    Value valueOf(Expression e) {
      while (e instanceof EnclosedExpr || e instanceof CastExpr) {
        e = e instanceof EnclosedExpr en ? en.getInner() : ((CastExpr) e).getExpression();
      }
      String type = typing.typeOf(e);
      if (type != null && TypeModel.isPrimitive(type)) {
        return null;
      }
      String typeId = typeId(type);
      if (e instanceof NameExpr n) {
        Typing.Variable v = typing.variable(n.getNameAsString(), n);
        if (v == null) {
          return Value.other(typeId);
        }
        return switch (v.kind()) {
          case FIELD -> {
            int component = compactRecord != null && !v.field().isStatic() && v.field().owner().equals(compactRecord)
                ? indexOfName(parameters, v.name()) : -1;
            yield component >= 0 ? Value.parameter(component, typeId)
                : Value.field(v.field().owner(), v.name(), v.field().isStatic(), typeId);
          }
          case PARAMETER -> {
            int index = indexOfIdentity(parameters, v.declaration());
            yield index >= 0 ? Value.parameter(index, typeId) : Value.other(typeId);
          }
          case LOCAL -> Value.local(v.name(), typeId);
        };
      }
      if (e instanceof FieldAccessExpr f) {
        FieldInfo field = typing.field(f);
        return field == null ? Value.other(typeId) : Value.field(field.owner(), field.name(), field.isStatic(), typeId);
      }
      if (e instanceof ThisExpr) {
        return typeId == null ? Value.other(null) : Value.field(typeId, "this", false, typeId);
      }
      if (e instanceof SuperExpr s) {
        String self = s.getTypeName().map(n -> model.resolveName(n.asString(), s)).orElseGet(() -> typing.enclosingType(s));
        return self == null ? Value.other(typeId) : Value.field(self, "super", false, typeId);
      }
      if (e instanceof ArrayAccessExpr a) {
        Value inner = valueOf(a.getName());
        if (inner instanceof Value.Field f) {
          return f.element(typeId);
        }
        return inner == null ? Value.other(typeId) : inner;
      }
      if (e instanceof MethodCallExpr call) {
        MethodInfo m = typing.resolveCall(call);
        Integer site = siteByNode.get(call);
        return m == null ? Value.other(typeId) : body.callResult(m, typeId, site == null ? -1 : site);
      }
      if (e instanceof LambdaExpr l) {
        return body.lambdaValue(positions.start(l), typeId);
      }
      if (e instanceof MethodReferenceExpr r) {
        Integer site = siteByNode.get(r);
        return site == null ? Value.other(typeId) : body.methodReferenceValue(site, typeId);
      }
      if (e instanceof ObjectCreationExpr oc) {
        String created = oc.getAnonymousClassBody().isPresent() ? model.index().idOf(oc) : typeId;
        return created == null ? Value.other(typeId) : Value.newObject(created);
      }
      return Value.other(typeId);
    }
  }

  private static int indexOfIdentity(List<Parameter> list, Node node) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == node) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfName(List<Parameter> list, String name) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).getNameAsString().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}

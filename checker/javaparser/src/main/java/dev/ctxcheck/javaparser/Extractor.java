package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.CompactConstructorDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
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
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExplicitConstructorInvocationStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.ReturnStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.type.Type;
import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.FileFacts;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.TypeFacts;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extracts the facts of one compilation unit from its JavaParser AST, as the javac front end's
 * {@code FactExtractor} does from javac's trees: the same ids, sites (in the same order), values,
 * positions and flow graphs. Calls that cannot be resolved are left out and reported.
 */
final class Extractor {

  static final String FIELD_INIT = "<fieldinit>";
  static final String STATIC_INIT = "<clinit>";

  private final TypeModel model;
  private final Typing typing;
  private final CompilationUnit unit;
  private final SourcePositions positions;
  private final String fileName;
  private final UnitFacts out;
  private int flowFailures;

  Extractor(TypeModel model, Typing typing, CompilationUnit unit, SourcePositions positions, String fileName) {
    this.model = model;
    this.typing = typing;
    this.unit = unit;
    this.positions = positions;
    this.fileName = fileName;
    this.out = new UnitFacts(positions.fileId());
  }

  int flowFailures() {
    return flowFailures;
  }

  UnitFacts extract() {
    out.fileFacts = fileFacts();
    List<Node> classes = new ArrayList<>(unit.getTypes());
    for (int i = 0; i < classes.size(); i++) {
      addClass(classes.get(i), classes);
    }
    return out;
  }

  private FileFacts fileFacts() {
    Set<String> onDemand = new HashSet<>();
    Set<String> single = new HashSet<>();
    int afterPackage = unit.getPackageDeclaration().map(p -> end(p)).orElse(0);
    int afterImport = -1;
    int afterStaticImport = -1;
    for (ImportDeclaration imp : unit.getImports()) {
      int end = end(imp);
      afterImport = Math.max(afterImport, end);
      if (!imp.isStatic()) {
        continue;
      }
      afterStaticImport = Math.max(afterStaticImport, end);
      if (imp.isAsterisk()) {
        String t = model.canonical(imp.getNameAsString());
        if (t != null) {
          onDemand.add(t);
        }
      } else {
        String name = imp.getNameAsString();
        String t = model.canonical(name.substring(0, Math.max(name.lastIndexOf('.'), 0)));
        if (t != null) {
          single.add(t + "#" + imp.getName().getIdentifier());
        }
      }
    }
    int insertAt = afterStaticImport >= 0 ? afterStaticImport : afterImport >= 0 ? afterImport : afterPackage;
    return new FileFacts(positions.fileId(), onDemand, single, Math.max(insertAt, 0));
  }

  private int end(Node n) {
    TextRange r = positions.range(n);
    return r == null ? 0 : r.end();
  }

  // ------------------------------------------------------------------ classes

  private void addClass(Node typeNode, List<Node> queue) {
    String id = model.index().idOf(typeNode);
    TypeInfo type = id == null ? null : model.type(id);
    if (type == null) {
      return;
    }
    out.events.add(new UnitFacts.AddType(new TypeFacts(id, simpleName(type), model.allSupertypes(id), type.contexts(),
        true)));
    boolean hasInit = hasInstanceInit(typeNode);
    boolean hasConstructor = false;
    for (Node part : SourceIndex.bodyOf(typeNode)) {
      hasConstructor |= part instanceof ConstructorDeclaration || part instanceof CompactConstructorDeclaration;
    }
    if (!type.isInterface() && !type.isRecord() && !hasConstructor) {
      // javac puts the default constructor first among the members.
      addDefaultConstructor(type, typeNode, hasInit);
    }
    List<Node> instanceInit = new ArrayList<>();
    List<Node> staticInit = new ArrayList<>();
    for (Node part : SourceIndex.bodyOf(typeNode)) {
      if (part instanceof MethodDeclaration || part instanceof ConstructorDeclaration) {
        addMethod((CallableDeclaration<?>) part, type, queue, hasInit);
      } else if (part instanceof FieldDeclaration f) {
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
      addInitializer(type, instanceInit, false, queue);
    }
    if (!staticInit.isEmpty()) {
      addInitializer(type, staticInit, true, queue);
    }
  }

  private static boolean hasInstanceInit(Node typeNode) {
    boolean isInterface = typeNode instanceof com.github.javaparser.ast.body.ClassOrInterfaceDeclaration c && c.isInterface();
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

  private String simpleName(TypeInfo type) {
    if (!type.simpleName().isEmpty()) {
      return type.simpleName();
    }
    String base = type.interfaces().isEmpty() ? type.superclass() : type.interfaces().get(0);
    base = base == null ? TypeModel.OBJECT : base;
    return "anonymous " + base.substring(Math.max(base.lastIndexOf('.'), base.lastIndexOf('$')) + 1);
  }

  private void addDefaultConstructor(TypeInfo type, Node typeNode, boolean hasInit) {
    MethodInfo info = type.methods().stream().filter(m -> m.isConstructor() && m.declaration() == null).findFirst()
        .orElse(null);
    if (info == null) {
      return;
    }
    out.events.add(new UnitFacts.MarkDescribed(info.id()));
    Body body = new Body(List.of(), type.id(), null);
    if (hasInit) {
      body.entrySites.add(body.addSynthetic(type.id() + "#" + FIELD_INIT));
    }
    Position at = positions.position(typeNode);
    if (!type.isEnum() && at != null) {
      List<Value> args = new ArrayList<>();
      for (int i = 0; i < info.parameterTypes().size(); i++) {
        args.add(TypeModel.isPrimitive(info.parameterTypes().get(i)) ? null
            : Value.parameter(i, info.parameterTypes().get(i)));
      }
      body.implicitSuper(type, at, info.parameterTypes(), args);
    }
    List<Set<ExecContext>> noContexts = new ArrayList<>();
    List<List<String>> noCallbacks = new ArrayList<>();
    for (int i = 0; i < info.parameterTypes().size(); i++) {
      noContexts.add(Set.of());
      noCallbacks.add(List.of());
    }
    out.events.add(new UnitFacts.AddMethod(new MethodFacts(info.id(), "<init>", "new " + simpleName(type), type.id(),
        MethodFacts.Kind.CONSTRUCTOR, false, true, info.parameterTypes(), Set.of(), noContexts, noCallbacks, List.of(),
        null, null, at, body.sites, null, body.locals, body.returns)));
  }

  private void addMethod(CallableDeclaration<?> decl, TypeInfo owner, List<Node> queue, boolean ownerHasInit) {
    MethodInfo info = owner.methods().stream().filter(m -> m.declaration() == decl).findFirst().orElse(null);
    if (info == null) {
      return;
    }
    out.events.add(new UnitFacts.MarkDescribed(info.id()));
    List<Parameter> params = decl.getParameters();
    Body body = new Body(params, owner.id(), queue);
    boolean constructor = info.isConstructor();
    BlockStmt block = decl instanceof MethodDeclaration m ? m.getBody().orElse(null)
        : ((ConstructorDeclaration) decl).getBody();
    if (constructor && ownerHasInit && !callsThis(block)) {
      body.entrySites.add(body.addSynthetic(owner.id() + "#" + FIELD_INIT));
    }
    FlowGraph flow = null;
    if (block != null) {
      if (constructor && !owner.isEnum() && !owner.isRecord() && !startsWithConstructorCall(block)) {
        Position at = positions.position(block);
        if (at != null) {
          body.implicitSuper(owner, at, List.of(), List.of());
        }
      }
      body.scan(block);
      if (body.hasMaskEffects) {
        flow = body.lower(block);
      }
    }
    List<List<String>> callbacks = parameterCallbacks(info);
    List<String> overrides = overrides(info, owner);
    out.events.add(new UnitFacts.AddMethod(new MethodFacts(
        info.id(),
        constructor ? "<init>" : info.name(),
        constructor ? "new " + simpleName(owner) : info.name(),
        owner.id(),
        constructor ? MethodFacts.Kind.CONSTRUCTOR : MethodFacts.Kind.METHOD,
        info.isStatic(),
        block != null,
        info.parameterTypes(),
        info.contexts(),
        info.parameterContexts(),
        callbacks,
        overrides,
        info.operation(),
        info.maskEffect(),
        positions.position(decl),
        body.sites,
        flow,
        body.locals,
        body.returns)));
  }

  private static boolean callsThis(BlockStmt block) {
    return block != null && !block.getStatements().isEmpty()
        && block.getStatement(0) instanceof ExplicitConstructorInvocationStmt ec && ec.isThis();
  }

  private static boolean startsWithConstructorCall(BlockStmt block) {
    return !block.getStatements().isEmpty() && block.getStatement(0) instanceof ExplicitConstructorInvocationStmt;
  }

  private void addInitializer(TypeInfo owner, List<Node> parts, boolean isStatic, List<Node> queue) {
    Body body = new Body(List.of(), owner.id(), queue);
    for (Node part : parts) {
      if (part instanceof VariableDeclarator v) {
        body.scan(v.getInitializer().orElseThrow());
      } else if (part instanceof InitializerDeclaration init) {
        body.scan(init.getBody());
      } else if (part instanceof EnumConstantDeclaration c) {
        body.enumConstant(c, owner);
      }
    }
    String name = isStatic ? STATIC_INIT : FIELD_INIT;
    Node first = parts.get(0);
    Node positioned = first instanceof VariableDeclarator v && v.getParentNode().orElse(null) instanceof FieldDeclaration f
        && f.getVariables().get(0) == v ? f : first;
    out.events.add(new UnitFacts.AddMethod(new MethodFacts(
        owner.id() + "#" + name, name, "initializers of " + simpleName(owner), owner.id(),
        MethodFacts.Kind.INITIALIZER, isStatic, true, List.of(), Set.of(), List.of(), List.of(), List.of(),
        null, null, positions.position(positioned), body.sites, null, body.locals, body.returns)));
  }

  private String lambdaId(String owner, LambdaExpr lambda) {
    return owner + "#lambda@" + positions.start(lambda);
  }

  private void addLambda(LambdaExpr lambda, String owner, List<Node> queue) {
    Body body = new Body(lambda.getParameters(), owner, queue);
    Statement code = lambda.getBody();
    if (lambda.getExpressionBody().isPresent()) {
      Expression e = lambda.getExpressionBody().get();
      body.scan(e);
      Value v = body.valueOf(e);
      if (v != null) {
        body.returns.add(v);
      }
    } else {
      body.scan(code);
    }
    FlowGraph flow = body.hasMaskEffects ? body.lower(code) : null;
    Position pos = positions.position(lambda);
    List<String> params = new ArrayList<>();
    for (Parameter p : lambda.getParameters()) {
      Typing.Variable v = typing.variable(p.getNameAsString(), p.getName());
      params.add(v == null || v.type() == null ? "?" : v.type());
    }
    out.events.add(new UnitFacts.AddMethod(new MethodFacts(
        lambdaId(owner, lambda), "lambda", "lambda@" + fileName + ":" + (pos == null ? 0 : pos.line()), owner,
        MethodFacts.Kind.LAMBDA, false, true, params, Set.of(), List.of(), List.of(), List.of(), null, null, pos,
        body.sites, flow, body.locals, body.returns)));
  }

  // ------------------------------------------------------------------ signatures

  private String describe(MethodInfo m) {
    out.events.add(new UnitFacts.Describe(m));
    return m.id();
  }

  /** For each context-annotated parameter, the methods invoked on the object passed there. */
  private List<List<String>> parameterCallbacks(MethodInfo method) {
    List<List<String>> result = new ArrayList<>();
    for (List<MethodInfo> callbacks : callbacks(model, method)) {
      List<String> ids = new ArrayList<>();
      for (MethodInfo cb : callbacks) {
        ids.add(describe(cb));
      }
      result.add(ids);
    }
    return result;
  }

  /** For each parameter, the methods of its type invoked on what is passed there (context-annotated ones only). */
  static List<List<MethodInfo>> callbacks(TypeModel model, MethodInfo method) {
    List<List<MethodInfo>> out = new ArrayList<>();
    for (int i = 0; i < method.parameterTypes().size(); i++) {
      Set<ExecContext> contexts = i < method.parameterContexts().size() ? method.parameterContexts().get(i) : Set.of();
      TypeInfo pt = model.type(method.parameterTypes().get(i));
      if (contexts.isEmpty() || pt == null) {
        out.add(List.of());
        continue;
      }
      List<MethodInfo> callbacks = new ArrayList<>();
      List<MethodInfo> seen = new ArrayList<>();
      List<String> order = new ArrayList<>();
      order.add(pt.id());
      order.addAll(model.allSupertypes(pt.id()));
      for (String s : order) {
        TypeInfo st = model.type(s);
        if (st == null) {
          continue;
        }
        for (MethodInfo m : st.methods()) {
          if (m.isConstructor() || seen.stream().anyMatch(o -> o.sameSignature(m))) {
            continue;
          }
          seen.add(m);
          if (m.isAbstract() && !Typing.isObjectMethod(m)) {
            callbacks.add(m);
          }
        }
      }
      if (callbacks.isEmpty()) {
        for (MethodInfo m : pt.methods()) {
          if (!m.isConstructor() && !m.isStatic() && !m.isPrivate() && !m.name().equals("<clinit>")) {
            callbacks.add(m);
          }
        }
      }
      out.add(callbacks);
    }
    return out;
  }

  private List<String> overrides(MethodInfo method, TypeInfo owner) {
    if (method.isConstructor() || method.isStatic() || method.isPrivate()) {
      return List.of();
    }
    List<String> result = new ArrayList<>();
    for (String s : model.allSupertypes(owner.id())) {
      TypeInfo st = model.type(s);
      if (st == null) {
        continue;
      }
      for (MethodInfo other : st.methods()) {
        if (!other.isConstructor() && !other.isStatic() && !other.isPrivate()
            && model.overrides(owner.id(), method, other)) {
          result.add(describe(other));
        }
      }
    }
    return result;
  }

  // ------------------------------------------------------------------ bodies

  /** Scans one body (method, lambda or initializers) into sites, local definitions and returns. */
  final class Body {
    final List<CallSite> sites = new ArrayList<>();
    final IdentityHashMap<Node, Integer> siteByNode = new IdentityHashMap<>();
    final List<Integer> entrySites = new ArrayList<>();
    final Map<String, List<Value>> locals = new LinkedHashMap<>();
    final List<Value> returns = new ArrayList<>();
    /** Locals initialised by a masking call: what their guard object's close() releases. */
    final Map<Node, MaskLevel> scopes = new IdentityHashMap<>();
    final List<Parameter> parameters;
    final String owner;
    final List<Node> queue;
    boolean hasMaskEffects;

    Body(List<Parameter> parameters, String owner, List<Node> queue) {
      this.parameters = parameters;
      this.owner = owner;
      this.queue = queue;
    }

    int addSynthetic(String target) {
      sites.add(CallSite.synthetic(target, null));
      return sites.size() - 1;
    }

    /** The {@code close()} a try-with-resources runs on a resource; -1 if it does not matter. */
    int addScopeRelease(MethodInfo close, Node resource) {
      if (close == null || close.maskEffect() == null) {
        return -1;
      }
      sites.add(CallSite.synthetic(describe(close), scopes.get(resource)));
      return sites.size() - 1;
    }

    /** The {@code super(..)} javac puts first in a constructor that calls no other. */
    void implicitSuper(TypeInfo type, Position at, List<String> parameterTypes, List<Value> args) {
      String superclass = type.superclass();
      if (superclass == null || type.isInterface()) {
        return;
      }
      TypeInfo sup = model.type(superclass);
      if (sup == null) {
        return;
      }
      MethodInfo ctor = null;
      for (MethodInfo m : sup.methods()) {
        if (m.isConstructor() && m.parameterTypes().equals(parameterTypes)) {
          ctor = m;
        }
      }
      if (ctor == null) {
        return;
      }
      List<TextRange> ranges = new ArrayList<>();
      args.forEach(a -> ranges.add(null));
      entrySites.add(sites.size());
      sites.add(new CallSite(CallSite.Kind.INVOKE, describe(ctor), CallSite.Dispatch.EXACT, null, null, args, ranges,
          at, new TextRange(at.offset(), at.offset() + "<init>".length()), CallSite.NameAccess.SCOPE, null));
    }

    FlowGraph lower(Statement code) {
      try {
        return new FlowBuilder(this, typing, model).build(code);
      } catch (RuntimeException | StackOverflowError e) {
        // Its sites still count, in source order.
        flowFailures++;
        return null;
      }
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
        record(c, new CallSite(CallSite.Kind.NEW, describe(ctor), CallSite.Dispatch.EXACT, null, null, args.values,
            args.ranges, positions.position(c), null, CallSite.NameAccess.QUALIFIED, null));
      }
    }

    void scan(Node node) {
      if (node instanceof LambdaExpr l) {
        addLambda(l, owner, queue);
        record(l, new CallSite(CallSite.Kind.LAMBDA, lambdaId(owner, l), CallSite.Dispatch.EXACT, null, null,
            List.of(), List.of(), positions.position(l), null, CallSite.NameAccess.QUALIFIED, null));
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
          record(oc, new CallSite(CallSite.Kind.NEW, describe(ctor), CallSite.Dispatch.EXACT, null, null, args.values,
              args.ranges, positions.position(oc), null, CallSite.NameAccess.QUALIFIED, null));
        }
      } else if (node instanceof MethodCallExpr call) {
        call.getScope().ifPresent(this::scan);
        call.getArguments().forEach(this::scan);
        methodCall(call);
      } else if (node instanceof ExplicitConstructorInvocationStmt ec) {
        ec.getExpression().ifPresent(this::scan);
        ec.getArguments().forEach(this::scan);
        constructorCall(ec);
      } else if (node instanceof VariableDeclarator v) {
        v.getInitializer().ifPresent(init -> {
          scan(init);
          define(v.getNameAsString(), valueOf(init));
          if (init instanceof MethodCallExpr mc) {
            MethodInfo m = typing.resolveCall(mc);
            MaskEffect effect = m == null ? null : m.maskEffect();
            if (effect != null && effect.action() == MaskEffect.Action.MASK) {
              scopes.put(v, effect.level());
            }
          }
        });
      } else if (node instanceof AssignExpr a) {
        scan(a.getTarget());
        scan(a.getValue());
        if (a.getOperator() == AssignExpr.Operator.ASSIGN && a.getTarget() instanceof NameExpr n) {
          Typing.Variable v = typing.variable(n.getNameAsString(), n);
          if (v != null && v.kind() == Typing.Variable.Kind.LOCAL) {
            define(n.getNameAsString(), valueOf(a.getValue()));
          }
        }
      } else if (node instanceof ReturnStmt r) {
        r.getExpression().ifPresent(e -> {
          scan(e);
          Value v = valueOf(e);
          if (v != null) {
            returns.add(v);
          }
        });
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

    private void methodReference(MethodReferenceExpr r) {
      Expression scope = r.getScope();
      if (!(scope instanceof TypeExpr)) {
        scan(scope);
      }
      MethodInfo target = typing.resolveMethodReference(r);
      if (target == null) {
        return;
      }
      boolean exact = target.isStatic() || target.isConstructor() || scope instanceof SuperExpr;
      String receiverType = null;
      if (!exact) {
        receiverType = typeId(typing.referenceScope(r));
      }
      record(r, new CallSite(CallSite.Kind.METHOD_REFERENCE, describe(target),
          exact ? CallSite.Dispatch.EXACT : CallSite.Dispatch.VIRTUAL, receiverType, null, List.of(), List.of(),
          positions.position(r), null, CallSite.NameAccess.QUALIFIED, null));
    }

    private String typeId(Typing.Scope scope) {
      return scope == null ? null : typeId(scope.type());
    }

    private String typeId(String type) {
      return type == null || type.equals(Typing.NULL) || type.equals(Typing.FUNCTION) ? null : type;
    }

    private void methodCall(MethodCallExpr call) {
      MethodInfo callee = typing.resolveCall(call);
      if (callee == null) {
        return;
      }
      Expression scope = call.getScope().orElse(null);
      boolean isStatic = callee.isStatic();
      boolean exact = isStatic || callee.isPrivate() || callee.isConstructor() || scope instanceof SuperExpr;
      String receiverType = null;
      Value receiver = null;
      if (scope != null && !isStatic) {
        receiverType = typeId(typing.typeOf(scope));
        receiver = valueOf(scope);
      } else if (!exact) {
        receiverType = model.isSubtype(owner, callee.owner()) ? owner : callee.owner();
      }
      MaskEffect effect = callee.maskEffect();
      hasMaskEffects |= effect != null;
      MaskLevel scopeLevel = null;
      if (effect != null && effect.action() == MaskEffect.Action.UNMASK_SCOPE && scope instanceof NameExpr n) {
        Typing.Variable v = typing.variable(n.getNameAsString(), n);
        scopeLevel = v == null || v.declaration() == null ? null : scopes.get(v.declaration());
      }
      Arguments args = arguments(call.getArguments());
      record(call, new CallSite(CallSite.Kind.INVOKE, describe(callee),
          exact ? CallSite.Dispatch.EXACT : CallSite.Dispatch.VIRTUAL, receiverType, receiver, args.values,
          args.ranges, positions.position(call), positions.range(call.getName()),
          scope != null ? CallSite.NameAccess.QUALIFIED : nameAccess(callee), scopeLevel));
    }

    private void constructorCall(ExplicitConstructorInvocationStmt ec) {
      MethodInfo callee = typing.resolveExplicitConstructor(ec);
      if (callee == null) {
        return;
      }
      Arguments args = arguments(ec.getArguments());
      Position at = positions.position(ec);
      record(ec, new CallSite(CallSite.Kind.INVOKE, describe(callee), CallSite.Dispatch.EXACT, null, null,
          args.values, args.ranges, at, at == null ? null : new TextRange(at.offset(), at.offset() + "<init>".length()),
          ec.getExpression().isPresent() ? CallSite.NameAccess.QUALIFIED : nameAccess(callee), null));
    }

    /** How an unqualified name finds {@code callee}: as a member of an enclosing class, or by static import. */
    private CallSite.NameAccess nameAccess(MethodInfo callee) {
      String t = owner;
      while (t != null) {
        if (model.isSubtype(t, callee.owner())) {
          return CallSite.NameAccess.SCOPE;
        }
        SourceIndex.SourceType st = model.index().type(t);
        t = st != null && st.member() ? st.enclosing() : null;
      }
      return CallSite.NameAccess.STATIC_IMPORT;
    }

    private void define(String local, Value v) {
      locals.computeIfAbsent(local, k -> new ArrayList<>()).add(v);
    }

    private void record(Node node, CallSite site) {
      siteByNode.put(node, sites.size());
      sites.add(site);
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
          case FIELD -> Value.field(v.field().owner(), v.name(), v.field().isStatic(), false, typeId);
          case PARAMETER -> {
            int index = indexOfIdentity(parameters, v.declaration());
            yield index >= 0 ? Value.parameter(index, typeId) : Value.other(typeId);
          }
          case LOCAL -> Value.local(v.name(), typeId);
        };
      }
      if (e instanceof FieldAccessExpr f) {
        FieldInfo field = typing.field(f);
        return field == null ? Value.other(typeId)
            : Value.field(field.owner(), field.name(), field.isStatic(), false, typeId);
      }
      if (e instanceof ThisExpr t) {
        return typeId == null ? Value.other(null) : Value.field(typeId, "this", false, false, typeId);
      }
      if (e instanceof SuperExpr s) {
        String self = s.getTypeName().map(n -> model.resolveName(n.asString(), s)).orElseGet(() -> typing.enclosingType(s));
        return self == null ? Value.other(typeId) : Value.field(self, "super", false, false, typeId);
      }
      if (e instanceof ArrayAccessExpr a) {
        Value inner = valueOf(a.getName());
        if (inner != null && inner.kind() == Value.Kind.FIELD) {
          return Value.field(inner.target(), inner.name(), inner.isStaticField(), true, typeId);
        }
        return inner == null ? Value.other(typeId) : inner;
      }
      if (e instanceof MethodCallExpr call) {
        MethodInfo m = typing.resolveCall(call);
        return m == null ? Value.other(typeId) : Value.callResult(m.id(), typeId);
      }
      if (e instanceof LambdaExpr l) {
        return Value.lambda(lambdaId(owner, l), typeId);
      }
      if (e instanceof MethodReferenceExpr r) {
        Integer site = siteByNode.get(r);
        return site == null ? Value.other(typeId) : Value.methodReference(sites.get(site).target(), site, typeId);
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
}

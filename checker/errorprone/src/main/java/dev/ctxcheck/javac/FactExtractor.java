package dev.ctxcheck.javac;

import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.FileFacts;
import dev.ctxcheck.engine.facts.FlowGraph;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.TypeFacts;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Extracts program facts from attributed compilation units, using javac's public tree API
 * ({@code com.sun.source}, {@code javax.lang.model}) and the dataflow library's control-flow graph,
 * so that any javac-based front end (Error Prone plugin or plain javac plugin) can use it. No tree
 * is kept: each method is reduced to its {@link MethodFacts} at once.
 */
public final class FactExtractor {

  private static final String FIELD_INIT = "<fieldinit>";
  private static final String STATIC_INIT = "<clinit>";

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final ProcessingEnvironment env;
  private final ApiAnnotations annotations;
  private final Ids ids;
  private final Program program;
  private final Set<String> described = new HashSet<>();
  private final Map<TypeElement, List<String>> supertypeIds = new HashMap<>();
  private final Map<ExecutableElement, Optional<MaskEffect>> maskEffects = new HashMap<>();
  private final FlowLowering lowering;
  private int flowFailures;
  private int flowsBuilt;
  private long flowNanos;

  private CompilationUnitTree unit;
  private String file;
  private String fileName;
  private LineMap lineMap;
  private SourcePositions positions;

  public FactExtractor(ProcessingEnvironment env, Program program) {
    this.env = env;
    this.trees = Trees.instance(env);
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.annotations = new ApiAnnotations(elements);
    this.ids = new Ids(elements, types);
    this.program = program;
    this.positions = trees.getSourcePositions();
    this.lowering = new FlowLowering();
  }

  /** The id under which a source file's positions are recorded (its URI). */
  public static String fileId(CompilationUnitTree unit) {
    return unit.getSourceFile().toUri().toString();
  }

  /** Methods whose control-flow graph could not be built and were taken as straight-line code. */
  public int flowFailures() {
    return flowFailures;
  }

  /** Bodies whose control-flow graph was built (they mask and branch). */
  public int flowsBuilt() {
    return flowsBuilt;
  }

  /** Time spent building and lowering control-flow graphs, part of the extraction time. */
  public long flowNanos() {
    return flowNanos;
  }

  /** Adds every type, method, lambda and initializer declared in {@code cu}. */
  public void add(CompilationUnitTree cu) {
    this.unit = cu;
    this.file = fileId(cu);
    String path = cu.getSourceFile().getName();
    this.fileName = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
    this.lineMap = cu.getLineMap();
    TreePath root = new TreePath(cu);
    program.addFile(fileFacts(root));
    List<TreePath> classes = new ArrayList<>();
    for (Tree t : cu.getTypeDecls()) {
      if (t instanceof ClassTree) {
        classes.add(new TreePath(root, t));
      }
    }
    // Local and anonymous classes and lambdas found in bodies join the queue.
    for (int i = 0; i < classes.size(); i++) {
      addClass(classes.get(i), classes);
    }
  }

  /** The file's static imports and where a new import would go, for fixes that rename calls. */
  private FileFacts fileFacts(TreePath root) {
    Set<String> onDemand = new HashSet<>();
    Set<String> single = new HashSet<>();
    long afterPackage = unit.getPackage() == null ? 0 : positions.getEndPosition(unit, unit.getPackage());
    long afterImport = -1;
    long afterStaticImport = -1;
    for (ImportTree imp : unit.getImports()) {
      long end = positions.getEndPosition(unit, imp);
      afterImport = Math.max(afterImport, end);
      if (imp.isStatic()) {
        afterStaticImport = Math.max(afterStaticImport, end);
      }
      if (!imp.isStatic() || !(imp.getQualifiedIdentifier() instanceof MemberSelectTree member)) {
        continue;
      }
      Element type = trees.getElement(new TreePath(new TreePath(root, imp), member.getExpression()));
      if (type instanceof TypeElement te) {
        if (member.getIdentifier().contentEquals("*")) {
          onDemand.add(ids.type(te));
        } else {
          single.add(ids.type(te) + "#" + member.getIdentifier());
        }
      }
    }
    // A new static import goes after the last static import, else after the imports or the package.
    long insertAt = afterStaticImport >= 0 ? afterStaticImport : afterImport >= 0 ? afterImport : afterPackage;
    return new FileFacts(file, onDemand, single, (int) Math.max(insertAt, 0));
  }

  private void addClass(TreePath classPath, List<TreePath> queue) {
    ClassTree tree = (ClassTree) classPath.getLeaf();
    Element element = trees.getElement(classPath);
    if (!(element instanceof TypeElement type)) {
      return; // not attributed (an error elsewhere): nothing reliable to say
    }
    String typeId = ids.type(type);
    program.addType(new TypeFacts(typeId, simpleName(type), supertypes(type), annotations.contexts(type), true));
    List<TreePath> instanceInit = new ArrayList<>();
    List<TreePath> staticInit = new ArrayList<>();
    boolean hasInstanceInit = hasInstanceInit(tree);
    for (Tree member : tree.getMembers()) {
      TreePath memberPath = new TreePath(classPath, member);
      switch (member.getKind()) {
        case METHOD -> addMethod(memberPath, type, queue, hasInstanceInit);
        case VARIABLE -> {
          VariableTree v = (VariableTree) member;
          if (v.getInitializer() != null) {
            (v.getModifiers().getFlags().contains(Modifier.STATIC) ? staticInit : instanceInit).add(memberPath);
          }
        }
        case BLOCK -> (((BlockTree) member).isStatic() ? staticInit : instanceInit).add(memberPath);
        case CLASS, INTERFACE, ENUM, ANNOTATION_TYPE, RECORD -> queue.add(memberPath);
        default -> { }
      }
    }
    if (!instanceInit.isEmpty()) {
      addInitializer(classPath, type, instanceInit, false, queue);
    }
    if (!staticInit.isEmpty()) {
      addInitializer(classPath, type, staticInit, true, queue);
    }
  }

  private static boolean hasInstanceInit(ClassTree tree) {
    for (Tree member : tree.getMembers()) {
      if (member instanceof VariableTree v && v.getInitializer() != null
          && !v.getModifiers().getFlags().contains(Modifier.STATIC)) {
        return true;
      }
      if (member instanceof BlockTree b && !b.isStatic()) {
        return true;
      }
    }
    return false;
  }

  private void addMethod(TreePath methodPath, TypeElement owner, List<TreePath> queue, boolean ownerHasInit) {
    MethodTree tree = (MethodTree) methodPath.getLeaf();
    Element element = trees.getElement(methodPath);
    if (!(element instanceof ExecutableElement method)) {
      return;
    }
    String id = ids.method(method);
    described.add(id);
    Body body = new Body(method.getParameters(), owner, queue);
    boolean constructor = method.getKind() == ElementKind.CONSTRUCTOR;
    if (constructor && ownerHasInit && !callsThis(tree)) {
      body.entrySites.add(body.addSynthetic(ids.member(owner, FIELD_INIT)));
    }
    FlowGraph flow = null;
    if (tree.getBody() != null) {
      body.scan(new TreePath(methodPath, tree.getBody()), null);
      if (body.needsFlow()) {
        flow = lower(body, methodPath);
      }
    }
    MethodFacts facts = new MethodFacts(
        id,
        constructor ? "<init>" : method.getSimpleName().toString(),
        constructor ? "new " + simpleName(owner) : method.getSimpleName().toString(),
        ids.type(owner),
        constructor ? MethodFacts.Kind.CONSTRUCTOR : MethodFacts.Kind.METHOD,
        method.getModifiers().contains(Modifier.STATIC),
        tree.getBody() != null,
        ids.parameterTypes(method),
        annotations.contexts(method),
        parameterContexts(method),
        parameterCallbacks(method),
        overrides(method, owner),
        annotations.operation(method),
        maskEffect(method),
        position(tree),
        body.sites,
        flow,
        body.locals,
        body.returns);
    program.addMethod(facts);
  }

  private void addInitializer(TreePath classPath, TypeElement owner, List<TreePath> parts, boolean isStatic,
      List<TreePath> queue) {
    Body body = new Body(List.of(), owner, queue);
    for (TreePath part : parts) {
      Tree leaf = part.getLeaf();
      if (leaf instanceof VariableTree v) {
        body.scan(new TreePath(part, v.getInitializer()), null);
      } else {
        body.scan(part, null);
      }
    }
    String name = isStatic ? STATIC_INIT : FIELD_INIT;
    program.addMethod(new MethodFacts(
        ids.member(owner, name), name, "initializers of " + simpleName(owner), ids.type(owner),
        MethodFacts.Kind.INITIALIZER, isStatic, true, List.of(), Set.of(), List.of(), List.of(), List.of(),
        null, null, position(parts.get(0).getLeaf()), body.sites, null, body.locals, body.returns));
  }

  private void addLambda(TreePath lambdaPath, TypeElement owner, List<TreePath> queue) {
    LambdaExpressionTree tree = (LambdaExpressionTree) lambdaPath.getLeaf();
    List<VariableElement> params = new ArrayList<>();
    for (VariableTree p : tree.getParameters()) {
      Element e = trees.getElement(new TreePath(lambdaPath, p));
      params.add(e instanceof VariableElement ve ? ve : null);
    }
    Body body = new Body(params, owner, queue);
    TreePath bodyPath = new TreePath(lambdaPath, tree.getBody());
    body.scan(bodyPath, null);
    if (tree.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION) {
      Value v = body.valueOf(bodyPath);
      if (v != null) {
        body.returns.add(v);
      }
    }
    FlowGraph flow = body.needsFlow() ? lower(body, lambdaPath) : null;
    Position pos = position(tree);
    program.addMethod(new MethodFacts(
        ids.lambda(owner, positions.getStartPosition(unit, tree)), "lambda",
        "lambda@" + fileName + ":" + pos.line(), ids.type(owner), MethodFacts.Kind.LAMBDA, false, true,
        params.stream().map(p -> p == null ? "?" : ids.typeOf(p.asType())).toList(), Set.of(), List.of(),
        List.of(), List.of(), null, null, pos, body.sites, flow, body.locals, body.returns));
  }

  private FlowGraph lower(Body body, TreePath codePath) {
    long start = System.nanoTime();
    try {
      flowsBuilt++;
      return lowering.lower(codePath, body.siteByTree, body.entrySites, env,
          (callee, receiver) -> body.addSyntheticScopeRelease(callee, receiver));
    } catch (RuntimeException | AssertionError e) {
      // The dataflow library refused this body; its sites still count, in source order.
      flowFailures++;
      return null;
    } finally {
      flowNanos += System.nanoTime() - start;
    }
  }

  private static boolean callsThis(MethodTree tree) {
    if (tree.getBody() == null || tree.getBody().getStatements().isEmpty()) {
      return false;
    }
    StatementTree first = tree.getBody().getStatements().get(0);
    return first instanceof ExpressionStatementTree es
        && es.getExpression() instanceof MethodInvocationTree mi
        && mi.getMethodSelect() instanceof IdentifierTree id
        && id.getName().contentEquals("this");
  }

  // ---------------------------------------------------------------- signatures and annotations

  private List<String> supertypes(TypeElement type) {
    List<String> cached = supertypeIds.get(type);
    if (cached != null) {
      return cached;
    }
    Set<String> out = new LinkedHashSet<>();
    for (TypeElement s : allSupertypes(type)) {
      out.add(ids.type(s));
    }
    List<String> list = List.copyOf(out);
    supertypeIds.put(type, list);
    return list;
  }

  private Set<TypeElement> allSupertypes(TypeElement type) {
    Set<TypeElement> out = new LinkedHashSet<>();
    List<TypeMirror> work = new ArrayList<>(types.directSupertypes(type.asType()));
    while (!work.isEmpty()) {
      TypeMirror t = work.remove(work.size() - 1);
      Element e = types.asElement(t);
      if (e instanceof TypeElement te && out.add(te)) {
        work.addAll(types.directSupertypes(te.asType()));
      }
    }
    return out;
  }

  private List<String> overrides(ExecutableElement method, TypeElement owner) {
    if (method.getKind() != ElementKind.METHOD || method.getModifiers().contains(Modifier.STATIC)
        || method.getModifiers().contains(Modifier.PRIVATE)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (TypeElement s : allSupertypes(owner)) {
      for (Element e : s.getEnclosedElements()) {
        if (e instanceof ExecutableElement other && e.getKind() == ElementKind.METHOD
            && other.getSimpleName().equals(method.getSimpleName())
            && elements.overrides(method, other, owner)) {
          out.add(describe(other));
        }
      }
    }
    return out;
  }

  private List<Set<ExecContext>> parameterContexts(ExecutableElement method) {
    List<Set<ExecContext>> out = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      out.add(annotations.contexts(p));
    }
    return out;
  }

  /** For each context-annotated parameter, the methods invoked on the object passed there. */
  private List<List<String>> parameterCallbacks(ExecutableElement method) {
    List<List<String>> out = new ArrayList<>();
    for (VariableElement p : method.getParameters()) {
      if (annotations.contexts(p).isEmpty() || !(types.asElement(p.asType()) instanceof TypeElement pt)) {
        out.add(List.of());
        continue;
      }
      List<String> callbacks = new ArrayList<>();
      for (Element e : elements.getAllMembers(pt)) {
        if (e.getKind() == ElementKind.METHOD && e.getModifiers().contains(Modifier.ABSTRACT)
            && !isObjectMethod((ExecutableElement) e)) {
          callbacks.add(describe((ExecutableElement) e));
        }
      }
      if (callbacks.isEmpty()) {
        for (Element e : pt.getEnclosedElements()) {
          if (e.getKind() == ElementKind.METHOD && !e.getModifiers().contains(Modifier.STATIC)
              && !e.getModifiers().contains(Modifier.PRIVATE)) {
            callbacks.add(describe((ExecutableElement) e));
          }
        }
      }
      out.add(callbacks);
    }
    return out;
  }

  private static boolean isObjectMethod(ExecutableElement e) {
    String n = e.getSimpleName().toString();
    return (n.equals("equals") && e.getParameters().size() == 1)
        || ((n.equals("hashCode") || n.equals("toString")) && e.getParameters().isEmpty());
  }

  private MaskEffect maskEffect(ExecutableElement method) {
    return maskEffects.computeIfAbsent(method, m -> Optional.ofNullable(annotations.maskEffect(m))).orElse(null);
  }

  /**
   * The id of {@code method}; a method not declared in the program is added with its signature and
   * annotations the first time it is met.
   */
  private String describe(ExecutableElement method) {
    String id = ids.method(method);
    if (described.add(id) && !program.hasMethod(id)) {
      TypeElement owner = (TypeElement) method.getEnclosingElement();
      program.addMethod(MethodFacts.external(
          id,
          method.getKind() == ElementKind.CONSTRUCTOR ? "<init>" : method.getSimpleName().toString(),
          ids.type(owner),
          method.getModifiers().contains(Modifier.STATIC),
          ids.parameterTypes(method),
          annotations.contexts(method),
          parameterContexts(method),
          parameterCallbacks(method),
          List.of(),
          annotations.operation(method),
          maskEffect(method)));
      if (trees.getTree(owner) == null) {
        program.addType(new TypeFacts(ids.type(owner), simpleName(owner), supertypes(owner),
            annotations.contexts(owner), false));
      }
    }
    return id;
  }

  private static String simpleName(TypeElement type) {
    String s = type.getSimpleName().toString();
    return s.isEmpty() ? "anonymous " + anonymousBase(type) : s;
  }

  private static String anonymousBase(TypeElement type) {
    List<? extends TypeMirror> interfaces = type.getInterfaces();
    TypeMirror base = interfaces.isEmpty() ? type.getSuperclass() : interfaces.get(0);
    String name = base.toString();
    int lt = name.indexOf('<');
    name = lt >= 0 ? name.substring(0, lt) : name;
    return name.substring(name.lastIndexOf('.') + 1);
  }

  // ---------------------------------------------------------------- positions

  private Position position(Tree tree) {
    int start = (int) positions.getStartPosition(unit, tree);
    return new Position(file, start, (int) lineMap.getLineNumber(start), (int) lineMap.getColumnNumber(start));
  }

  private TextRange range(Tree tree) {
    long start = positions.getStartPosition(unit, tree);
    long end = positions.getEndPosition(unit, tree);
    return start < 0 || end < start ? null : new TextRange((int) start, (int) end);
  }

  /** The method name token of a call, which a fix renames. */
  private TextRange nameRange(ExpressionTree select, String name) {
    if (select instanceof MemberSelectTree) {
      long end = positions.getEndPosition(unit, select);
      return end < name.length() ? null : new TextRange((int) end - name.length(), (int) end);
    }
    long start = positions.getStartPosition(unit, select);
    return start < 0 ? null : new TextRange((int) start, (int) start + name.length());
  }

  // ---------------------------------------------------------------- bodies

  /** Scans one body (method, lambda or initializers) into sites, local definitions and returns. */
  private final class Body extends TreePathScanner<Void, Void> {
    final List<CallSite> sites = new ArrayList<>();
    final IdentityHashMap<Tree, Integer> siteByTree = new IdentityHashMap<>();
    final List<Integer> entrySites = new ArrayList<>();
    final Map<String, List<Value>> locals = new LinkedHashMap<>();
    final List<Value> returns = new ArrayList<>();
    /** Locals initialised by a masking call: what their guard object's close() releases. */
    final Map<Element, MaskLevel> scopes = new HashMap<>();
    final List<? extends VariableElement> parameters;
    final TypeElement owner;
    final List<TreePath> queue;
    /** See {@link #needsFlow()}. */
    private boolean maskMeetsControlFlow;
    private int branchDepth;
    private int openMasks;

    Body(List<? extends VariableElement> parameters, TypeElement owner, List<TreePath> queue) {
      this.parameters = parameters;
      this.owner = owner;
      this.queue = queue;
    }

    int addSynthetic(String target) {
      sites.add(CallSite.synthetic(target, null));
      return sites.size() - 1;
    }

    /** A {@code close()} the dataflow library adds for a try-with-resources resource. */
    int addSyntheticScopeRelease(ExecutableElement callee, Element receiver) {
      MaskEffect effect = maskEffect(callee);
      if (effect == null) {
        return -1;
      }
      sites.add(CallSite.synthetic(describe(callee), scopes.get(receiver)));
      return sites.size() - 1;
    }

    /**
     * A body needs its control-flow graph only where masks meet control flow: a mask call inside a
     * branch, loop, try or conditional expression, or any of those (or a return before the end)
     * while a mask taken earlier in the body is open. Otherwise every path passes the mask calls
     * one after another, in the order they were recorded, and the straight-line flow is exact.
     */
    boolean needsFlow() {
      return maskMeetsControlFlow;
    }

    @Override
    public Void scan(TreePath path, Void unused) {
      if (!isBranching(path.getLeaf())) {
        return super.scan(path, unused);
      }
      enterBranch();
      try {
        return super.scan(path, unused);
      } finally {
        branchDepth--;
      }
    }

    @Override
    public Void scan(Tree tree, Void unused) {
      if (!isBranching(tree)) {
        return super.scan(tree, unused);
      }
      enterBranch();
      try {
        return super.scan(tree, unused);
      } finally {
        branchDepth--;
      }
    }

    private static boolean isBranching(Tree tree) {
      return tree != null && switch (tree.getKind()) {
        case IF, WHILE_LOOP, DO_WHILE_LOOP, FOR_LOOP, ENHANCED_FOR_LOOP, SWITCH, SWITCH_EXPRESSION, TRY,
            CONDITIONAL_EXPRESSION, CONDITIONAL_AND, CONDITIONAL_OR, THROW, BREAK, CONTINUE, YIELD,
            LABELED_STATEMENT, ASSERT, SYNCHRONIZED -> true;
        default -> false;
      };
    }

    private void enterBranch() {
      maskMeetsControlFlow |= openMasks > 0;
      branchDepth++;
    }

    /** Keeps the straight-line bookkeeping of {@link #needsFlow()} for a call with a mask effect. */
    private void noteMaskCall(MaskEffect effect) {
      maskMeetsControlFlow |= branchDepth > 0;
      openMasks += effect.action() == MaskEffect.Action.MASK ? 1 : -1;
    }

    /** A return that is not the last statement of the body skips what follows it. */
    private boolean endsTheBody(TreePath returnPath) {
      TreePath parent = returnPath.getParentPath();
      if (!(parent.getLeaf() instanceof BlockTree block) || block.getStatements().isEmpty()
          || block.getStatements().get(block.getStatements().size() - 1) != returnPath.getLeaf()) {
        return false;
      }
      Tree enclosing = parent.getParentPath().getLeaf();
      return enclosing instanceof MethodTree || enclosing instanceof LambdaExpressionTree;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      queue.add(getCurrentPath());
      return null;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
      TreePath path = getCurrentPath();
      addLambda(path, owner, queue);
      record(tree, new CallSite(CallSite.Kind.LAMBDA, ids.lambda(owner, positions.getStartPosition(unit, tree)),
          CallSite.Dispatch.EXACT, null, null, List.of(), List.of(), position(tree), null,
          CallSite.NameAccess.QUALIFIED, null));
      return null;
    }

    @Override
    public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
      super.visitMemberReference(tree, unused);
      Element e = trees.getElement(getCurrentPath());
      if (!(e instanceof ExecutableElement target)) {
        return null;
      }
      boolean exact = target.getModifiers().contains(Modifier.STATIC)
          || target.getKind() == ElementKind.CONSTRUCTOR
          || isSuper(tree.getQualifierExpression());
      String receiverType = exact ? null : ids.typeOf(qualifierType(tree));
      record(tree, new CallSite(CallSite.Kind.METHOD_REFERENCE, describe(target),
          exact ? CallSite.Dispatch.EXACT : CallSite.Dispatch.VIRTUAL, receiverType, null, List.of(), List.of(),
          position(tree), null, CallSite.NameAccess.QUALIFIED, null));
      return null;
    }

    private TypeMirror qualifierType(MemberReferenceTree tree) {
      return trees.getTypeMirror(new TreePath(getCurrentPath(), tree.getQualifierExpression()));
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
      TreePath path = getCurrentPath();
      if (tree.getEnclosingExpression() != null) {
        scan(new TreePath(path, tree.getEnclosingExpression()), null);
      }
      for (ExpressionTree arg : tree.getArguments()) {
        scan(new TreePath(path, arg), null);
      }
      if (tree.getClassBody() != null) {
        queue.add(new TreePath(path, tree.getClassBody()));
      }
      Element e = trees.getElement(path);
      if (e instanceof ExecutableElement constructor) {
        Arguments args = arguments(path, tree.getArguments());
        record(tree, new CallSite(CallSite.Kind.NEW, describe(constructor), CallSite.Dispatch.EXACT, null, null,
            args.values, args.ranges, position(tree), null, CallSite.NameAccess.QUALIFIED, null));
      }
      return null;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
      super.visitMethodInvocation(tree, unused);
      TreePath path = getCurrentPath();
      Element e = trees.getElement(path);
      if (!(e instanceof ExecutableElement callee)) {
        return null;
      }
      ExpressionTree select = tree.getMethodSelect();
      boolean isStatic = callee.getModifiers().contains(Modifier.STATIC);
      boolean exact = isStatic || callee.getModifiers().contains(Modifier.PRIVATE)
          || callee.getKind() == ElementKind.CONSTRUCTOR
          || (select instanceof MemberSelectTree ms && isSuper(ms.getExpression()));
      String receiverType = null;
      Value receiver = null;
      if (select instanceof MemberSelectTree ms && !isStatic) {
        TreePath receiverPath = new TreePath(new TreePath(path, select), ms.getExpression());
        receiverType = ids.typeOf(trees.getTypeMirror(receiverPath));
        receiver = valueOf(receiverPath);
      } else if (!exact) {
        TypeElement calleeOwner = (TypeElement) callee.getEnclosingElement();
        receiverType = ids.type(types.isSubtype(types.erasure(owner.asType()), types.erasure(calleeOwner.asType()))
            ? owner : calleeOwner);
      }
      MaskEffect effect = maskEffect(callee);
      if (effect != null) {
        noteMaskCall(effect);
      }
      MaskLevel scope = null;
      if (effect != null && effect.action() == MaskEffect.Action.UNMASK_SCOPE
          && select instanceof MemberSelectTree ms) {
        scope = scopes.get(trees.getElement(new TreePath(new TreePath(path, select), ms.getExpression())));
      }
      Arguments args = arguments(path, tree.getArguments());
      String name = callee.getSimpleName().toString();
      record(tree, new CallSite(CallSite.Kind.INVOKE, describe(callee),
          exact ? CallSite.Dispatch.EXACT : CallSite.Dispatch.VIRTUAL, receiverType, receiver, args.values,
          args.ranges, position(tree), nameRange(select, name), nameAccess(select, callee), scope));
      return null;
    }

    @Override
    public Void visitVariable(VariableTree tree, Void unused) {
      super.visitVariable(tree, unused);
      if (tree.getInitializer() != null) {
        TreePath initPath = new TreePath(getCurrentPath(), tree.getInitializer());
        define(tree.getName().toString(), valueOf(initPath));
        Element init = trees.getElement(initPath);
        if (tree.getInitializer() instanceof MethodInvocationTree && init instanceof ExecutableElement m) {
          MaskEffect effect = maskEffect(m);
          if (effect != null && effect.action() == MaskEffect.Action.MASK) {
            scopes.put(trees.getElement(getCurrentPath()), effect.level());
          }
        }
      }
      return null;
    }

    @Override
    public Void visitAssignment(AssignmentTree tree, Void unused) {
      super.visitAssignment(tree, unused);
      if (tree.getVariable() instanceof IdentifierTree id) {
        Element target = trees.getElement(new TreePath(getCurrentPath(), id));
        if (target != null && isLocal(target)) {
          define(id.getName().toString(), valueOf(new TreePath(getCurrentPath(), tree.getExpression())));
        }
      }
      return null;
    }

    @Override
    public Void visitReturn(ReturnTree tree, Void unused) {
      maskMeetsControlFlow |= openMasks > 0 && !endsTheBody(getCurrentPath());
      super.visitReturn(tree, unused);
      if (tree.getExpression() != null) {
        Value v = valueOf(new TreePath(getCurrentPath(), tree.getExpression()));
        if (v != null) {
          returns.add(v);
        }
      }
      return null;
    }

    private void define(String local, Value v) {
      locals.computeIfAbsent(local, k -> new ArrayList<>()).add(v);
    }

    private void record(Tree tree, CallSite site) {
      siteByTree.put(tree, sites.size());
      sites.add(site);
    }

    /** How the call's name finds {@code callee}: qualified, as a member in scope, or by static import. */
    private CallSite.NameAccess nameAccess(ExpressionTree select, ExecutableElement callee) {
      if (select instanceof MemberSelectTree) {
        return CallSite.NameAccess.QUALIFIED;
      }
      TypeMirror calleeOwner = types.erasure(callee.getEnclosingElement().asType());
      for (Element e = owner; e instanceof TypeElement t; e = t.getEnclosingElement()) {
        if (types.isSubtype(types.erasure(t.asType()), calleeOwner)) {
          return CallSite.NameAccess.SCOPE;
        }
      }
      return CallSite.NameAccess.STATIC_IMPORT;
    }

    private record Arguments(List<Value> values, List<TextRange> ranges) {}

    private Arguments arguments(TreePath call, List<? extends ExpressionTree> args) {
      List<Value> values = new ArrayList<>(args.size());
      List<TextRange> ranges = new ArrayList<>(args.size());
      for (ExpressionTree arg : args) {
        values.add(valueOf(new TreePath(call, arg)));
        ranges.add(range(arg));
      }
      return new Arguments(values, ranges);
    }

    /** What can be said about an expression of reference type; null for primitives. */
    Value valueOf(TreePath path) {
      Tree t = path.getLeaf();
      while (t instanceof ParenthesizedTree || t instanceof TypeCastTree) {
        t = t instanceof ParenthesizedTree p ? p.getExpression() : ((TypeCastTree) t).getExpression();
        path = new TreePath(path, t);
      }
      TypeMirror type = trees.getTypeMirror(path);
      if (type == null || type.getKind().isPrimitive() || type.getKind() == TypeKind.VOID) {
        return null;
      }
      String typeId = ids.typeOf(type);
      switch (t.getKind()) {
        case IDENTIFIER, MEMBER_SELECT -> {
          Element e = trees.getElement(path);
          if (e == null) {
            return Value.other(typeId);
          }
          if (e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.ENUM_CONSTANT) {
            return Value.field(ids.type((TypeElement) e.getEnclosingElement()), e.getSimpleName().toString(),
                e.getModifiers().contains(Modifier.STATIC), false, typeId);
          }
          if (e.getKind() == ElementKind.PARAMETER) {
            int index = parameters.indexOf(e);
            return index >= 0 ? Value.parameter(index, typeId) : Value.other(typeId);
          }
          if (isLocal(e)) {
            return Value.local(e.getSimpleName().toString(), typeId);
          }
          return Value.other(typeId);
        }
        case ARRAY_ACCESS -> {
          ExpressionTree array = ((com.sun.source.tree.ArrayAccessTree) t).getExpression();
          Value inner = valueOf(new TreePath(path, array));
          if (inner != null && inner.kind() == Value.Kind.FIELD) {
            return Value.field(inner.target(), inner.name(), inner.isStaticField(), true, typeId);
          }
          return inner == null ? Value.other(typeId) : inner;
        }
        case METHOD_INVOCATION -> {
          Element e = trees.getElement(path);
          return e instanceof ExecutableElement m ? Value.callResult(describe(m), typeId) : Value.other(typeId);
        }
        case LAMBDA_EXPRESSION -> {
          return Value.lambda(ids.lambda(owner, positions.getStartPosition(unit, t)), typeId);
        }
        case MEMBER_REFERENCE -> {
          Integer site = siteByTree.get(t);
          return site == null ? Value.other(typeId) : Value.methodReference(sites.get(site).target(), site, typeId);
        }
        case NEW_CLASS -> {
          NewClassTree nc = (NewClassTree) t;
          Element created = nc.getClassBody() != null
              ? trees.getElement(new TreePath(path, nc.getClassBody()))
              : types.asElement(type);
          return created instanceof TypeElement te ? Value.newObject(ids.type(te)) : Value.other(typeId);
        }
        default -> {
          return Value.other(typeId);
        }
      }
    }
  }

  private static boolean isSuper(ExpressionTree tree) {
    return tree instanceof IdentifierTree id && id.getName().contentEquals("super")
        || tree instanceof MemberSelectTree ms && ms.getIdentifier().contentEquals("super");
  }

  private static boolean isLocal(Element e) {
    return switch (e.getKind()) {
      case LOCAL_VARIABLE, RESOURCE_VARIABLE, EXCEPTION_PARAMETER, BINDING_VARIABLE -> true;
      default -> false;
    };
  }
}

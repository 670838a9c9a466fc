package dev.ctxcheck.javac;

import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.CompoundAssignmentTree;
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
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.ctxcheck.engine.build.BodyBuilder;
import dev.ctxcheck.engine.build.FactsBuilder;
import dev.ctxcheck.engine.build.FlowBuilder;
import dev.ctxcheck.engine.build.Receiver;
import dev.ctxcheck.engine.build.SourceTokens;
import dev.ctxcheck.engine.build.UnitBuilder;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.Value;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The javac front end: translates each attributed compilation unit, through javac's public tree
 * API ({@code com.sun.source}, {@code javax.lang.model}), into calls on the engine's builders, which
 * make its {@link SourceFileFacts}. No tree is kept. Usable by any javac-based tool (the Error Prone
 * plugin, a plain javac plugin).
 */
public final class JavacFrontEnd {

  /** Sees each body whose flow graph was built, with what another lowering of it needs (tests). */
  public interface BodyObserver {
    /**
     * @param code the path of the method or lambda
     * @param siteByTree the site of each call, creation and reference tree in the body
     * @param entrySites the sites the body runs before anything it says
     * @param closeSite the site of the {@code close()} of a resource (its variable's element), or -1
     */
    void built(TreePath code, MethodFacts facts, Map<Tree, Integer> siteByTree, List<Integer> entrySites,
        BiFunction<ExecutableElement, Element, Integer> closeSite);
  }

  private final Trees trees;
  private final SourcePositions positions;
  private final Elements elements;
  private final Types types;
  private final Ids ids;
  private final JavacSymbols symbols;
  private final FactsBuilder<ExecutableElement, TypeElement> facts;
  private final FlowBuilder.Exceptions<TypeMirror> exceptions;
  private final BodyObserver observer;
  private int flowsBuilt;
  private int flowFailures;
  private long flowNanos;

  public JavacFrontEnd(ProcessingEnvironment env) {
    this(env, null);
  }

  public JavacFrontEnd(ProcessingEnvironment env, BodyObserver observer) {
    this.trees = Trees.instance(env);
    this.positions = trees.getSourcePositions();
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.ids = new Ids(elements, types);
    this.symbols = new JavacSymbols(elements, types, ids);
    this.facts = new FactsBuilder<>(symbols);
    this.exceptions = new FlowBuilder.Exceptions<>(symbols);
    this.observer = observer;
  }

  /** The id under which a source file's positions are recorded (its URI). */
  public static String fileId(CompilationUnitTree unit) {
    return unit.getSourceFile().toUri().toString();
  }

  /** Bodies whose flow graph was built (they mask). */
  public int flowsBuilt() {
    return flowsBuilt;
  }

  /** Bodies whose flow graph could not be built and were taken as straight-line code. */
  public int flowFailures() {
    return flowFailures;
  }

  /** Time spent building flow graphs, part of the extraction time. */
  public long flowNanos() {
    return flowNanos;
  }

  /** The facts of one compilation unit. */
  public SourceFileFacts extract(CompilationUnitTree unit) {
    return new UnitWalk(unit).run();
  }

  // ---------------------------------------------------------------- one compilation unit

  private final class UnitWalk {
    final CompilationUnitTree unit;
    final LineMap lineMap;
    /** The unit's path: the parent every question about a tree's symbol or type is asked with. */
    final TreePath root;
    final UnitBuilder<ExecutableElement, TypeElement> out;
    final CharSequence text;
    /** Simple names of single static imports: only identifiers with one of them may use an import. */
    final Set<Name> staticImportNames = new HashSet<>();
    final List<ClassTree> queue = new ArrayList<>();

    UnitWalk(CompilationUnitTree unit) {
      this.unit = unit;
      this.lineMap = unit.getLineMap();
      this.root = new TreePath(unit);
      String path = unit.getSourceFile().getName();
      this.out = facts.unit(fileId(unit), path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1));
      this.text = read(unit);
    }

    SourceFileFacts run() {
      if (unit.getPackage() != null) {
        out.packageDeclaration(range(unit.getPackage()));
      }
      for (ImportTree imp : unit.getImports()) {
        addImport(imp);
      }
      for (Tree t : unit.getTypeDecls()) {
        if (t instanceof ClassTree c) {
          queue.add(c);
        }
      }
      // Local and anonymous classes found in bodies join the queue.
      for (int i = 0; i < queue.size(); i++) {
        addClass(queue.get(i));
      }
      return out.build();
    }

    private void addImport(ImportTree imp) {
      if (!(imp.getQualifiedIdentifier() instanceof MemberSelectTree member)) {
        return;
      }
      boolean onDemand = ids.name(member.getIdentifier()).equals("*");
      String name = qualifiedName(onDemand ? member.getExpression() : member);
      TypeElement owner = null;
      if (imp.isStatic() && element(member.getExpression()) instanceof TypeElement te) {
        owner = te;
        if (!onDemand) {
          staticImportNames.add(member.getIdentifier());
        }
      }
      out.importDeclaration(imp.isStatic(), onDemand, name, owner, range(imp));
    }

    /** {@code a.b.C} as written (without the cost of printing the tree). */
    private String qualifiedName(Tree tree) {
      if (tree instanceof MemberSelectTree ms) {
        return qualifiedName(ms.getExpression()) + "." + ids.name(ms.getIdentifier());
      }
      return tree instanceof IdentifierTree id ? ids.name(id.getName()) : tree.toString();
    }

    // ---------------------------------------------------------------- declarations

    private void addClass(ClassTree tree) {
      if (!(element(tree) instanceof TypeElement type)) {
        return; // not attributed (an error elsewhere): nothing reliable to say
      }
      out.declareType(type, position(tree), hasInstanceInit(tree));
      suppressions(tree, tree.getModifiers(), type);
      List<Tree> instanceInit = new ArrayList<>();
      List<Tree> staticInit = new ArrayList<>();
      for (Tree member : tree.getMembers()) {
        switch (member.getKind()) {
          case METHOD -> addMethod((MethodTree) member, type);
          case VARIABLE -> {
            VariableTree v = (VariableTree) member;
            suppressions(v, v.getModifiers(), element(v));
            if (v.getInitializer() != null) {
              (v.getModifiers().getFlags().contains(Modifier.STATIC) ? staticInit : instanceInit).add(member);
            }
          }
          case BLOCK -> (((BlockTree) member).isStatic() ? staticInit : instanceInit).add(member);
          case CLASS, INTERFACE, ENUM, ANNOTATION_TYPE, RECORD -> queue.add((ClassTree) member);
          default -> { }
        }
      }
      if (!instanceInit.isEmpty()) {
        addInitializers(type, instanceInit, false);
      }
      if (!staticInit.isEmpty()) {
        addInitializers(type, staticInit, true);
      }
    }

    private boolean hasInstanceInit(ClassTree tree) {
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

    private void suppressions(Tree declaration, ModifiersTree modifiers, Element element) {
      if (element != null && modifiers != null && !modifiers.getAnnotations().isEmpty()) {
        out.suppressions(range(declaration), symbols.raw(element));
      }
    }

    private void addMethod(MethodTree tree, TypeElement owner) {
      if (!(element(tree) instanceof ExecutableElement method)) {
        return;
      }
      suppressions(tree, tree.getModifiers(), method);
      BodyBuilder<ExecutableElement, TypeElement> body;
      if (method.getKind() == ElementKind.CONSTRUCTOR) {
        boolean generated = elements.getOrigin(method) == Elements.Origin.MANDATED;
        body = out.constructor(method, position(tree), nameAfter(tree.getModifiers()), callsThis(tree), generated);
      } else {
        body = out.method(method, position(tree), nameAfter(tree.getReturnType()), overrides(method, owner),
            tree.getBody() != null);
      }
      if (tree.getBody() != null) {
        List<VariableElement> parameters = new ArrayList<>(method.getParameters());
        BodyScan scan = new BodyScan(body, parameters);
        scan.scan(tree.getBody(), null);
        finish(body, tree, tree.getBody(), scan);
      } else {
        body.finish();
      }
    }

    private void addInitializers(TypeElement owner, List<Tree> parts, boolean isStatic) {
      BodyBuilder<ExecutableElement, TypeElement> body = out.initializers(owner, isStatic, position(parts.get(0)));
      BodyScan scan = new BodyScan(body, List.of());
      for (Tree part : parts) {
        scan.scan(part instanceof VariableTree v ? v.getInitializer() : part, null);
      }
      body.finish();
    }

    /** Builds the flow graph where the body needs one, and completes it. */
    private void finish(BodyBuilder<ExecutableElement, TypeElement> body, Tree code, Tree walked, BodyScan scan) {
      if (body.needsFlow()) {
        long start = System.nanoTime();
        flowsBuilt++;
        FlowBuilder<TypeMirror> flow = body.flow(exceptions);
        try {
          new JavacFlow(trees, root, symbols, body, flow, scan.siteByTree).body(walked);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
          // Its sites still count, in source order.
          flowFailures++;
          body.abandonFlow();
        }
        flowNanos += System.nanoTime() - start;
        MethodFacts m = body.finish();
        if (observer != null) {
          observer.built(path(code), m, scan.siteByTree, body.entrySites(), (close, resource) -> body.closeSiteOf(resource));
        }
      } else {
        body.finish();
      }
    }

    private TreePath path(Tree code) {
      return trees.getPath(unit, code);
    }

    private boolean callsThis(MethodTree tree) {
      if (tree.getBody() == null || tree.getBody().getStatements().isEmpty()) {
        return false;
      }
      StatementTree first = tree.getBody().getStatements().get(0);
      return first instanceof ExpressionStatementTree es
          && es.getExpression() instanceof MethodInvocationTree mi
          && mi.getMethodSelect() instanceof IdentifierTree id
          && ids.name(id.getName()).equals("this");
    }

    private List<ExecutableElement> overrides(ExecutableElement method, TypeElement owner) {
      if (Ids.isStatic(method) || Ids.isPrivate(method)) {
        return List.of();
      }
      List<ExecutableElement> out = new ArrayList<>();
      for (TypeElement s : symbols.allSupertypes(owner)) {
        for (Element e : s.getEnclosedElements()) {
          if (e instanceof ExecutableElement other && e.getKind() == ElementKind.METHOD
              && other.getSimpleName().equals(method.getSimpleName())
              && elements.overrides(method, other, owner)) {
            out.add(other);
          }
        }
      }
      return out;
    }

    // ---------------------------------------------------------------- positions

    Element element(Tree tree) {
      return trees.getElement(new TreePath(root, tree));
    }

    TypeMirror typeOf(Tree tree) {
      return trees.getTypeMirror(new TreePath(root, tree));
    }

    Position position(Tree tree) {
      int start = (int) positions.getStartPosition(unit, tree);
      return new Position(out.file(), start, (int) lineMap.getLineNumber(start), (int) lineMap.getColumnNumber(start));
    }

    TextRange range(Tree tree) {
      long start = positions.getStartPosition(unit, tree);
      long end = positions.getEndPosition(unit, tree);
      return start < 0 || end < start ? null : new TextRange((int) start, (int) end);
    }

    int start(Tree tree) {
      return (int) positions.getStartPosition(unit, tree);
    }

    /** The name token after {@code before} (a return type, or a constructor's modifiers). */
    private TextRange nameAfter(Tree before) {
      long end = before == null ? -1 : positions.getEndPosition(unit, before);
      return end < 0 ? null : SourceTokens.identifierAfter(text, (int) end);
    }

    /** The method name token of a call, which a fix renames. */
    TextRange nameRange(ExpressionTree select, String name) {
      if (select instanceof MemberSelectTree) {
        long end = positions.getEndPosition(unit, select);
        return end < name.length() ? null : new TextRange((int) end - name.length(), (int) end);
      }
      long start = positions.getStartPosition(unit, select);
      return start < 0 ? null : new TextRange((int) start, (int) start + name.length());
    }

    // ---------------------------------------------------------------- bodies

    /** Scans one body (method, lambda or initializers) into sites, local definitions and returns. */
    private final class BodyScan extends TreeScanner<Void, Void> {
      final BodyBuilder<ExecutableElement, TypeElement> body;
      final List<VariableElement> parameters;
      final Map<Tree, Integer> siteByTree = new IdentityHashMap<>();
      /** Expression statements directly in a block (or a case's statements): a fix can wrap them. */
      final Map<Tree, Tree> wholeStatements = new IdentityHashMap<>();

      BodyScan(BodyBuilder<ExecutableElement, TypeElement> body, List<VariableElement> parameters) {
        this.body = body;
        this.parameters = parameters;
      }

      private void record(Tree tree, int site) {
        siteByTree.put(tree, site);
      }

      @Override
      public Void visitClass(ClassTree tree, Void unused) {
        queue.add(tree);
        return null;
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree tree, Void unused) {
        List<VariableElement> params = new ArrayList<>();
        List<String> parameterTypes = new ArrayList<>();
        for (VariableTree p : tree.getParameters()) {
          Element e = element(p);
          VariableElement ve = e instanceof VariableElement v ? v : null;
          params.add(ve);
          String t = ve == null ? null : ids.typeOf(ve.asType());
          parameterTypes.add(t == null ? "?" : t);
        }
        int offset = start(tree);
        BodyBuilder<ExecutableElement, TypeElement> lambda = body.lambda(offset, position(tree), parameterTypes,
            SourceTokens.arrowBefore(text, start(tree.getBody())));
        record(tree, body.siteCount() - 1);
        BodyScan inner = new BodyScan(lambda, params);
        inner.scan(tree.getBody(), null);
        if (tree.getBodyKind() == LambdaExpressionTree.BodyKind.EXPRESSION) {
          lambda.returns(inner.valueOf((ExpressionTree) tree.getBody()));
        }
        finish(lambda, tree, tree.getBody(), inner);
        return null;
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree tree, Void unused) {
        super.visitMemberReference(tree, unused);
        if (!(element(tree) instanceof ExecutableElement target)) {
          return null;
        }
        ExpressionTree qualifier = tree.getQualifierExpression();
        TypeMirror qualifierType = typeOf(qualifier);
        record(tree, body.methodReference(target, isSuper(qualifier), ids.typeOf(qualifierType), position(tree)));
        return null;
      }

      @Override
      public Void visitNewClass(NewClassTree tree, Void unused) {
        if (tree.getEnclosingExpression() != null) {
          scan(tree.getEnclosingExpression(), null);
        }
        for (ExpressionTree arg : tree.getArguments()) {
          scan(arg, null);
        }
        if (tree.getClassBody() != null) {
          queue.add(tree.getClassBody());
        }
        if (element(tree) instanceof ExecutableElement constructor) {
          Arguments args = arguments(tree.getArguments());
          record(tree, body.newObject(constructor, args.values, args.ranges, position(tree)));
        }
        return null;
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
        super.visitMethodInvocation(tree, unused);
        if (!(element(tree) instanceof ExecutableElement callee)) {
          return null;
        }
        ExpressionTree select = tree.getMethodSelect();
        Arguments args = arguments(tree.getArguments());
        if (callee.getKind() == ElementKind.CONSTRUCTOR) {
          record(tree, body.constructorCall(callee, args.values, args.ranges, position(tree)));
          return null;
        }
        Receiver receiver = Receiver.none();
        if (select instanceof MemberSelectTree ms) {
          ExpressionTree expr = ms.getExpression();
          Element qualifier = element(expr);
          if (qualifier instanceof TypeElement || (qualifier != null && qualifier.getKind() == ElementKind.PACKAGE)) {
            receiver = Receiver.type();
          } else {
            receiver = Receiver.expression(ids.typeOf(typeOf(expr)), valueOf(expr), isSuper(expr),
                qualifier != null && isLocal(qualifier) ? qualifier : null);
          }
        }
        String name = ids.name(callee.getSimpleName());
        record(tree, body.invoke(callee, receiver, args.values, args.ranges, position(tree), nameRange(select, name)));
        return null;
      }

      @Override
      public Void visitIdentifier(IdentifierTree tree, Void unused) {
        if (!staticImportNames.isEmpty() && staticImportNames.contains(tree.getName())) {
          Element e = element(tree);
          if (e != null && Ids.isStatic(e)
              && e.getEnclosingElement() instanceof TypeElement owner) {
            body.staticReference(owner, ids.name(tree.getName()), range(tree));
          }
        }
        return null;
      }

      @Override
      public Void visitVariable(VariableTree tree, Void unused) {
        super.visitVariable(tree, unused);
        Element declared = element(tree);
        suppressions(tree, tree.getModifiers(), declared);
        if (tree.getInitializer() != null) {
          ExpressionTree init = tree.getInitializer();
          Integer site = init instanceof MethodInvocationTree ? siteByTree.get(init) : null;
          body.defineLocal(ids.name(tree.getName()), valueOf(init), declared, site == null ? -1 : site);
        }
        return null;
      }

      @Override
      public Void visitAssignment(AssignmentTree tree, Void unused) {
        super.visitAssignment(tree, unused);
        if (tree.getVariable() instanceof IdentifierTree id) {
          Element target = element(id);
          if (target != null && isLocal(target)) {
            body.assignLocal(ids.name(id.getName()), valueOf(tree.getExpression()));
          }
        } else {
          // x.f = x.f + v reads what it writes; x.f = v only writes.
          TextRange variable = range(tree.getVariable());
          TextRange value = range(tree.getExpression());
          boolean readsIt = variable != null && value != null && text != null && text.subSequence(value.start(),
              value.end()).toString().contains(text.subSequence(variable.start(), variable.end()));
          fieldUpdate(tree, tree.getVariable(), readsIt,
              variable == null ? null : SourceTokens.operatorAfter(text, variable.end(), true));
        }
        return null;
      }

      @Override
      public Void visitBlock(BlockTree tree, Void unused) {
        wholeStatements(tree.getStatements());
        return super.visitBlock(tree, unused);
      }

      @Override
      public Void visitCase(CaseTree tree, Void unused) {
        if (tree.getCaseKind() == CaseTree.CaseKind.STATEMENT) {
          wholeStatements(tree.getStatements());
        }
        return super.visitCase(tree, unused);
      }

      private void wholeStatements(List<? extends StatementTree> statements) {
        for (StatementTree st : statements) {
          if (st instanceof ExpressionStatementTree es) {
            wholeStatements.put(es.getExpression(), es);
          }
        }
      }

      @Override
      public Void visitUnary(UnaryTree tree, Void unused) {
        super.visitUnary(tree, unused);
        switch (tree.getKind()) {
          case POSTFIX_INCREMENT, POSTFIX_DECREMENT -> fieldUpdate(tree, tree.getExpression(), true,
              SourceTokens.operatorAfter(text, (int) positions.getEndPosition(unit, tree.getExpression()), false));
          case PREFIX_INCREMENT, PREFIX_DECREMENT -> fieldUpdate(tree, tree.getExpression(), true,
              SourceTokens.operatorAfter(text, start(tree), false));
          default -> { }
        }
        return null;
      }

      @Override
      public Void visitCompoundAssignment(CompoundAssignmentTree tree, Void unused) {
        super.visitCompoundAssignment(tree, unused);
        fieldUpdate(tree, tree.getVariable(), true,
            SourceTokens.operatorAfter(text, (int) positions.getEndPosition(unit, tree.getVariable()), true));
        return null;
      }

      /**
       * A write of an instance field through an object: {@code x.f}, {@code x.a.f} (the chain of
       * instance fields starts at {@code x}), {@code x.f[i]}.
       */
      private void fieldUpdate(ExpressionTree update, ExpressionTree target, boolean readModifyWrite, TextRange operator) {
        ExpressionTree t = unparenthesized(target);
        boolean element = false;
        if (t instanceof ArrayAccessTree a) {
          t = unparenthesized(a.getExpression());
          element = true;
        }
        if (!(t instanceof MemberSelectTree ms) || !(element(ms) instanceof VariableElement field)
            || field.getKind() != ElementKind.FIELD || Ids.isStatic(field)
            || !(field.getEnclosingElement() instanceof TypeElement owner)) {
          return;
        }
        ExpressionTree base = unparenthesized(ms.getExpression());
        while (base instanceof MemberSelectTree inner && element(inner) instanceof VariableElement f
            && f.getKind() == ElementKind.FIELD && !Ids.isStatic(f)) {
          base = unparenthesized(inner.getExpression());
        }
        Value receiver = valueOf(base);
        if (receiver == null) {
          return;
        }
        Tree statement = wholeStatements.get(update);
        int site = body.fieldUpdate(receiver, ids.type(owner), ids.name(field.getSimpleName()), element,
            readModifyWrite, range(update), statement == null ? null : range(statement), position(update), operator);
        if (site >= 0) {
          record(update, site);
        }
      }

      private ExpressionTree unparenthesized(ExpressionTree e) {
        while (e instanceof ParenthesizedTree p) {
          e = p.getExpression();
        }
        return e;
      }

      @Override
      public Void visitReturn(ReturnTree tree, Void unused) {
        super.visitReturn(tree, unused);
        if (tree.getExpression() != null) {
          body.returns(valueOf(tree.getExpression()));
        }
        return null;
      }

      private record Arguments(List<Value> values, List<TextRange> ranges) {}

      private Arguments arguments(List<? extends ExpressionTree> args) {
        List<Value> values = new ArrayList<>(args.size());
        List<TextRange> ranges = new ArrayList<>(args.size());
        for (ExpressionTree arg : args) {
          values.add(valueOf(arg));
          ranges.add(range(arg));
        }
        return new Arguments(values, ranges);
      }

      /** What can be said about an expression of reference type; null for primitives. */
      Value valueOf(ExpressionTree expression) {
        Tree t = expression;
        while (t instanceof ParenthesizedTree || t instanceof TypeCastTree) {
          t = t instanceof ParenthesizedTree p ? p.getExpression() : ((TypeCastTree) t).getExpression();
        }
        TypeMirror type = typeOf(t);
        if (type == null || type.getKind().isPrimitive() || type.getKind() == TypeKind.VOID) {
          return null;
        }
        String typeId = ids.typeOf(type);
        switch (t.getKind()) {
          case IDENTIFIER, MEMBER_SELECT -> {
            Element e = element(t);
            if (e == null) {
              return Value.other(typeId);
            }
            if (e.getKind() == ElementKind.FIELD || e.getKind() == ElementKind.ENUM_CONSTANT) {
              return Value.field(ids.type((TypeElement) e.getEnclosingElement()), ids.name(e.getSimpleName()),
                  Ids.isStatic(e), typeId);
            }
            if (e.getKind() == ElementKind.PARAMETER) {
              int index = indexOf(parameters, e);
              return index >= 0 ? Value.parameter(index, typeId) : Value.other(typeId);
            }
            if (isLocal(e)) {
              return Value.local(ids.name(e.getSimpleName()), typeId);
            }
            return Value.other(typeId);
          }
          case ARRAY_ACCESS -> {
            Value inner = valueOf(((com.sun.source.tree.ArrayAccessTree) t).getExpression());
            if (inner instanceof Value.Field f) {
              return f.element(typeId);
            }
            return inner == null ? Value.other(typeId) : inner;
          }
          case METHOD_INVOCATION -> {
            Integer site = siteByTree.get(t);
            return element(t) instanceof ExecutableElement m ? body.callResult(m, typeId, site == null ? -1 : site)
                : Value.other(typeId);
          }
          case LAMBDA_EXPRESSION -> {
            return body.lambdaValue(start(t), typeId);
          }
          case MEMBER_REFERENCE -> {
            Integer site = siteByTree.get(t);
            return site == null ? Value.other(typeId) : body.methodReferenceValue(site, typeId);
          }
          case NEW_CLASS -> {
            NewClassTree nc = (NewClassTree) t;
            Element created = nc.getClassBody() != null ? element(nc.getClassBody()) : types.asElement(type);
            return created instanceof TypeElement te ? Value.newObject(ids.type(te)) : Value.other(typeId);
          }
          default -> {
            return Value.other(typeId);
          }
        }
      }
    }
  }

  private static int indexOf(List<VariableElement> parameters, Element e) {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i) == e) {
        return i;
      }
    }
    return -1;
  }

  private boolean isSuper(ExpressionTree tree) {
    return tree instanceof IdentifierTree id && ids.name(id.getName()).equals("super")
        || tree instanceof MemberSelectTree ms && ids.name(ms.getIdentifier()).equals("super");
  }

  static boolean isLocal(Element e) {
    return switch (e.getKind()) {
      case LOCAL_VARIABLE, RESOURCE_VARIABLE, EXCEPTION_PARAMETER, BINDING_VARIABLE -> true;
      default -> false;
    };
  }

  private static CharSequence read(CompilationUnitTree unit) {
    try {
      return unit.getSourceFile().getCharContent(true);
    } catch (IOException e) {
      return null;
    }
  }
}

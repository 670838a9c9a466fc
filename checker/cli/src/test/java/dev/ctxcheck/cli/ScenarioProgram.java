package dev.ctxcheck.cli;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.percpu.Lockdep.Context;
import dev.ctxcheck.percpu.PerCpu;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;

/**
 * A {@code test-inputs} scenario compiled to class files, with what running it needs to know, read
 * from javac's model of the program the way ctxcheck reads it (the context annotations have CLASS
 * retention: reflection cannot see them):
 *
 * <ul>
 *   <li>its <b>entry points</b>: methods and constructors with a context annotation, on themselves,
 *       on their class, or inherited from a method they override;
 *   <li>its <b>registrations</b>: the methods that hand a callback to a context-annotated parameter
 *       ({@code request_irq}, {@code tasklet_schedule}, ...), which a run calls so that the
 *       callbacks exist;
 *   <li>its <b>update sites</b>: the calls of the runtime's per-CPU updates and pointer accesses,
 *       which a run must execute;
 *   <li>what keeps it from running: a context-annotated parameter of the program's own, whose
 *       callbacks only the program's own code would run.
 * </ul>
 */
record ScenarioProgram(
    Path classes,
    List<String> classNames,
    List<EntryPoint> entryPoints,
    List<Member> registrations,
    List<Site> updateSites,
    List<String> notRunnable) {

  /** A method or constructor, as reflection finds it: binary class name, parameter types by name. */
  record Member(String className, String name, List<String> parameterTypes, boolean isStatic) {
    boolean isConstructor() {
      return name.equals("<init>");
    }

    @Override
    public String toString() {
      String simple = className.substring(className.lastIndexOf('.') + 1);
      return (isConstructor() ? "new " + simple : simple + "." + name) + "(" + String.join(", ", parameterTypes) + ")";
    }
  }

  record EntryPoint(Member member, Set<Context> contexts) {}

  /** A call of a runtime update: the file's name (as a stack frame gives it) and the line. */
  record Site(String file, int line, String operation) {
    @Override
    public String toString() {
      return file + ":" + line + " " + operation;
    }
  }

  private static final String ANNOTATIONS = ProcessContext.class.getPackageName() + ".";
  private static final String RUNTIME = PerCpu.class.getPackageName();

  /** Compiles the scenario's sources into {@code classes} and reads the program from javac. */
  static ScenarioProgram compile(Scenario scenario, Path classes) throws IOException {
    Files.createDirectories(classes);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(classes));
      JavacTask task = (JavacTask) javac.getTask(null, files, diagnostics,
          List.of("-proc:none", "-g", "-encoding", "UTF-8", "-classpath", runtimeClassPath()), null,
          files.getJavaFileObjectsFromPaths(scenario.classPathSources()));
      Iterable<? extends CompilationUnitTree> units = task.parse();
      task.analyze();
      Reader reader = new Reader(Trees.instance(task), task.getElements(), task.getTypes());
      for (CompilationUnitTree unit : units) {
        reader.scan(unit, null);
      }
      task.generate();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(d.toString());
        }
      }
      if (!errors.isEmpty()) {
        throw new IllegalStateException(scenario + " does not compile: " + errors);
      }
      return new ScenarioProgram(classes, List.copyOf(reader.classNames), List.copyOf(reader.entryPoints.values()),
          List.copyOf(reader.registrations), List.copyOf(reader.sites), List.copyOf(reader.notRunnable));
    }
  }

  static String runtimeClassPath() {
    try {
      return Path.of(ProcessContext.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          + File.pathSeparator
          + Path.of(PerCpu.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Collects entry points, registrations and update sites from the attributed trees. */
  private static final class Reader extends TreePathScanner<Void, Void> {
    private final Trees trees;
    private final Elements elements;
    private final Types types;
    final List<String> classNames = new ArrayList<>();
    final Map<Member, EntryPoint> entryPoints = new LinkedHashMap<>();
    final Set<Member> registrations = new LinkedHashSet<>();
    final List<Site> sites = new ArrayList<>();
    final Set<String> notRunnable = new LinkedHashSet<>();

    Reader(Trees trees, Elements elements, Types types) {
      this.trees = trees;
      this.elements = elements;
      this.types = types;
    }

    @Override
    public Void visitClass(ClassTree tree, Void unused) {
      Element e = trees.getElement(getCurrentPath());
      if (e instanceof TypeElement type) {
        classNames.add(elements.getBinaryName(type).toString());
        // Anonymous and local classes are run by whoever holds them, never by the driver.
        if (isNamed(type)) {
          readEntryPoints(type);
        }
      }
      return super.visitClass(tree, unused);
    }

    private void readEntryPoints(TypeElement type) {
      boolean instantiable = !type.getModifiers().contains(Modifier.ABSTRACT) && type.getKind() == ElementKind.CLASS;
      Set<Context> onType = contexts(type);
      for (ExecutableElement m : executables(type)) {
        // Abstract methods run as their overrides; an abstract class's instance methods run on a
        // subclass's instance; its constructors only through a subclass's.
        if (m.getModifiers().contains(Modifier.ABSTRACT) || m.getKind() == ElementKind.CONSTRUCTOR && !instantiable) {
          continue;
        }
        Set<Context> contexts = EnumSet.noneOf(Context.class);
        contexts.addAll(contexts(m));
        contexts.addAll(onType);
        if (m.getKind() == ElementKind.METHOD) {
          contexts.addAll(inherited(type, m));
        }
        for (VariableElement p : m.getParameters()) {
          if (!contexts(p).isEmpty()) {
            notRunnable.add(member(m) + " takes a callback for another context in its own parameter "
                + p.getSimpleName() + ": only the program's own code would run it there");
          }
        }
        if (!contexts.isEmpty()) {
          entryPoints.put(member(m), new EntryPoint(member(m), contexts));
        }
      }
    }

    private List<ExecutableElement> executables(TypeElement type) {
      List<ExecutableElement> out = new ArrayList<>(ElementFilter.constructorsIn(type.getEnclosedElements()));
      out.addAll(ElementFilter.methodsIn(type.getEnclosedElements()));
      return out;
    }

    /** The contexts of the methods {@code m} overrides, in every supertype, transitively. */
    private Set<Context> inherited(TypeElement type, ExecutableElement m) {
      Set<Context> out = EnumSet.noneOf(Context.class);
      List<TypeMirror> pending = new ArrayList<>(types.directSupertypes(type.asType()));
      Set<String> seen = new LinkedHashSet<>();
      while (!pending.isEmpty()) {
        TypeMirror t = pending.remove(pending.size() - 1);
        if (!(t instanceof DeclaredType dt) || !seen.add(dt.asElement().toString())) {
          continue;
        }
        TypeElement superType = (TypeElement) dt.asElement();
        for (ExecutableElement candidate : ElementFilter.methodsIn(superType.getEnclosedElements())) {
          if (elements.overrides(m, candidate, type)) {
            out.addAll(contexts(candidate));
          }
        }
        pending.addAll(types.directSupertypes(t));
      }
      return out;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree tree, Void unused) {
      readCall(tree);
      return super.visitMethodInvocation(tree, unused);
    }

    @Override
    public Void visitNewClass(NewClassTree tree, Void unused) {
      readCall(tree);
      return super.visitNewClass(tree, unused);
    }

    private void readCall(Tree tree) {
      if (!(trees.getElement(getCurrentPath()) instanceof ExecutableElement callee)) {
        return;
      }
      boolean registers = callee.getParameters().stream().anyMatch(p -> !contexts(p).isEmpty());
      if (registers) {
        ExecutableElement caller = enclosingMember(getCurrentPath());
        if (caller != null) {
          registrations.add(member(caller));
        }
      }
      String kind = updateKind(callee);
      if (kind != null) {
        CompilationUnitTree unit = getCurrentPath().getCompilationUnit();
        long start = trees.getSourcePositions().getStartPosition(unit, tree);
        String file = Path.of(unit.getSourceFile().toUri()).getFileName().toString();
        sites.add(new Site(file, (int) unit.getLineMap().getLineNumber(start), callee.getSimpleName().toString()));
      }
    }

    /**
     * The named method or constructor whose code makes the call: through lambdas (calling the
     * method creates them), not through anonymous or local classes (they are run by their holders).
     * Null in a field or static initializer: class initialization makes those calls.
     */
    private ExecutableElement enclosingMember(TreePath path) {
      for (TreePath p = path; p != null; p = p.getParentPath()) {
        Tree t = p.getLeaf();
        if (t instanceof MethodTree) {
          ExecutableElement m = (ExecutableElement) trees.getElement(p);
          TypeElement owner = (TypeElement) m.getEnclosingElement();
          return isNamed(owner) ? m : null;
        }
        if (t instanceof ClassTree) {
          return null;
        }
        if (t instanceof LambdaExpressionTree) {
          continue;
        }
      }
      return null;
    }

    /** The runtime operation's name if {@code callee} updates per-CPU data (or reaches it), else null. */
    private String updateKind(ExecutableElement callee) {
      Element owner = callee.getEnclosingElement();
      if (!elements.getPackageOf(owner).getQualifiedName().contentEquals(RUNTIME)) {
        return null;
      }
      for (AnnotationMirror a : callee.getAnnotationMirrors()) {
        String name = a.getAnnotationType().asElement().getSimpleName().toString();
        String value = value(a);
        if (name.equals("PerCpuOperation") && !value.equals("READ")
            || name.equals("PerCpuPointer") && !value.equals("OTHER_CPU")) {
          return value;
        }
      }
      return null;
    }

    private static String value(AnnotationMirror a) {
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : a.getElementValues().entrySet()) {
        if (e.getKey().getSimpleName().contentEquals("value")) {
          Object v = e.getValue().getValue();
          return v instanceof VariableElement ve ? ve.getSimpleName().toString() : String.valueOf(v);
        }
      }
      return "";
    }

    /** A class the driver can name and make: neither anonymous nor local. */
    private static boolean isNamed(TypeElement type) {
      return type.getNestingKind() != NestingKind.ANONYMOUS && type.getNestingKind() != NestingKind.LOCAL;
    }

    private static Set<Context> contexts(Element e) {
      Set<Context> out = EnumSet.noneOf(Context.class);
      for (AnnotationMirror a : e.getAnnotationMirrors()) {
        String name = ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().toString();
        if (name.startsWith(ANNOTATIONS) && name.endsWith("Context")) {
          String simple = name.substring(ANNOTATIONS.length(), name.length() - "Context".length());
          out.add(Context.valueOf(simple.toUpperCase(Locale.ROOT)));
        }
      }
      return out;
    }

    private Member member(ExecutableElement m) {
      TypeElement owner = (TypeElement) m.getEnclosingElement();
      List<String> parameters = new ArrayList<>();
      for (VariableElement p : m.getParameters()) {
        parameters.add(binaryName(types.erasure(p.asType())));
      }
      return new Member(elements.getBinaryName(owner).toString(), m.getSimpleName().toString(), parameters,
          m.getModifiers().contains(Modifier.STATIC));
    }

    /** {@code int}, {@code pkg.Outer$Inner}, {@code pkg.Outer$Inner[]}: what reflection resolves. */
    private String binaryName(TypeMirror t) {
      if (t.getKind() == TypeKind.ARRAY) {
        return binaryName(((ArrayType) t).getComponentType()) + "[]";
      }
      if (t instanceof DeclaredType dt) {
        return elements.getBinaryName((TypeElement) dt.asElement()).toString();
      }
      return t.toString();
    }
  }
}

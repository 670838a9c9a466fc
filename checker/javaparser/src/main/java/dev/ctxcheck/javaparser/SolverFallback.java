package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.resolution.TypeSolver;
import com.github.javaparser.resolution.declarations.ResolvedMethodDeclaration;
import com.github.javaparser.resolution.declarations.ResolvedReferenceTypeDeclaration;
import com.github.javaparser.resolution.model.SymbolReference;
import com.github.javaparser.resolution.types.ResolvedType;
import com.github.javaparser.symbolsolver.JavaSymbolSolver;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import com.github.javaparser.symbolsolver.resolution.typesolvers.CombinedTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.JarTypeSolver;
import com.github.javaparser.symbolsolver.resolution.typesolvers.ReflectionTypeSolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * JavaParser's symbol solver, asked only where the program's own index cannot decide: overloads
 * whose argument types the index does not know, the types of generic method results and of
 * implicitly typed lambda parameters. It is not thread-safe, so every question takes a lock.
 *
 * <p>Close it after use: JavaParser keeps the facade of every type solver it meets in a static map
 * whose values hold their keys, so without {@link #close()} nothing of a run (its solver, the type
 * model and every tree it reaches) is ever collected.
 */
final class SolverFallback implements AutoCloseable {

  private final TypeModel model;
  private final CombinedTypeSolver solver;
  private final JavaParserFacade facade;
  private final JavaSymbolSolver symbolSolver;
  private final AtomicInteger questions = new AtomicInteger();
  /** The library this instance made for itself, closed with it; null if it was given one. */
  private final Library ownLibrary;

  /**
   * The class path's types for the solver: the JDK's, then the jars'. A library's classes resolve
   * among themselves (a jar cannot refer to the program's sources), so one library can serve every
   * run over the same class path: indexing the jars is most of the solver's set-up, which a run
   * that extracts one file would otherwise pay each time. Close it after its last run.
   */
  static final class Library implements AutoCloseable {
    private final CombinedTypeSolver solver = new CombinedTypeSolver();
    /** The loader of the class path's directories; null if it has none. */
    private final java.net.URLClassLoader directoryLoader;

    Library(List<Path> classpath) {
      solver.add(new ReflectionTypeSolver(true));
      List<java.net.URL> directories = new java.util.ArrayList<>();
      for (Path p : classpath) {
        if (Files.isRegularFile(p)) {
          try {
            solver.add(new JarTypeSolver(p));
          } catch (IOException | RuntimeException e) {
            // an unreadable jar: the class-file reader reports nothing from it either
          }
        } else if (Files.isDirectory(p)) {
          try {
            directories.add(p.toUri().toURL());
          } catch (java.net.MalformedURLException e) {
            // not a place a class loader can read: the class-file reader reports nothing from it either
          }
        }
      }
      // Class directories (a build's output) are read by a loader of their own, which only the
      // solver uses: their generic signatures matter (T this_cpu_ptr(PerCpuPtr<T>)).
      directoryLoader = directories.isEmpty() ? null
          : new java.net.URLClassLoader(directories.toArray(java.net.URL[]::new), ClassLoader.getPlatformClassLoader());
      if (directoryLoader != null) {
        solver.add(new com.github.javaparser.symbolsolver.resolution.typesolvers.ClassLoaderTypeSolver(directoryLoader));
      }
    }

    @Override
    public void close() {
      FacadeRegistry.forget(solver);
      if (directoryLoader != null) {
        try {
          directoryLoader.close();
        } catch (IOException e) {
          // nothing was written through it: closing only lets its open files go
        }
      }
    }
  }

  /** With a library of its own over {@code classpath}. */
  SolverFallback(TypeModel model, List<Path> classpath) {
    this(model, new Library(classpath), true);
  }

  /** With a library shared with other runs; closing this instance leaves it open. */
  SolverFallback(TypeModel model, Library library) {
    this(model, library, false);
  }

  private SolverFallback(TypeModel model, Library library, boolean own) {
    this.model = model;
    this.ownLibrary = own ? library : null;
    this.solver = new CombinedTypeSolver();
    solver.add(new ProgramTypeSolver());
    solver.add(new LibraryView(library.solver));
    this.facade = JavaParserFacade.get(solver);
    this.symbolSolver = new JavaSymbolSolver(solver);
  }

  /**
   * Lets go of the facade JavaParser filed under this instance's type solver (the root of every
   * solver in it, which {@code JavaParserFacade.get} files under). Only this instance's: another
   * analysis running at the same time keeps its own.
   */
  @Override
  public void close() {
    FacadeRegistry.forget(solver);
    if (ownLibrary != null) {
      ownLibrary.close();
    }
  }

  /** JavaParser's static map of facades, by type solver ({@code JavaParserFacade.instances}). */
  static final class FacadeRegistry {
    private static final java.lang.reflect.Field INSTANCES = instancesField();

    private FacadeRegistry() {}

    private static java.lang.reflect.Field instancesField() {
      try {
        java.lang.reflect.Field f = JavaParserFacade.class.getDeclaredField("instances");
        f.setAccessible(true);
        return java.util.Map.class.isAssignableFrom(f.getType()) ? f : null;
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    /** The facade filed under this root type solver is dropped. */
    static void forget(TypeSolver root) {
      if (INSTANCES == null) {
        // A JavaParser without that field: clearing all is safe (a facade is a cache that
        // JavaParserFacade.get makes again), only slower for another run at the same time.
        JavaParserFacade.clearInstances();
        return;
      }
      try {
        java.util.Map<?, ?> instances = (java.util.Map<?, ?>) INSTANCES.get(null);
        // JavaParserFacade.get synchronizes on the class while it reads and fills the map.
        synchronized (JavaParserFacade.class) {
          instances.keySet().removeIf(k -> k == root);
        }
      } catch (IllegalAccessException e) {
        JavaParserFacade.clearInstances();
      }
    }

    /** How many facades JavaParser holds (for tests). */
    static int size() {
      try {
        return INSTANCES == null ? -1 : ((java.util.Map<?, ?>) INSTANCES.get(null)).size();
      } catch (IllegalAccessException e) {
        return -1;
      }
    }
  }

  TypeModel model() {
    return model;
  }

  /** Lets the solver answer questions about nodes of {@code unit}. */
  void attach(CompilationUnit unit) {
    unit.setData(Node.SYMBOL_RESOLVER_KEY, symbolSolver);
  }

  int questions() {
    return questions.get();
  }

  /**
   * How much CPU time one file's questions may take in the solver, in all. On heavily overloaded
   * generic code a single question can take seconds (the solver walks whole method bodies for each
   * type name); past this, the file's remaining questions go unanswered and their calls are
   * reported unresolved, so a run ends in a time proportional to the tree. CPU time rather than
   * wall time, so that a loaded machine changes what is resolved as little as it can.
   */
  static final long FILE_BUDGET_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(5);

  private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

  /** This thread's CPU time where the JVM measures it, else the wall clock. */
  private static long now() {
    return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
  }

  /** The solver time left to one file. Used by one thread at a time. */
  static final class Budget {
    private long remainingNanos;

    Budget(long nanos) {
      this.remainingNanos = nanos;
    }

    boolean exhausted() {
      return remainingNanos <= 0;
    }

    private void spend(long nanos) {
      remainingNanos -= nanos;
    }
  }

  /** The method a call runs, as the index knows it; null if the solver cannot tell. */
  synchronized MethodInfo solve(MethodCallExpr call, Budget budget) {
    if (budget.exhausted()) {
      return null;
    }
    questions.incrementAndGet();
    long start = now();
    try {
      SymbolReference<ResolvedMethodDeclaration> ref = facade.solve(call);
      if (!ref.isSolved()) {
        return null;
      }
      ResolvedMethodDeclaration m = ref.getCorrespondingDeclaration();
      String owner = id(m.declaringType());
      if (owner == null) {
        return null;
      }
      List<String> params = new java.util.ArrayList<>();
      for (int i = 0; i < m.getNumberOfParams(); i++) {
        params.add(id(m.getParam(i).getType().erasure()));
      }
      for (MethodInfo candidate : model.methodsNamed(owner, m.getName())) {
        if (candidate.owner().equals(owner) && candidate.parameterTypes().equals(params)) {
          return candidate;
        }
      }
      List<MethodInfo> byArity = model.methodsNamed(owner, m.getName()).stream()
          .filter(c -> c.parameterTypes().size() == params.size()).toList();
      return byArity.size() == 1 ? byArity.get(0) : null;
    } catch (RuntimeException | StackOverflowError e) {
      return null; // the solver gives up on code it cannot type: the call is left unresolved
    } finally {
      budget.spend(now() - start);
    }
  }

  /** The constructor a {@code new} expression calls, as the index knows it; null if the solver cannot tell. */
  synchronized MethodInfo solve(com.github.javaparser.ast.expr.ObjectCreationExpr creation, Budget budget) {
    if (budget.exhausted()) {
      return null;
    }
    questions.incrementAndGet();
    long start = now();
    try {
      var ref = facade.solve(creation);
      if (!ref.isSolved()) {
        return null;
      }
      var c = ref.getCorrespondingDeclaration();
      String owner = id(c.declaringType());
      if (owner == null) {
        return null;
      }
      List<String> params = new java.util.ArrayList<>();
      for (int i = 0; i < c.getNumberOfParams(); i++) {
        params.add(id(c.getParam(i).getType().erasure()));
      }
      TypeInfo type = model.type(owner);
      if (type == null) {
        return null;
      }
      for (MethodInfo m : type.methods()) {
        if (m.isConstructor() && m.parameterTypes().equals(params)) {
          return m;
        }
      }
      return null;
    } catch (RuntimeException | StackOverflowError e) {
      return null;
    } finally {
      budget.spend(now() - start);
    }
  }

  /** The erased type id of an expression; null if the solver cannot tell. */
  synchronized String typeOf(Expression e, Budget budget) {
    if (budget.exhausted()) {
      return null;
    }
    questions.incrementAndGet();
    long start = now();
    try {
      return id(facade.getType(e));
    } catch (RuntimeException | StackOverflowError ex) {
      return null;
    } finally {
      budget.spend(now() - start);
    }
  }

  private String id(ResolvedType type) {
    if (type == null) {
      return null;
    }
    type = type.erasure();
    if (type.isPrimitive()) {
      return type.asPrimitive().describe();
    }
    if (type.isArray()) {
      String c = id(type.asArrayType().getComponentType());
      return c == null ? null : c + "[]";
    }
    if (type.isReferenceType()) {
      return type.asReferenceType().getTypeDeclaration().map(this::id).orElse(null);
    }
    if (type.isTypeVariable()) {
      return TypeModel.OBJECT;
    }
    return null;
  }

  private String id(ResolvedReferenceTypeDeclaration d) {
    String pkg = d.getPackageName();
    String cls = d.getClassName().replace('.', '$');
    String id = pkg == null || pkg.isEmpty() ? cls : pkg + "." + cls;
    return model.exists(id) ? id : model.canonical(d.getQualifiedName());
  }

  /**
   * A library's types under this instance's solver. A type solver takes one parent for good; the
   * view is this run's child, the library stays its own root.
   */
  private static final class LibraryView implements TypeSolver {
    private final TypeSolver library;
    private TypeSolver parent;

    LibraryView(TypeSolver library) {
      this.library = library;
    }

    @Override
    public TypeSolver getParent() {
      return parent;
    }

    @Override
    public void setParent(TypeSolver parent) {
      this.parent = parent;
    }

    @Override
    public SymbolReference<ResolvedReferenceTypeDeclaration> tryToSolveType(String name) {
      return library.tryToSolveType(name);
    }

    @Override
    public SymbolReference<ResolvedReferenceTypeDeclaration> tryToSolveTypeInModule(String module, String name) {
      return library.tryToSolveTypeInModule(module, name);
    }
  }

  /** The program's own types, from the index, for the solver. */
  private final class ProgramTypeSolver implements TypeSolver {
    private TypeSolver parent;

    @Override
    public TypeSolver getParent() {
      return parent;
    }

    @Override
    public void setParent(TypeSolver parent) {
      this.parent = parent;
    }

    @Override
    public SymbolReference<ResolvedReferenceTypeDeclaration> tryToSolveType(String name) {
      String id = model.canonical(name);
      SourceIndex.SourceType t = id == null ? null : model.index().type(id);
      if (t != null && t.node() instanceof TypeDeclaration<?> td) {
        return SymbolReference.solved(JavaParserFacade.get(getRoot()).getTypeDeclaration(td));
      }
      return SymbolReference.unsolved();
    }

    @Override
    public SymbolReference<ResolvedReferenceTypeDeclaration> tryToSolveTypeInModule(String module, String name) {
      return tryToSolveType(name);
    }
  }
}

package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.ImportDeclaration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.ConstructorDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.Parameter;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import com.github.javaparser.ast.expr.AnnotationExpr;
import com.github.javaparser.ast.expr.ArrayInitializerExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MemberValuePair;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NormalAnnotationExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.SingleMemberAnnotationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.nodeTypes.NodeWithAnnotations;
import com.github.javaparser.ast.nodeTypes.NodeWithTypeParameters;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.SwitchEntry;
import com.github.javaparser.ast.type.ArrayType;
import com.github.javaparser.ast.type.ClassOrInterfaceType;
import com.github.javaparser.ast.type.PrimitiveType;
import com.github.javaparser.ast.type.Type;
import com.github.javaparser.ast.type.TypeParameter;
import com.github.javaparser.ast.type.UnionType;
import com.github.javaparser.ast.type.VoidType;
import com.github.javaparser.ast.type.WildcardType;
import dev.ctxcheck.engine.build.AnnotationVocabulary;
import dev.ctxcheck.engine.build.RawAnnotation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every type the program can name — its own declarations (from {@link SourceIndex}) and class files
 * ({@link ClassFiles}) — with name resolution for types written in source. Thread-safe: facts of
 * several files are extracted at once.
 */
final class TypeModel {

  static final String OBJECT = "java.lang.Object";

  private final SourceIndex index;
  private final ClassFiles classFiles;
  private final Map<String, Optional<TypeInfo>> sourceTypes = new ConcurrentHashMap<>();
  private final Map<String, List<String>> supertypeCache = new ConcurrentHashMap<>();

  TypeModel(SourceIndex index, ClassFiles classFiles) {
    this.index = index;
    this.classFiles = classFiles;
  }

  SourceIndex index() {
    return index;
  }

  /** The type with this binary name, from source first; null if unknown. */
  TypeInfo type(String id) {
    if (id == null || id.endsWith("[]") || isPrimitive(id)) {
      return null;
    }
    SourceIndex.SourceType source = index.type(id);
    if (source != null) {
      Optional<TypeInfo> built = sourceTypes.get(id);
      if (built == null) {
        // Not computeIfAbsent: building a type resolves names, which may build other types.
        built = Optional.ofNullable(buildSourceType(source));
        Optional<TypeInfo> raced = sourceTypes.putIfAbsent(id, built);
        built = raced != null ? raced : built;
      }
      return built.orElse(null);
    }
    return classFiles.find(id);
  }

  boolean exists(String id) {
    return index.type(id) != null || classFiles.exists(id);
  }

  static boolean isPrimitive(String t) {
    return switch (t) {
      case "int", "long", "short", "byte", "char", "boolean", "float", "double", "void" -> true;
      default -> false;
    };
  }

  // ------------------------------------------------------------------ hierarchy

  /** Every proper supertype, transitively, in the order javac's extractor lists them. */
  List<String> allSupertypes(String id) {
    List<String> cached = supertypeCache.get(id);
    if (cached != null) {
      return cached;
    }
    Set<String> out = new LinkedHashSet<>();
    TypeInfo t = type(id);
    Deque<String> work = new ArrayDeque<>(t == null ? List.of() : t.directSupertypes());
    List<String> stack = new ArrayList<>(work);
    while (!stack.isEmpty()) {
      String s = stack.remove(stack.size() - 1);
      if (out.add(s)) {
        TypeInfo st = type(s);
        if (st != null) {
          stack.addAll(st.directSupertypes());
        }
      }
    }
    List<String> list = List.copyOf(out);
    supertypeCache.putIfAbsent(id, list);
    return list;
  }

  boolean isSubtype(String sub, String sup) {
    if (sub == null || sup == null) {
      return false;
    }
    if (sub.equals(sup)) {
      return true;
    }
    if (sub.equals(Typing.NULL)) {
      return !isPrimitive(sup);
    }
    if (sub.endsWith("[]")) {
      if (sup.equals(OBJECT) || sup.equals("java.lang.Cloneable") || sup.equals("java.io.Serializable")) {
        return true;
      }
      if (!sup.endsWith("[]")) {
        return false;
      }
      String a = sub.substring(0, sub.length() - 2);
      String b = sup.substring(0, sup.length() - 2);
      return !isPrimitive(a) && !isPrimitive(b) && isSubtype(a, b);
    }
    if (isPrimitive(sub) || isPrimitive(sup)) {
      return false;
    }
    if (sup.equals(OBJECT)) {
      return true;
    }
    return allSupertypes(sub).contains(sup);
  }

  /**
   * The methods named {@code name} that type {@code id} declares or inherits, the most derived first;
   * a method overridden further down is left out.
   */
  List<MethodInfo> methodsNamed(String id, String name) {
    // Asked for every call; the answer depends only on declarations, which do not change.
    String key = id + "#" + name;
    List<MethodInfo> cached = methodsByName.get(key);
    if (cached == null) {
      cached = List.copyOf(computeMethodsNamed(id, name));
      methodsByName.putIfAbsent(key, cached);
    }
    return cached;
  }

  private final Map<String, List<MethodInfo>> methodsByName = new ConcurrentHashMap<>();

  private List<MethodInfo> computeMethodsNamed(String id, String name) {
    List<MethodInfo> out = new ArrayList<>();
    List<String> order = new ArrayList<>();
    order.add(id);
    order.addAll(allSupertypes(id));
    TypeInfo self = type(id);
    if (self != null && self.isInterface() && !order.contains(OBJECT)) {
      order.add(OBJECT);
    }
    for (String t : order) {
      TypeInfo info = type(t);
      if (info == null) {
        continue;
      }
      for (MethodInfo m : info.methods()) {
        if (m.name().equals(name) && out.stream().noneMatch(o -> o.sameSignature(m))) {
          out.add(m);
        }
      }
    }
    return out;
  }

  /** The field {@code name} that type {@code id} declares or inherits; null if none. */
  FieldInfo field(String id, String name) {
    TypeInfo t = type(id);
    if (t == null) {
      return null;
    }
    FieldInfo f = t.fields().get(name);
    if (f != null) {
      return f;
    }
    for (String s : t.directSupertypes()) {
      f = field(s, name);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  /**
   * The member type {@code name} of {@code id}, declared or inherited; null if none. For source
   * types this needs only the declaration's header, never its members' types, so resolving a
   * member's type may ask it while the type is being built.
   */
  String memberType(String id, String name) {
    if (id == null) {
      return null;
    }
    String key = id + "." + name;
    Optional<String> cached = memberTypes.get(key);
    if (cached == null) {
      cached = Optional.ofNullable(memberType(id, name, 0));
      if (resolvingHeaders.get().isEmpty()) {
        memberTypes.putIfAbsent(key, cached); // not while a header is resolved: its own answer may be partial
      }
    }
    return cached.orElse(null);
  }

  private final Map<String, Optional<String>> memberTypes = new ConcurrentHashMap<>();

  private String memberType(String id, String name, int depth) {
    if (id == null || depth > 64) {
      return null;
    }
    SourceIndex.SourceType source = index.type(id);
    List<String> supertypes;
    if (source != null) {
      for (Node part : SourceIndex.bodyOf(source.node())) {
        if (part instanceof TypeDeclaration<?> td && td.getNameAsString().equals(name)) {
          return index.idOf(td);
        }
      }
      supertypes = header(source).directSupertypes();
    } else {
      TypeInfo t = classFiles.find(id);
      if (t == null) {
        return null;
      }
      String m = t.memberTypes().get(name);
      if (m != null) {
        return m;
      }
      supertypes = t.directSupertypes();
    }
    for (String s : supertypes) {
      String m = memberType(s, name, depth + 1);
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  /** What a type declaration extends and implements, resolved without building its members. */
  private record Header(String superclass, List<String> interfaces, boolean isInterface) {
    List<String> directSupertypes() {
      List<String> out = new ArrayList<>();
      if (superclass != null) {
        out.add(superclass);
      } else if (isInterface) {
        out.add(OBJECT);
      }
      out.addAll(interfaces);
      return out;
    }
  }

  private static final Header NO_HEADER = new Header(OBJECT, List.of(), false);
  private final Map<String, Header> headers = new ConcurrentHashMap<>();
  /** Headers being resolved on this thread: a cyclic declaration must not recurse forever. */
  private final ThreadLocal<Set<String>> resolvingHeaders = ThreadLocal.withInitial(java.util.HashSet::new);

  private Header header(SourceIndex.SourceType source) {
    Header h = headers.get(source.id());
    if (h != null) {
      return h;
    }
    if (!resolvingHeaders.get().add(source.id())) {
      return NO_HEADER;
    }
    try {
      h = buildHeader(source);
    } finally {
      resolvingHeaders.get().remove(source.id());
    }
    headers.putIfAbsent(source.id(), h);
    return h;
  }

  private Header buildHeader(SourceIndex.SourceType source) {
    Node node = source.node();
    List<String> interfaces = new ArrayList<>();
    if (node instanceof ClassOrInterfaceDeclaration c) {
      if (c.isInterface()) {
        c.getExtendedTypes().forEach(t -> addIfKnown(interfaces, resolve(t)));
        return new Header(null, List.copyOf(interfaces), true);
      }
      String superclass = OBJECT;
      if (c.getExtendedTypes().isNonEmpty()) {
        String s = resolve(c.getExtendedTypes().get(0));
        superclass = s == null ? OBJECT : s;
      }
      c.getImplementedTypes().forEach(t -> addIfKnown(interfaces, resolve(t)));
      return new Header(superclass, List.copyOf(interfaces), false);
    }
    if (node instanceof EnumDeclaration e) {
      e.getImplementedTypes().forEach(t -> addIfKnown(interfaces, resolve(t)));
      return new Header("java.lang.Enum", List.copyOf(interfaces), false);
    }
    if (node instanceof RecordDeclaration r) {
      r.getImplementedTypes().forEach(t -> addIfKnown(interfaces, resolve(t)));
      return new Header("java.lang.Record", List.copyOf(interfaces), false);
    }
    if (node instanceof com.github.javaparser.ast.body.AnnotationDeclaration) {
      return new Header(null, List.of("java.lang.annotation.Annotation"), true);
    }
    if (node instanceof ObjectCreationExpr oc) {
      String base = resolve(oc.getType());
      boolean baseIsInterface = false;
      if (base != null) {
        SourceIndex.SourceType baseSource = index.type(base);
        baseIsInterface = baseSource != null ? header(baseSource).isInterface()
            : classFiles.find(base) != null && classFiles.find(base).isInterface();
      }
      if (baseIsInterface) {
        return new Header(OBJECT, List.of(base), false);
      }
      return new Header(base == null ? OBJECT : base, List.of(), false);
    }
    EnumConstantDeclaration c = (EnumConstantDeclaration) node;
    return new Header(index.idOf(c.getParentNode().orElseThrow()), List.of(), false);
  }

  // ------------------------------------------------------------------ generics

  /** A source type's type parameters and the type arguments written for its direct supertypes. */
  private Generics generics(Node node) {
    List<String> parameters = new ArrayList<>();
    if (node instanceof NodeWithTypeParameters<?> withParams) {
      withParams.getTypeParameters().forEach(tp -> parameters.add(tp.getNameAsString()));
    }
    List<ClassOrInterfaceType> written = new ArrayList<>();
    if (node instanceof ClassOrInterfaceDeclaration c) {
      written.addAll(c.getExtendedTypes());
      written.addAll(c.getImplementedTypes());
    } else if (node instanceof EnumDeclaration e) {
      written.addAll(e.getImplementedTypes());
    } else if (node instanceof RecordDeclaration r) {
      written.addAll(r.getImplementedTypes());
    } else if (node instanceof ObjectCreationExpr oc) {
      written.add(oc.getType());
    }
    Map<String, List<Generics.Arg>> supertypes = new HashMap<>();
    for (ClassOrInterfaceType t : written) {
      String id = resolve(t);
      if (id != null && t.getTypeArguments().isPresent()) {
        supertypes.put(id, t.getTypeArguments().get().stream().map(this::argument).toList());
      }
    }
    return parameters.isEmpty() && supertypes.isEmpty() ? Generics.NONE
        : new Generics(List.copyOf(parameters), supertypes);
  }

  /** A type argument as written, in its scope: {@code ? super X} and {@code ? extends X} stand for X. */
  Generics.Arg argument(Type t) {
    if (t instanceof WildcardType w) {
      Type bound = w.getSuperType().map(x -> (Type) x).or(() -> w.getExtendedType().map(x -> (Type) x)).orElse(null);
      return bound == null ? new Generics.Arg(null, null) : argument(bound);
    }
    String variable = isTypeVariable(t) ? ((ClassOrInterfaceType) t).getNameAsString() : null;
    return new Generics.Arg(variable, resolve(t));
  }

  /**
   * What {@code sub} makes of the type parameters of its supertype {@code sup}: each of {@code sup}'s
   * type variables to an argument in {@code sub}'s terms (one of {@code sub}'s own variables, or a
   * type). Null if {@code sup} is not a generic supertype of {@code sub} or is reached through a raw
   * type, where javac uses erasure.
   */
  Map<String, Generics.Arg> typeArguments(String sub, String sup) {
    return typeArguments(sub, sup, 0);
  }

  private Map<String, Generics.Arg> typeArguments(String sub, String sup, int depth) {
    TypeInfo t = type(sub);
    if (t == null || depth > 64) {
      return null;
    }
    if (sub.equals(sup)) {
      Map<String, Generics.Arg> identity = new HashMap<>();
      for (String v : t.generics().typeParameters()) {
        identity.put(v, new Generics.Arg(v, null));
      }
      return identity;
    }
    for (String direct : t.directSupertypes()) {
      if (!direct.equals(sup) && !allSupertypes(direct).contains(sup)) {
        continue;
      }
      List<Generics.Arg> args = t.generics().supertypeArguments().get(direct);
      TypeInfo d = type(direct);
      if (args == null || d == null || d.generics().typeParameters().size() != args.size()) {
        return null; // raw
      }
      Map<String, Generics.Arg> inDirect = typeArguments(direct, sup, depth + 1);
      if (inDirect == null) {
        return null;
      }
      Map<String, Generics.Arg> out = new HashMap<>();
      for (Map.Entry<String, Generics.Arg> e : inDirect.entrySet()) {
        Generics.Arg a = e.getValue();
        int i = a.variable() == null ? -1 : d.generics().typeParameters().indexOf(a.variable());
        out.put(e.getKey(), i >= 0 ? args.get(i) : a);
      }
      return out;
    }
    return null;
  }

  /**
   * Whether {@code method} of type {@code owner} overrides {@code inherited}, as javac decides: the
   * same name and, parameter by parameter, the same erased type, where {@code inherited} declares a
   * parameter with a type variable of its class, the type argument {@code owner} gives that variable
   * ({@code handle(Skb)} in a class implementing {@code Handler<Skb>} overrides
   * {@code Handler<T>.handle(T)}; a {@code handle(String)} beside it does not). An argument that
   * cannot be resolved (a type missing from the class path) matches any type.
   */
  boolean overrides(String owner, MethodInfo method, MethodInfo inherited) {
    List<String> mine = method.parameterTypes();
    List<String> theirs = inherited.parameterTypes();
    if (!method.name().equals(inherited.name()) || mine.size() != theirs.size()) {
      return false;
    }
    Map<String, Generics.Arg> arguments = null;
    boolean argumentsAsked = false;
    for (int i = 0; i < mine.size(); i++) {
      String variable = inherited.typeVariableParameters().get(i);
      if (variable != null && !argumentsAsked) {
        arguments = typeArguments(owner, inherited.owner());
        argumentsAsked = true;
      }
      Generics.Arg argument = variable == null || arguments == null ? null : arguments.get(variable);
      if (argument == null) {
        if (!mine.get(i).equals(theirs.get(i))) {
          return false; // also for a raw supertype: javac compares erasures
        }
      } else if (argument.erased() != null && argument.variable() == null && !mine.get(i).equals(argument.erased())) {
        return false;
      } else if (argument.variable() != null && !mine.get(i).equals(argument.erased() != null ? argument.erased()
          : variableErasure(owner, argument.variable(), theirs.get(i)))) {
        return false;
      }
    }
    return true;
  }

  /** The erasure of {@code owner}'s type variable (its bound); {@code fallback} if it cannot be found. */
  private String variableErasure(String owner, String variable, String fallback) {
    TypeInfo t = type(owner);
    if (t != null && t.declaration() instanceof NodeWithTypeParameters<?> withParams) {
      for (TypeParameter tp : withParams.getTypeParameters()) {
        if (tp.getNameAsString().equals(variable)) {
          return tp.getTypeBound().isEmpty() ? OBJECT : orObject(resolve(tp.getTypeBound().get(0)));
        }
      }
    }
    return fallback;
  }

  // ------------------------------------------------------------------ type names in source

  /** The erased type id of a type written in source, in its own scope; null if it cannot be resolved. */
  String resolve(Type type) {
    if (type == null) {
      return null;
    }
    if (type instanceof PrimitiveType p) {
      return p.getType().asString();
    }
    if (type instanceof VoidType) {
      return "void";
    }
    if (type instanceof ArrayType a) {
      String c = resolve(a.getComponentType());
      return c == null ? null : c + "[]";
    }
    if (type instanceof UnionType u) {
      return u.getElements().isEmpty() ? null : resolve(u.getElements().get(0));
    }
    if (type instanceof WildcardType w) {
      return w.getExtendedType().map(this::resolve).orElse(OBJECT);
    }
    if (type instanceof ClassOrInterfaceType c && !isVar(c)) {
      return resolveName(dotted(c), c);
    }
    return null; // var, intersection types: the caller decides
  }

  /** {@code var}: the parser leaves it a plain type name (see SourceAnalyzer.parserConfiguration). */
  static boolean isVar(Type type) {
    return type.isVarType() || type instanceof ClassOrInterfaceType c && c.getScope().isEmpty()
        && c.getTypeArguments().isEmpty() && c.getNameAsString().equals("var");
  }

  private static String dotted(ClassOrInterfaceType c) {
    return c.getScope().map(s -> dotted(s) + ".").orElse("") + c.getNameAsString();
  }

  /** A possibly qualified type name, as written at {@code context}; null if unknown. */
  String resolveName(String name, Node context) {
    String[] parts = name.split("\\.");
    String id = resolveSimpleName(parts[0], context);
    int next = 1;
    if (id == null) {
      // A package prefix: the longest one that names a type.
      CompilationUnit unit = context.findCompilationUnit().orElse(null);
      for (int k = 1; k < parts.length && id == null; k++) {
        String candidate = String.join(".", java.util.Arrays.copyOfRange(parts, 0, k + 1));
        if (exists(candidate)) {
          id = candidate;
          next = k + 1;
        }
      }
      if (id == null) {
        return null;
      }
    }
    for (int i = next; i < parts.length && id != null; i++) {
      id = memberType(id, parts[i]);
    }
    return id;
  }

  /** A simple type name in scope at {@code context}: type variables, local, member, imported, same package, java.lang. */
  String resolveSimpleName(String name, Node context) {
    Node previous = context;
    for (Node n = context.getParentNode().orElse(null); n != null; previous = n, n = n.getParentNode().orElse(null)) {
      if (n instanceof NodeWithTypeParameters<?> withParams) {
        for (TypeParameter tp : withParams.getTypeParameters()) {
          if (tp.getNameAsString().equals(name)) {
            return tp.getTypeBound().isEmpty() ? OBJECT : resolve(tp.getTypeBound().get(0));
          }
        }
      }
      if (n instanceof BlockStmt || n instanceof SwitchEntry) {
        NodeList<Statement> stmts = n instanceof BlockStmt b ? b.getStatements() : ((SwitchEntry) n).getStatements();
        for (Statement s : stmts) {
          if (s == previous) {
            break;
          }
          if (s instanceof LocalClassDeclarationStmt l && l.getClassDeclaration().getNameAsString().equals(name)) {
            return index.idOf(l.getClassDeclaration());
          }
          if (s instanceof LocalRecordDeclarationStmt l && l.getRecordDeclaration().getNameAsString().equals(name)) {
            return index.idOf(l.getRecordDeclaration());
          }
        }
      }
      String typeId = isTypeBody(n, previous) ? index.idOf(n) : null;
      if (typeId != null) {
        if (n instanceof TypeDeclaration<?> td && td.getNameAsString().equals(name)) {
          return typeId;
        }
        String member = memberType(typeId, name);
        if (member != null) {
          return member;
        }
      }
      if (n instanceof CompilationUnit unit) {
        return resolveInUnit(name, unit);
      }
    }
    return null;
  }

  /** Whether {@code previous} lies in the body of type {@code n} (not in an anonymous class's arguments). */
  static boolean isTypeBody(Node n, Node previous) {
    if (n instanceof TypeDeclaration<?>) {
      return true;
    }
    if (n instanceof ObjectCreationExpr oc) {
      return oc.getAnonymousClassBody().map(b -> containsNode(b, previous)).orElse(false);
    }
    if (n instanceof EnumConstantDeclaration c) {
      return containsNode(c.getClassBody(), previous);
    }
    return false;
  }

  /** By identity: a node's equals and hashCode walk its whole subtree. */
  private final Map<CompilationUnit, Map<String, Optional<String>>> unitNames =
      java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());

  /** Whether {@code list} holds {@code node} itself (NodeList.contains compares whole subtrees). */
  static boolean containsNode(List<? extends Node> list, Node node) {
    return indexOfNode(list, node) >= 0;
  }

  static int indexOfNode(List<? extends Node> list, Node node) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) == node) {
        return i;
      }
    }
    return -1;
  }

  private String resolveInUnit(String name, CompilationUnit unit) {
    Map<String, Optional<String>> names = unitNames.computeIfAbsent(unit, u -> new ConcurrentHashMap<>());
    Optional<String> cached = names.get(name);
    if (cached == null) {
      cached = Optional.ofNullable(resolveInUnitUncached(name, unit));
      names.put(name, cached);
    }
    return cached.orElse(null);
  }

  private String resolveInUnitUncached(String name, CompilationUnit unit) {
    String pkg = packageOf(unit);
    for (TypeDeclaration<?> t : unit.getTypes()) {
      if (t.getNameAsString().equals(name)) {
        return index.idOf(t);
      }
    }
    for (ImportDeclaration imp : unit.getImports()) {
      if (!imp.isStatic() && !imp.isAsterisk() && imp.getName().getIdentifier().equals(name)) {
        String id = canonical(imp.getNameAsString());
        if (id != null) {
          return id;
        }
      }
    }
    String samePackage = pkg.isEmpty() ? name : pkg + "." + name;
    if (exists(samePackage)) {
      return samePackage;
    }
    for (ImportDeclaration imp : unit.getImports()) {
      if (imp.isAsterisk() && !imp.isStatic()) {
        String owner = imp.getNameAsString();
        String asPackage = owner + "." + name;
        if (exists(asPackage)) {
          return asPackage;
        }
        String ownerId = canonical(owner);
        if (ownerId != null) {
          String m = memberType(ownerId, name);
          if (m != null) {
            return m;
          }
        }
      }
    }
    String lang = "java.lang." + name;
    return exists(lang) ? lang : null;
  }

  /** The binary name of a canonical name ({@code a.b.Outer.Inner} to {@code a.b.Outer$Inner}); null if unknown. */
  String canonical(String name) {
    if (exists(name)) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    if (dot < 0) {
      return null;
    }
    String outer = canonical(name.substring(0, dot));
    return outer == null ? null : memberType(outer, name.substring(dot + 1));
  }

  static String packageOf(CompilationUnit unit) {
    return unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
  }

  // ------------------------------------------------------------------ annotations in source

  /** The qualified name of an annotation as written at its use; null if unknown. */
  String annotationName(AnnotationExpr a) {
    return resolveName(a.getNameAsString(), a);
  }

  /** The annotations on {@code node} that mean something to ctxcheck, with the values written. */
  List<RawAnnotation> annotations(NodeWithAnnotations<?> node) {
    List<RawAnnotation> out = List.of();
    for (AnnotationExpr a : node.getAnnotations()) {
      if (!AnnotationVocabulary.mayBeRelevant(a.getName().getIdentifier())) {
        continue;
      }
      String name = annotationName(a);
      if (name == null || !AnnotationVocabulary.isRelevant(name)) {
        continue;
      }
      Map<String, RawAnnotation.ElementValue> values = new LinkedHashMap<>();
      if (a instanceof SingleMemberAnnotationExpr single) {
        putValue(values, "value", single.getMemberValue());
      } else if (a instanceof NormalAnnotationExpr normal) {
        for (MemberValuePair p : normal.getPairs()) {
          putValue(values, p.getNameAsString(), p.getValue());
        }
      }
      if (out.isEmpty()) {
        out = new ArrayList<>();
      }
      out.add(new RawAnnotation(name, values));
    }
    return out;
  }

  private static void putValue(Map<String, RawAnnotation.ElementValue> values, String name, Expression e) {
    RawAnnotation.ElementValue v = elementValue(e);
    if (v != null) {
      values.put(name, v);
    }
  }

  /** An element value as written: literals, and named constants by their simple name. */
  private static RawAnnotation.ElementValue elementValue(Expression e) {
    if (e instanceof StringLiteralExpr s) {
      return new RawAnnotation.Text(s.asString());
    }
    if (e instanceof IntegerLiteralExpr i) {
      return new RawAnnotation.Number(i.asNumber().longValue());
    }
    if (e instanceof LongLiteralExpr l) {
      return new RawAnnotation.Number(l.asNumber().longValue());
    }
    if (e instanceof CharLiteralExpr c) {
      return new RawAnnotation.Number(c.asChar());
    }
    if (e instanceof BooleanLiteralExpr b) {
      return new RawAnnotation.Bool(b.getValue());
    }
    if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS
        && elementValue(u.getExpression()) instanceof RawAnnotation.Number n) {
      return new RawAnnotation.Number(-n.value());
    }
    if (e instanceof NameExpr n) {
      return new RawAnnotation.Constant(n.getNameAsString());
    }
    if (e instanceof FieldAccessExpr f) {
      return new RawAnnotation.Constant(f.getNameAsString());
    }
    if (e instanceof ArrayInitializerExpr array) {
      List<RawAnnotation.ElementValue> items = new ArrayList<>();
      for (Expression item : array.getValues()) {
        RawAnnotation.ElementValue v = elementValue(item);
        if (v != null) {
          items.add(v);
        }
      }
      return new RawAnnotation.Array(items);
    }
    return null;
  }

  // ------------------------------------------------------------------ source types

  private TypeInfo buildSourceType(SourceIndex.SourceType source) {
    Node node = source.node();
    String id = source.id();
    boolean isInterface = node instanceof ClassOrInterfaceDeclaration c && c.isInterface()
        || node instanceof com.github.javaparser.ast.body.AnnotationDeclaration;
    boolean isEnum = node instanceof EnumDeclaration;
    boolean isRecord = node instanceof RecordDeclaration;
    Header header = header(source);
    String superclass = header.superclass();
    List<String> interfaces = header.interfaces();
    String simpleName = node instanceof TypeDeclaration<?> td ? td.getNameAsString() : "";
    List<RawAnnotation> annotations = node instanceof TypeDeclaration<?> td ? annotations(td) : List.of();
    List<MethodInfo> methods = new ArrayList<>();
    Map<String, FieldInfo> fields = new LinkedHashMap<>();
    Map<String, String> memberTypes = new HashMap<>();
    boolean hasConstructor = false;
    for (Node part : SourceIndex.bodyOf(node)) {
      if (part instanceof MethodDeclaration m) {
        methods.add(method(id, m, isInterface));
      } else if (part instanceof com.github.javaparser.ast.body.AnnotationMemberDeclaration member) {
        // An annotation's elements are its abstract methods: annotation.value() is a call.
        methods.add(new MethodInfo(id, member.getNameAsString(), List.of(), false, false, false, true,
            orObject(resolve(member.getType())), false, List.of(), List.of(), List.of(), member, Map.of()));
      } else if (part instanceof ConstructorDeclaration c) {
        hasConstructor = true;
        methods.add(method(id, c, false));
      } else if (part instanceof FieldDeclaration f) {
        boolean isStatic = f.isStatic() || isInterface;
        for (VariableDeclarator v : f.getVariables()) {
          fields.put(v.getNameAsString(), new FieldInfo(id, v.getNameAsString(), orObject(resolve(v.getType())), isStatic,
              isTypeVariable(v.getType())));
        }
      } else if (part instanceof EnumConstantDeclaration c) {
        fields.put(c.getNameAsString(), new FieldInfo(id, c.getNameAsString(), id, true, false));
      } else if (part instanceof TypeDeclaration<?> td) {
        memberTypes.put(td.getNameAsString(), index.idOf(td));
      }
    }
    if (node instanceof RecordDeclaration r) {
      List<String> params = new ArrayList<>();
      for (Parameter p : r.getParameters()) {
        String t = orObject(resolve(p.getType()));
        params.add(t);
        fields.put(p.getNameAsString(), new FieldInfo(id, p.getNameAsString(), t, false, isTypeVariable(p.getType())));
        if (methods.stream().noneMatch(m -> m.name().equals(p.getNameAsString()) && m.parameterTypes().isEmpty())) {
          methods.add(implicit(id, p.getNameAsString(), List.of(), false, t));
        }
      }
      boolean canonical = methods.stream().anyMatch(m -> m.isConstructor() && m.parameterTypes().equals(params));
      for (var c : r.getCompactConstructors()) {
        canonical = true;
        methods.add(new MethodInfo(id, "<init>", params, false, false, false, false, "void", false, List.of(),
            annotations(c), params.stream().map(p -> List.<RawAnnotation>of()).toList(), c, Map.of()));
      }
      if (!canonical) {
        methods.add(implicit(id, "<init>", params, false, "void"));
      }
    } else if (!isInterface && !hasConstructor) {
      methods.add(implicitConstructor(id, node));
    }
    if (isEnum) {
      methods.add(implicit(id, "values", List.of(), true, id + "[]"));
      methods.add(implicit(id, "valueOf", List.of("java.lang.String"), true, id));
    }
    return new TypeInfo(id, simpleName, isInterface, isEnum, isRecord, superclass, List.copyOf(interfaces), annotations,
        methods, fields, memberTypes, node, generics(node));
  }

  /** A class without constructors has the default one; an anonymous class's takes its superclass constructor's parameters. */
  private MethodInfo implicitConstructor(String id, Node node) {
    List<String> params = List.of();
    if (node instanceof ObjectCreationExpr oc && !oc.getArguments().isEmpty()) {
      params = anonymousConstructorParameters.apply(oc);
    }
    return implicit(id, "<init>", params == null ? List.of() : params, false, "void");
  }

  /** Set by the resolver: the parameter types of the superclass constructor an anonymous class calls. */
  java.util.function.Function<ObjectCreationExpr, List<String>> anonymousConstructorParameters = oc -> null;

  private static MethodInfo implicit(String owner, String name, List<String> params, boolean isStatic, String returnType) {
    List<List<RawAnnotation>> none = params.stream().map(p -> List.<RawAnnotation>of()).toList();
    return new MethodInfo(owner, name, params, false, isStatic, false, false, returnType, false, List.of(), List.of(),
        none, null, Map.of());
  }

  private MethodInfo method(String owner, CallableDeclaration<?> decl, boolean inInterface) {
    List<String> params = new ArrayList<>();
    List<List<RawAnnotation>> parameterAnnotations = new ArrayList<>();
    Map<Integer, String> typeVariableParameters = new HashMap<>();
    boolean varargs = false;
    for (Parameter p : decl.getParameters()) {
      if (isTypeVariable(p.getType())) {
        typeVariableParameters.put(params.size(), ((ClassOrInterfaceType) p.getType()).getNameAsString());
      }
      String t = orObject(resolve(p.getType()));
      if (p.isVarArgs()) {
        t = t + "[]";
        varargs = true;
      }
      params.add(t);
      parameterAnnotations.add(annotations(p));
    }
    List<String> thrown = new ArrayList<>();
    decl.getThrownExceptions().forEach(t -> addIfKnown(thrown, resolve(t)));
    boolean isStatic = decl.isStatic();
    boolean isPrivate = decl.isPrivate();
    String name = decl instanceof ConstructorDeclaration ? "<init>" : decl.getNameAsString();
    String returnType = "void";
    boolean returnsTypeVariable = false;
    boolean isAbstract = decl.isAbstract();
    if (decl instanceof MethodDeclaration m) {
      returnType = orObject(resolve(m.getType()));
      returnsTypeVariable = isTypeVariable(m.getType());
      isAbstract = m.isAbstract() || inInterface && m.getBody().isEmpty() && !m.isStatic() && !m.isDefault() && !m.isPrivate();
    }
    return new MethodInfo(owner, name, params, varargs, isStatic, isPrivate, isAbstract, returnType, returnsTypeVariable,
        thrown, annotations(decl), parameterAnnotations, decl, typeVariableParameters);
  }

  /** Whether {@code type} names a type variable in its scope. */
  boolean isTypeVariable(Type type) {
    if (!(type instanceof ClassOrInterfaceType c) || c.getScope().isPresent()) {
      return false;
    }
    String name = c.getNameAsString();
    for (Node n = type.getParentNode().orElse(null); n != null; n = n.getParentNode().orElse(null)) {
      if (n instanceof NodeWithTypeParameters<?> withParams) {
        for (TypeParameter tp : withParams.getTypeParameters()) {
          if (tp.getNameAsString().equals(name)) {
            return true;
          }
        }
      }
      if (n instanceof TypeDeclaration<?> td && (td.isStatic() || td.isTopLevelType())
          && !(td instanceof NodeWithTypeParameters<?>)) {
        return false;
      }
    }
    return false;
  }

  private static String orObject(String t) {
    return t == null ? OBJECT : t;
  }

  private static void addIfKnown(List<String> out, String id) {
    if (id != null) {
      out.add(id);
    }
  }
}

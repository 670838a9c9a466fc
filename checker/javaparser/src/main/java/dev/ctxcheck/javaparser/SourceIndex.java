package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.stmt.LocalClassDeclarationStmt;
import com.github.javaparser.ast.stmt.LocalRecordDeclarationStmt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The program's own type declarations, by the binary names javac gives them: {@code pkg.Top},
 * {@code pkg.Top$Member}, and for local and anonymous classes the enclosing class's name with the
 * first free number ({@code Top$1}, {@code Top$1Local}), counted per enclosing class in source order.
 * Built once, before any fact is extracted, so names resolve against the whole program.
 */
final class SourceIndex {

  /** One declared type: a type declaration, or the {@code new} expression of an anonymous class. */
  record SourceType(String id, Node node, CompilationUnit unit, String enclosing, boolean member) {}

  /**
   * Set on a compilation unit by the parser's pass, which visits every node anyway: whether it has
   * local or anonymous classes at all. Looking for them walks every method body, which cost more
   * than the rest of the index.
   */
  static final com.github.javaparser.ast.DataKey<Boolean> HAS_LOCAL_CLASSES =
      new com.github.javaparser.ast.DataKey<>() {};

  /** Whether {@code node} declares a local or anonymous class (what {@link #HAS_LOCAL_CLASSES} counts). */
  static boolean declaresLocalClass(Node node) {
    return node instanceof LocalClassDeclarationStmt || node instanceof LocalRecordDeclarationStmt
        || node instanceof ObjectCreationExpr oc && oc.getAnonymousClassBody().isPresent()
        || node instanceof EnumConstantDeclaration c && !c.getClassBody().isEmpty();
  }

  private final Map<Node, String> ids = new IdentityHashMap<>();
  private final Map<String, SourceType> byId = new LinkedHashMap<>();

  void add(CompilationUnit unit) {
    add(Fragment.of(unit));
  }

  /**
   * What one file adds to the index, worked out once per parse: its types in the order they are
   * added, each with the position of its enclosing type's entry (-1 for a top-level type).
   */
  record Fragment(List<SourceType> types, int[] enclosingEntry) {
    static Fragment of(CompilationUnit unit) {
      boolean locals = !unit.containsData(HAS_LOCAL_CLASSES) || unit.getData(HAS_LOCAL_CLASSES);
      String pkg = unit.getPackageDeclaration().map(p -> p.getNameAsString()).orElse("");
      List<SourceType> types = new ArrayList<>();
      List<Integer> enclosing = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      for (TypeDeclaration<?> t : unit.getTypes()) {
        String id = pkg.isEmpty() ? t.getNameAsString() : pkg + "." + t.getNameAsString();
        addType(t, id, unit, null, true, locals, -1, types, enclosing, seen);
      }
      return new Fragment(List.copyOf(types), enclosing.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  /**
   * Adds a file's types. A type whose name is taken already (a duplicate class) is left out with
   * everything declared inside it: the first declaration wins, as for javac's "duplicate class".
   */
  void add(Fragment fragment) {
    boolean[] left = new boolean[fragment.types().size()];
    for (int i = 0; i < left.length; i++) {
      SourceType t = fragment.types().get(i);
      int enclosing = fragment.enclosingEntry()[i];
      if (enclosing >= 0 && left[enclosing] || byId.containsKey(t.id())) {
        left[i] = true;
        continue;
      }
      ids.put(t.node(), t.id());
      byId.put(t.id(), t);
    }
  }

  private static void addType(Node node, String id, CompilationUnit unit, String enclosing, boolean member,
      boolean locals, int enclosingEntry, List<SourceType> types, List<Integer> enclosingEntries,
      Map<String, Integer> seen) {
    if (seen.containsKey(id)) {
      return; // a duplicate within the file
    }
    int entry = types.size();
    seen.put(id, entry);
    types.add(new SourceType(id, node, unit, enclosing, member));
    enclosingEntries.add(enclosingEntry);
    List<Node> local = new ArrayList<>();
    for (Node part : bodyOf(node)) {
      if (part instanceof TypeDeclaration<?> td) {
        addType(td, id + "$" + td.getNameAsString(), unit, id, true, locals, entry, types, enclosingEntries, seen);
      } else if (!locals) {
        continue;
      } else if (part instanceof EnumConstantDeclaration c) {
        if (!c.getClassBody().isEmpty()) {
          local.add(c); // an enum constant with a body is an anonymous class
        }
        c.getArguments().forEach(a -> collectLocal(a, local));
      } else {
        collectLocal(part, local);
      }
    }
    local.sort(Comparator.comparing(n -> n.getBegin().orElse(null),
        Comparator.nullsLast(Comparator.naturalOrder())));
    Map<String, Integer> taken = new HashMap<>();
    for (Node n : local) {
      String name = n instanceof TypeDeclaration<?> td ? td.getNameAsString() : "";
      int i = 1;
      while (taken.containsKey(id + "$" + i + name)) {
        i++;
      }
      String localId = id + "$" + i + name;
      taken.put(localId, 1);
      addType(n, localId, unit, id, false, locals, entry, types, enclosingEntries, seen);
    }
  }

  /** The members of a type declaration, an anonymous class body or an enum constant's body. */
  static List<? extends Node> bodyOf(Node type) {
    if (type instanceof ObjectCreationExpr oc) {
      return oc.getAnonymousClassBody().orElse(new NodeList<>());
    }
    if (type instanceof EnumConstantDeclaration c) {
      return c.getClassBody();
    }
    List<Node> out = new ArrayList<>();
    if (type instanceof EnumDeclaration e) {
      out.addAll(e.getEntries());
    }
    out.addAll(((TypeDeclaration<?>) type).getMembers());
    return out;
  }

  /** Local and anonymous classes under {@code node}, not looking inside them. */
  private static void collectLocal(Node node, List<Node> local) {
    if (node instanceof LocalClassDeclarationStmt s) {
      local.add(s.getClassDeclaration());
      return;
    }
    if (node instanceof LocalRecordDeclarationStmt s) {
      local.add(s.getRecordDeclaration());
      return;
    }
    if (node instanceof ObjectCreationExpr oc && oc.getAnonymousClassBody().isPresent()) {
      local.add(oc);
      oc.getScope().ifPresent(sc -> collectLocal(sc, local));
      oc.getArguments().forEach(a -> collectLocal(a, local));
      return;
    }
    if (node instanceof TypeDeclaration<?>) {
      return;
    }
    for (Node child : node.getChildNodes()) {
      collectLocal(child, local);
    }
  }

  /** The binary name of a type declaration or anonymous class creation; null if not indexed. */
  String idOf(Node declaration) {
    return ids.get(declaration);
  }

  SourceType type(String id) {
    return byId.get(id);
  }

  Iterable<SourceType> types() {
    return byId.values();
  }
}

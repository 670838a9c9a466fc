package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.AnnotationDeclaration;
import com.github.javaparser.ast.body.BodyDeclaration;
import com.github.javaparser.ast.body.CallableDeclaration;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.body.EnumConstantDeclaration;
import com.github.javaparser.ast.body.EnumDeclaration;
import com.github.javaparser.ast.body.FieldDeclaration;
import com.github.javaparser.ast.body.InitializerDeclaration;
import com.github.javaparser.ast.body.MethodDeclaration;
import com.github.javaparser.ast.body.RecordDeclaration;
import com.github.javaparser.ast.body.TypeDeclaration;
import com.github.javaparser.ast.body.VariableDeclarator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What other files can see of one file: everything the index and the type model read from it (its
 * package and imports, its types' headers, its members' signatures and annotations, fields whole)
 * and nothing of method bodies. Two versions of a file with the same shape give every other file the
 * same facts; a {@link Change} says which other files may see a difference.
 *
 * @param header the package and imports, or null for a file of which nothing parsed
 * @param types by the type's binary-ish name ({@code Outer.Inner}), in source order
 */
record DeclarationShape(String header, Map<String, TypeShape> types) {

  /**
   * @param header kind, modifiers, annotations, type parameters, supertypes, record components
   * @param lambdaTarget whether other files can use it without naming any of its members (an
   *     interface: a lambda or method reference implements it; an annotation type: its defaults)
   * @param members signature text by member key ({@code name(ParamTypes)}, {@code name} of a field or
   *     enum constant)
   * @param memberNames the member keys' names, by key
   */
  record TypeShape(String simpleName, String header, boolean lambdaTarget, Map<String, String> members,
      Map<String, String> memberNames) {}

  /**
   * How a new version of a file differs for the others.
   *
   * @param everyFile whether any file may see a difference (a type added, removed or with a new
   *     header, imports changed, an interface's member): all are re-extracted
   * @param names otherwise, the names of the members that changed: a file that never mentions any of
   *     them cannot resolve anything differently
   */
  record Change(boolean everyFile, Set<String> names) {
    static final Change NONE = new Change(false, Set.of());
    static final Change EVERY_FILE = new Change(true, Set.of());

    boolean none() {
      return !everyFile && names.isEmpty();
    }
  }

  /** The shape of a parsed file; {@code unit} null (nothing parsed) gives an empty shape. */
  static DeclarationShape of(CompilationUnit unit) {
    if (unit == null) {
      return new DeclarationShape(null, Map.of());
    }
    StringBuilder header = new StringBuilder();
    unit.getPackageDeclaration().ifPresent(p -> header.append(p.getAnnotations()).append(p.getNameAsString()));
    unit.getImports().forEach(i -> header.append(';').append(i.isStatic() ? "static " : "")
        .append(i.getNameAsString()).append(i.isAsterisk() ? ".*" : ""));
    Map<String, TypeShape> types = new LinkedHashMap<>();
    for (TypeDeclaration<?> t : unit.getTypes()) {
      addType(t, t.getNameAsString(), types);
    }
    return new DeclarationShape(header.toString(), types);
  }

  private static void addType(TypeDeclaration<?> type, String name, Map<String, TypeShape> out) {
    StringBuilder header = new StringBuilder();
    header.append(type.getClass().getSimpleName()).append(' ').append(type.getModifiers())
        .append(type.getAnnotations());
    boolean lambdaTarget = type instanceof AnnotationDeclaration;
    if (type instanceof ClassOrInterfaceDeclaration c) {
      lambdaTarget = c.isInterface();
      header.append(c.isInterface()).append(c.getTypeParameters()).append(c.getExtendedTypes())
          .append(c.getImplementedTypes()).append(c.getPermittedTypes());
    } else if (type instanceof EnumDeclaration e) {
      header.append(e.getImplementedTypes());
    } else if (type instanceof RecordDeclaration r) {
      header.append(r.getTypeParameters()).append(r.getImplementedTypes()).append(r.getParameters());
    }
    Map<String, String> members = new LinkedHashMap<>();
    Map<String, String> memberNames = new LinkedHashMap<>();
    if (type instanceof EnumDeclaration e) {
      for (EnumConstantDeclaration c : e.getEntries()) {
        // The body of a constant is an anonymous class: a body, but its arguments are seen.
        member("enum " + c.getNameAsString(), c.getNameAsString(), c.getAnnotations() + "" + c.getArguments(),
            members, memberNames);
      }
    }
    for (BodyDeclaration<?> m : type.getMembers()) {
      if (m instanceof TypeDeclaration<?> nested) {
        addType(nested, name + "." + nested.getNameAsString(), out);
        // A member type is part of its outer type's header: adding or removing one changes names.
        header.append(" member ").append(nested.getNameAsString());
      } else if (m instanceof CallableDeclaration<?> callable) {
        member(callable.getNameAsString() + callable.getParameters().stream()
            .map(p -> p.getType().asString() + (p.isVarArgs() ? "..." : "")).toList(), callable.getNameAsString(),
            signature(callable), members, memberNames);
      } else if (m instanceof FieldDeclaration f) {
        for (VariableDeclarator v : f.getVariables()) {
          // Whole, initializer included: a constant's value or a field's callback may be seen.
          member(v.getNameAsString(), v.getNameAsString(), f.getModifiers() + "" + f.getAnnotations() + v,
              members, memberNames);
        }
      } else if (m instanceof InitializerDeclaration) {
        continue; // a body
      } else if (m instanceof com.github.javaparser.ast.body.AnnotationMemberDeclaration a) {
        member(a.getNameAsString() + "()", a.getNameAsString(), a.toString(), members, memberNames);
      } else {
        header.append(" other ").append(m);
      }
    }
    out.put(name, new TypeShape(type.getNameAsString(), header.toString(), lambdaTarget, members, memberNames));
  }

  private static void member(String key, String name, String signature, Map<String, String> members,
      Map<String, String> names) {
    // Two members with one key (a duplicate): both signatures count.
    members.merge(key, signature, (a, b) -> a + "|" + b);
    names.put(key, name);
  }

  /** A method's or constructor's declaration without its body. */
  private static String signature(CallableDeclaration<?> c) {
    StringBuilder s = new StringBuilder();
    s.append(c.getAnnotations()).append(c.getModifiers()).append(c.getTypeParameters());
    if (c instanceof MethodDeclaration m) {
      s.append(m.getType()).append(' ');
    }
    s.append(c.getName());
    for (var p : c.getParameters()) {
      s.append(',').append(p.getAnnotations()).append(p.getModifiers()).append(p.getType())
          .append(p.isVarArgs() ? "..." : "").append(' ').append(p.getName());
    }
    s.append(c.getThrownExceptions());
    if (c instanceof MethodDeclaration m) {
      // Abstract or not is seen (an interface's default method, an abstract class's override).
      s.append(m.getBody().isPresent());
    }
    return s.toString();
  }

  /** What other files may see differently when this file's shape becomes {@code next}. */
  Change changeTo(DeclarationShape next) {
    if (!Objects.equals(header, next.header) || !types.keySet().equals(next.types.keySet())) {
      return Change.EVERY_FILE;
    }
    Set<String> names = new HashSet<>();
    for (Map.Entry<String, TypeShape> e : types.entrySet()) {
      TypeShape before = e.getValue();
      TypeShape after = next.types.get(e.getKey());
      if (!before.header().equals(after.header()) || before.lambdaTarget() != after.lambdaTarget()) {
        return Change.EVERY_FILE;
      }
      if (before.members().equals(after.members())) {
        continue;
      }
      if (before.lambdaTarget()) {
        return Change.EVERY_FILE;
      }
      Set<String> keys = new HashSet<>(before.members().keySet());
      keys.addAll(after.members().keySet());
      for (String key : keys) {
        if (!Objects.equals(before.members().get(key), after.members().get(key))) {
          String name = before.memberNames().containsKey(key) ? before.memberNames().get(key)
              : after.memberNames().get(key);
          names.add(name);
        }
      }
    }
    return names.isEmpty() ? Change.NONE : new Change(false, Set.copyOf(names));
  }
}

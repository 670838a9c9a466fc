package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.Node;
import dev.ctxcheck.engine.build.RawAnnotation;
import java.util.List;
import java.util.Map;

/**
 * What the front end knows about one class or interface, from source or from a class file: enough
 * to resolve names and calls and to describe methods outside the program. Type ids are binary names
 * ({@code pkg.Outer$Inner}), as in the javac front end.
 *
 * @param superclass binary name of the direct superclass; null for interfaces and Object
 * @param memberTypes simple name to binary name of the member types it declares
 * @param declaration the AST node for a source type; null for class files
 * @param generics its type parameters and the type arguments of its supertypes
 */
record TypeInfo(
    String id,
    String simpleName,
    boolean isInterface,
    boolean isEnum,
    boolean isRecord,
    String superclass,
    List<String> interfaces,
    List<RawAnnotation> annotations,
    List<MethodInfo> methods,
    Map<String, FieldInfo> fields,
    Map<String, String> memberTypes,
    Node declaration,
    Generics generics) {

  boolean inProgram() {
    return declaration != null;
  }

  /** Direct supertypes: the superclass (Object for interfaces) then the interfaces, as javac lists them. */
  List<String> directSupertypes() {
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    if (superclass != null) {
      out.add(superclass);
    } else if (isInterface) {
      out.add("java.lang.Object");
    }
    out.addAll(interfaces);
    return out;
  }
}

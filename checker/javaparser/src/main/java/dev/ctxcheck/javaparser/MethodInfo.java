package dev.ctxcheck.javaparser;

import com.github.javaparser.ast.Node;
import dev.ctxcheck.engine.build.RawAnnotation;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A method or constructor ({@code <init>}) with erased signature and the annotations that mean
 * something to ctxcheck, as written (the engine reads them).
 *
 * @param returnType erased return type id; {@code void} for none
 * @param returnsTypeVariable the declared return type is a type variable, so a call's type needs
 *     the type arguments (which only the symbol solver works out)
 * @param thrown erased ids of the declared exceptions
 * @param parameterAnnotations per parameter, its annotations
 * @param declaration the AST node for source methods; null for class files and implicit members
 * @param typeVariableParameters parameter index to the type variable it is declared with (of the
 *     declaring type or the method), whose erasure says little about what an override in a
 *     parameterized subtype takes or what a lambda's parameter is
 */
record MethodInfo(
    String owner,
    String name,
    List<String> parameterTypes,
    boolean varargs,
    boolean isStatic,
    boolean isPrivate,
    boolean isAbstract,
    String returnType,
    boolean returnsTypeVariable,
    List<String> thrown,
    List<RawAnnotation> annotations,
    List<List<RawAnnotation>> parameterAnnotations,
    Node declaration,
    Map<Integer, String> typeVariableParameters) {

  String id() {
    return owner + "#" + name + "(" + String.join(",", parameterTypes) + ")";
  }

  boolean isConstructor() {
    return name.equals("<init>");
  }

  /** Same name and erased parameters: one overrides or hides the other. */
  boolean sameSignature(MethodInfo other) {
    return name.equals(other.name) && parameterTypes.equals(other.parameterTypes);
  }
}

package dev.ctxcheck.javac;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Ids of types and methods as the engine knows them: types by binary name ({@code pkg.Outer$1}),
 * methods as {@code type#name(erased parameter types)}, lambdas by their start offset.
 */
final class Ids {
  private final Elements elements;
  private final Types types;
  private final Map<TypeElement, String> typeIds = new IdentityHashMap<>();
  private final Map<ExecutableElement, String> methodIds = new IdentityHashMap<>();

  Ids(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  String type(TypeElement type) {
    return typeIds.computeIfAbsent(type, t -> elements.getBinaryName(t).toString());
  }

  String method(ExecutableElement method) {
    return methodIds.computeIfAbsent(method, m -> {
      String name = m.getKind() == ElementKind.CONSTRUCTOR ? "<init>" : m.getSimpleName().toString();
      return type((TypeElement) m.getEnclosingElement()) + "#" + name + "(" + String.join(",", parameterTypes(m)) + ")";
    });
  }

  /** A synthetic member of a type, such as its field initializers. */
  String member(TypeElement owner, String name) {
    return type(owner) + "#" + name;
  }

  String lambda(TypeElement owner, long startOffset) {
    return type(owner) + "#lambda@" + startOffset;
  }

  List<String> parameterTypes(ExecutableElement method) {
    List<String> out = new ArrayList<>(method.getParameters().size());
    for (VariableElement p : method.getParameters()) {
      out.add(typeOf(p.asType()));
    }
    return out;
  }

  /** The id of a type's erasure: a binary name, {@code int}, {@code pkg.C[]}; null if none. */
  String typeOf(TypeMirror type) {
    if (type == null) {
      return null;
    }
    TypeMirror erased = types.erasure(type);
    if (erased instanceof DeclaredType d && d.asElement() instanceof TypeElement te) {
      return type(te);
    }
    if (erased instanceof ArrayType a) {
      String component = typeOf(a.getComponentType());
      return component == null ? null : component + "[]";
    }
    return erased.getKind().isPrimitive() ? erased.toString() : null;
  }
}

package dev.ctxcheck.javac;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.Name;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * What the javac front end hands the engine as strings, each computed once per run: type ids
 * (binary names, {@code pkg.Outer$1}), erased parameter types, and javac's names (which javac keeps
 * as bytes, and converts anew on every {@code toString()}).
 */
final class Ids {
  private final Elements elements;
  private final Types types;
  private final Map<TypeElement, String> typeIds = new IdentityHashMap<>();
  private final Map<ExecutableElement, List<String>> parameterTypes = new IdentityHashMap<>();
  private final Map<Name, String> names = new IdentityHashMap<>();

  Ids(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  static boolean isStatic(Element e) {
    return e.getModifiers().contains(Modifier.STATIC);
  }

  static boolean isPrivate(Element e) {
    return e.getModifiers().contains(Modifier.PRIVATE);
  }

  /** A name as a string (javac's names are interned: one instance per spelling). */
  String name(Name name) {
    String s = names.get(name);
    if (s == null) {
      s = name.toString();
      names.put(name, s);
    }
    return s;
  }

  String type(TypeElement type) {
    String id = typeIds.get(type);
    if (id == null) {
      id = elements.getBinaryName(type).toString();
      typeIds.put(type, id);
    }
    return id;
  }

  List<String> parameterTypes(ExecutableElement method) {
    List<String> known = parameterTypes.get(method);
    if (known == null) {
      List<String> out = new ArrayList<>(method.getParameters().size());
      for (VariableElement p : method.getParameters()) {
        out.add(typeOf(p.asType()));
      }
      known = Collections.unmodifiableList(out);
      parameterTypes.put(method, known);
    }
    return known;
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

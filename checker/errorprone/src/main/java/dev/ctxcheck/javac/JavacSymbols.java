package dev.ctxcheck.javac;

import dev.ctxcheck.engine.build.AnnotationVocabulary;
import dev.ctxcheck.engine.build.FlowBuilder;
import dev.ctxcheck.engine.build.RawAnnotation;
import dev.ctxcheck.engine.build.SymbolTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * javac's symbols as the engine's builder asks for them, through {@code javax.lang.model}: methods
 * and types are javac's elements, exception types its type mirrors. Annotations are handed over raw
 * (type name and the values written); only ctxcheck's own and {@code @SuppressWarnings} are read.
 */
final class JavacSymbols implements SymbolTable<ExecutableElement, TypeElement>, FlowBuilder.ExceptionTypes<TypeMirror> {

  private final Elements elements;
  private final Types types;
  private final Ids ids;
  private final Map<TypeElement, List<String>> supertypeIds = new IdentityHashMap<>();
  private final Map<TypeElement, List<TypeElement>> allSupertypes = new IdentityHashMap<>();
  private final Map<Element, List<RawAnnotation>> annotations = new IdentityHashMap<>();
  private final Map<String, TypeMirror> named = new HashMap<>();
  private final Map<TypeElement, ExecutableElement> closeMethods = new IdentityHashMap<>();

  JavacSymbols(Elements elements, Types types, Ids ids) {
    this.elements = elements;
    this.types = types;
    this.ids = ids;
  }

  Ids ids() {
    return ids;
  }

  // ------------------------------------------------------------------ types

  @Override
  public String typeId(TypeElement type) {
    return ids.type(type);
  }

  @Override
  public String simpleName(TypeElement type) {
    return ids.name(type.getSimpleName());
  }

  @Override
  public TypeElement superclass(TypeElement type) {
    return types.asElement(type.getSuperclass()) instanceof TypeElement t ? t : null;
  }

  @Override
  public List<TypeElement> interfaces(TypeElement type) {
    List<TypeElement> out = new ArrayList<>();
    for (TypeMirror i : type.getInterfaces()) {
      if (types.asElement(i) instanceof TypeElement t) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public List<String> supertypeIds(TypeElement type) {
    List<String> known = supertypeIds.get(type);
    if (known == null) {
      List<String> out = new ArrayList<>();
      for (TypeElement s : allSupertypes(type)) {
        out.add(ids.type(s));
      }
      known = List.copyOf(out);
      supertypeIds.put(type, known);
    }
    return known;
  }

  /** Every proper supertype, transitively, depth first from the last direct supertype. */
  List<TypeElement> allSupertypes(TypeElement type) {
    List<TypeElement> known = allSupertypes.get(type);
    if (known == null) {
      Set<TypeElement> out = new LinkedHashSet<>();
      List<TypeMirror> work = new ArrayList<>(types.directSupertypes(type.asType()));
      while (!work.isEmpty()) {
        TypeMirror t = work.remove(work.size() - 1);
        if (types.asElement(t) instanceof TypeElement te && out.add(te)) {
          work.addAll(types.directSupertypes(te.asType()));
        }
      }
      known = List.copyOf(out);
      allSupertypes.put(type, known);
    }
    return known;
  }

  @Override
  public TypeElement enclosingType(TypeElement type) {
    for (Element e = type.getEnclosingElement(); e != null; e = e.getEnclosingElement()) {
      if (e instanceof TypeElement t) {
        return t;
      }
      if (e.getKind() == ElementKind.PACKAGE || e.getKind() == ElementKind.MODULE) {
        return null;
      }
    }
    return null;
  }

  @Override
  public boolean isSubtype(TypeElement sub, TypeElement sup) {
    return types.isSubtype(types.erasure(sub.asType()), types.erasure(sup.asType()));
  }

  @Override
  public List<RawAnnotation> typeAnnotations(TypeElement type) {
    return raw(type);
  }

  @Override
  public List<ExecutableElement> allMethods(TypeElement type) {
    List<ExecutableElement> out = new ArrayList<>();
    for (Element e : elements.getAllMembers(type)) {
      if (e.getKind() == ElementKind.METHOD) {
        out.add((ExecutableElement) e);
      }
    }
    return out;
  }

  /** The {@code close()} a resource of {@code type} runs: its most specific one without parameters. */
  ExecutableElement closeMethod(TypeElement type) {
    if (closeMethods.containsKey(type)) {
      return closeMethods.get(type);
    }
    ExecutableElement close = null;
    for (ExecutableElement m : allMethods(type)) {
      if (ids.name(m.getSimpleName()).equals("close") && m.getParameters().isEmpty()) {
        close = m;
        break;
      }
    }
    closeMethods.put(type, close);
    return close;
  }

  @Override
  public List<ExecutableElement> declaredMethods(TypeElement type) {
    List<ExecutableElement> out = new ArrayList<>();
    for (Element e : type.getEnclosedElements()) {
      if (e.getKind() == ElementKind.METHOD) {
        out.add((ExecutableElement) e);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ methods

  @Override
  public TypeElement declaringType(ExecutableElement method) {
    return (TypeElement) method.getEnclosingElement();
  }

  @Override
  public String name(ExecutableElement method) {
    return method.getKind() == ElementKind.CONSTRUCTOR ? "<init>" : ids.name(method.getSimpleName());
  }

  @Override
  public boolean isStatic(ExecutableElement method) {
    return Ids.isStatic(method);
  }

  @Override
  public boolean isPrivate(ExecutableElement method) {
    return Ids.isPrivate(method);
  }

  @Override
  public boolean isAbstract(ExecutableElement method) {
    return method.getModifiers().contains(Modifier.ABSTRACT);
  }

  @Override
  public List<String> parameterTypes(ExecutableElement method) {
    return ids.parameterTypes(method);
  }

  @Override
  public TypeElement parameterType(ExecutableElement method, int i) {
    return types.asElement(method.getParameters().get(i).asType()) instanceof TypeElement t ? t : null;
  }

  @Override
  public List<RawAnnotation> methodAnnotations(ExecutableElement method) {
    return raw(method);
  }

  @Override
  public List<RawAnnotation> parameterAnnotations(ExecutableElement method, int i) {
    return raw(method.getParameters().get(i));
  }

  // ------------------------------------------------------------------ exceptions

  @Override
  public TypeMirror named(String qualifiedName) {
    if (named.containsKey(qualifiedName)) {
      return named.get(qualifiedName);
    }
    TypeElement e = elements.getTypeElement(qualifiedName);
    TypeMirror t = e == null ? null : e.asType();
    named.put(qualifiedName, t);
    return t;
  }

  @Override
  public boolean isExceptionSubtype(TypeMirror sub, TypeMirror sup) {
    return types.isSubtype(types.erasure(sub), types.erasure(sup));
  }

  /** The exceptions a method declares. */
  List<TypeMirror> thrown(ExecutableElement method) {
    List<? extends TypeMirror> thrown = method.getThrownTypes();
    return thrown.isEmpty() ? List.of() : List.copyOf(thrown);
  }

  // ------------------------------------------------------------------ annotations

  /** The annotations of an element that mean something to ctxcheck, with the values written. */
  List<RawAnnotation> raw(Element e) {
    List<RawAnnotation> known = annotations.get(e);
    if (known != null) {
      return known;
    }
    List<RawAnnotation> out = List.of();
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      String name = ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().toString();
      if (!AnnotationVocabulary.isRelevant(name)) {
        continue;
      }
      Map<String, RawAnnotation.ElementValue> values = new LinkedHashMap<>();
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v : a.getElementValues().entrySet()) {
        RawAnnotation.ElementValue value = value(v.getValue());
        if (value != null) {
          values.put(v.getKey().getSimpleName().toString(), value);
        }
      }
      if (out.isEmpty()) {
        out = new ArrayList<>();
      }
      out.add(new RawAnnotation(name, values));
    }
    out = out.isEmpty() ? List.of() : List.copyOf(out);
    annotations.put(e, out);
    return out;
  }

  private static RawAnnotation.ElementValue value(AnnotationValue v) {
    Object o = v.getValue();
    if (o instanceof String s) {
      return new RawAnnotation.Text(s);
    }
    if (o instanceof Boolean b) {
      return new RawAnnotation.Bool(b);
    }
    if (o instanceof Character c) {
      return new RawAnnotation.Number(c);
    }
    if (o instanceof Number n) {
      return new RawAnnotation.Number(n.longValue());
    }
    if (o instanceof VariableElement constant) {
      return new RawAnnotation.Constant(constant.getSimpleName().toString());
    }
    if (o instanceof List<?> list) {
      List<RawAnnotation.ElementValue> values = new ArrayList<>();
      for (Object item : list) {
        if (item instanceof AnnotationValue av) {
          RawAnnotation.ElementValue converted = value(av);
          if (converted != null) {
            values.add(converted);
          }
        }
      }
      return new RawAnnotation.Array(values);
    }
    if (o instanceof TypeMirror t) {
      return new RawAnnotation.Text(t.toString());
    }
    return null;
  }

  private static final Set<String> BOXES = Set.of("java.lang.Boolean", "java.lang.Byte", "java.lang.Short",
      "java.lang.Character", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double");
  private final Map<Element, Boolean> boxes = new IdentityHashMap<>();

  /** Whether {@code type} is a boxed primitive ({@code Integer}, {@code Boolean}, ...). */
  boolean isBoxed(TypeMirror type) {
    if (type == null || type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    Element e = ((DeclaredType) type).asElement();
    Boolean known = boxes.get(e);
    if (known == null) {
      known = e instanceof TypeElement t && BOXES.contains(t.getQualifiedName().toString());
      boxes.put(e, known);
    }
    return known;
  }

  Types types() {
    return types;
  }

  Elements elements() {
    return elements;
  }

  /** The class {@code type} names, if it is one. */
  TypeElement asTypeElement(TypeMirror type) {
    return type instanceof DeclaredType d && d.asElement() instanceof TypeElement t ? t : null;
  }
}

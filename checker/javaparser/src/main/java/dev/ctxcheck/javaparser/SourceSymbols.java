package dev.ctxcheck.javaparser;

import dev.ctxcheck.engine.build.FlowBuilder;
import dev.ctxcheck.engine.build.RawAnnotation;
import dev.ctxcheck.engine.build.SymbolTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The source front end's types and methods ({@link TypeModel}: the program's declarations and class
 * files) as the engine's builder asks for them. Exception types are type ids. Thread-safe, as the
 * model is.
 */
final class SourceSymbols implements SymbolTable<MethodInfo, TypeInfo>, FlowBuilder.ExceptionTypes<String> {

  private final TypeModel model;

  SourceSymbols(TypeModel model) {
    this.model = model;
  }

  // ------------------------------------------------------------------ types

  @Override
  public String typeId(TypeInfo type) {
    return type.id();
  }

  @Override
  public String simpleName(TypeInfo type) {
    return type.simpleName();
  }

  @Override
  public TypeInfo superclass(TypeInfo type) {
    return type.superclass() == null ? null : model.type(type.superclass());
  }

  @Override
  public List<TypeInfo> interfaces(TypeInfo type) {
    List<TypeInfo> out = new ArrayList<>();
    for (String i : type.interfaces()) {
      TypeInfo t = model.type(i);
      if (t != null) {
        out.add(t);
      }
    }
    return out;
  }

  @Override
  public List<String> supertypeIds(TypeInfo type) {
    return model.allSupertypes(type.id());
  }

  @Override
  public TypeInfo enclosingType(TypeInfo type) {
    SourceIndex.SourceType source = model.index().type(type.id());
    if (source != null) {
      return source.enclosing() == null ? null : model.type(source.enclosing());
    }
    int dollar = type.id().lastIndexOf('$');
    return dollar < 0 ? null : model.type(type.id().substring(0, dollar));
  }

  @Override
  public boolean isSubtype(TypeInfo sub, TypeInfo sup) {
    return model.isSubtype(sub.id(), sup.id());
  }

  @Override
  public List<RawAnnotation> typeAnnotations(TypeInfo type) {
    return type.annotations();
  }

  /** Declared and inherited, the most derived first, one per signature. */
  @Override
  public List<MethodInfo> allMethods(TypeInfo type) {
    List<MethodInfo> out = new ArrayList<>();
    List<String> order = new ArrayList<>();
    order.add(type.id());
    order.addAll(model.allSupertypes(type.id()));
    for (String s : order) {
      TypeInfo st = model.type(s);
      if (st == null) {
        continue;
      }
      for (MethodInfo m : st.methods()) {
        if (!m.isConstructor() && out.stream().noneMatch(o -> o.sameSignature(m))) {
          out.add(m);
        }
      }
    }
    return out;
  }

  @Override
  public List<MethodInfo> declaredMethods(TypeInfo type) {
    return type.methods();
  }

  // ------------------------------------------------------------------ methods

  @Override
  public TypeInfo declaringType(MethodInfo method) {
    return model.type(method.owner());
  }

  @Override
  public String name(MethodInfo method) {
    return method.name();
  }

  @Override
  public boolean isStatic(MethodInfo method) {
    return method.isStatic();
  }

  @Override
  public boolean isPrivate(MethodInfo method) {
    return method.isPrivate();
  }

  @Override
  public boolean isAbstract(MethodInfo method) {
    return method.isAbstract();
  }

  @Override
  public List<String> parameterTypes(MethodInfo method) {
    return method.parameterTypes();
  }

  @Override
  public TypeInfo parameterType(MethodInfo method, int i) {
    if (method.typeVariableParameters().containsKey(i)) {
      return null;
    }
    return model.type(method.parameterTypes().get(i));
  }

  @Override
  public List<RawAnnotation> methodAnnotations(MethodInfo method) {
    return method.annotations();
  }

  @Override
  public List<RawAnnotation> parameterAnnotations(MethodInfo method, int i) {
    return i < method.parameterAnnotations().size() ? method.parameterAnnotations().get(i) : List.of();
  }

  // ------------------------------------------------------------------ exceptions

  @Override
  public String named(String qualifiedName) {
    return model.exists(qualifiedName) ? qualifiedName : null;
  }

  @Override
  public boolean isExceptionSubtype(String sub, String sup) {
    return model.isSubtype(sub, sup);
  }
}

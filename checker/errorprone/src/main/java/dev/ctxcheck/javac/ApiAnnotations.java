package dev.ctxcheck.javac;

import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;

/**
 * Reads ctxcheck's public annotations ({@code dev.ctxcheck.annotations}) off elements, from
 * source or class files alike. These are the checker's own names; what an API means comes from
 * them, never from the API's method names.
 */
final class ApiAnnotations {

  private static final String PACKAGE = "dev.ctxcheck.annotations.";
  private static final Map<String, ExecContext> CONTEXTS = Map.of(
      PACKAGE + "ProcessContext", ExecContext.PROCESS,
      PACKAGE + "SoftirqContext", ExecContext.SOFTIRQ,
      PACKAGE + "HardirqContext", ExecContext.HARDIRQ,
      PACKAGE + "NmiContext", ExecContext.NMI);
  private static final String OPERATION = PACKAGE + "PerCpuOperation";
  private static final String MASKS = PACKAGE + "Masks";
  private static final String UNMASKS = PACKAGE + "Unmasks";
  private static final String UNMASKS_SCOPE = PACKAGE + "UnmasksScope";

  private final Elements elements;

  ApiAnnotations(Elements elements) {
    this.elements = elements;
  }

  Set<ExecContext> contexts(Element e) {
    Set<ExecContext> out = EnumSet.noneOf(ExecContext.class);
    for (AnnotationMirror a : e.getAnnotationMirrors()) {
      ExecContext c = CONTEXTS.get(name(a));
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  OperationSpec operation(ExecutableElement method) {
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      if (name(a).equals(OPERATION)) {
        OpKind kind = OpKind.valueOf(enumConstant(a, "value"));
        String variant = String.valueOf(value(a, "atomicVariant"));
        int variable = ((Number) value(a, "variable")).intValue();
        return new OperationSpec(kind, variant, variable);
      }
    }
    return null;
  }

  MaskEffect maskEffect(ExecutableElement method) {
    for (AnnotationMirror a : method.getAnnotationMirrors()) {
      switch (name(a)) {
        case MASKS -> {
          return new MaskEffect(MaskEffect.Action.MASK, MaskLevel.valueOf(enumConstant(a, "value")));
        }
        case UNMASKS -> {
          return new MaskEffect(MaskEffect.Action.UNMASK, MaskLevel.valueOf(enumConstant(a, "value")));
        }
        case UNMASKS_SCOPE -> {
          return new MaskEffect(MaskEffect.Action.UNMASK_SCOPE, null);
        }
        default -> { }
      }
    }
    return null;
  }

  private static String name(AnnotationMirror a) {
    return ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  private Object value(AnnotationMirror a, String member) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        elements.getElementValuesWithDefaults(a).entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(member)) {
        return e.getValue().getValue();
      }
    }
    throw new IllegalStateException("@" + name(a) + " has no member " + member);
  }

  private String enumConstant(AnnotationMirror a, String member) {
    Object v = value(a, member);
    return v instanceof VariableElement ve ? ve.getSimpleName().toString() : String.valueOf(v);
  }
}

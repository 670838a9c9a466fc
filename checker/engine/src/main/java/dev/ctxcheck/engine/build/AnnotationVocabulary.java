package dev.ctxcheck.engine.build;

import dev.ctxcheck.annotations.AcquiresLock;
import dev.ctxcheck.annotations.HardirqContext;
import dev.ctxcheck.annotations.Masked;
import dev.ctxcheck.annotations.Masks;
import dev.ctxcheck.annotations.NmiContext;
import dev.ctxcheck.annotations.PerCpuOperation;
import dev.ctxcheck.annotations.PerCpuPointer;
import dev.ctxcheck.annotations.PreemptRt;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.annotations.ReleasesLock;
import dev.ctxcheck.annotations.SoftirqContext;
import dev.ctxcheck.annotations.Unmasks;
import dev.ctxcheck.annotations.UnmasksScope;
import dev.ctxcheck.engine.build.RawAnnotation.ElementValue;
import dev.ctxcheck.engine.facts.ContextAnnotations;
import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.LockEffect;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.MethodAnnotations;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import dev.ctxcheck.engine.facts.PerCpuPointerSpec;
import dev.ctxcheck.engine.facts.PreemptRtEffect;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ctxcheck's annotation vocabulary ({@code dev.ctxcheck.annotations}), in one place: which
 * annotation means what, and the value of every element a declaration leaves out, read from the
 * annotation types' own declarations. Front ends hand over what they find ({@link RawAnnotation});
 * nothing else knows these names.
 *
 * <p>An annotation whose values make no sense (an unknown enum constant, a missing required
 * element) is ignored, as if it were not there; an int element given as a constant a front end
 * could not fold takes its default.
 */
public final class AnnotationVocabulary {

  private static final Map<String, ExecContext> CONTEXTS = Map.of(
      ProcessContext.class.getName(), ExecContext.PROCESS,
      SoftirqContext.class.getName(), ExecContext.SOFTIRQ,
      HardirqContext.class.getName(), ExecContext.HARDIRQ,
      NmiContext.class.getName(), ExecContext.NMI);
  private static final String SUPPRESS_WARNINGS = SuppressWarnings.class.getName();
  private static final String PACKAGE = ProcessContext.class.getPackageName() + ".";

  private AnnotationVocabulary() {}

  /**
   * Whether a front end needs to hand over annotations of this type (ctxcheck's own, and
   * {@code @SuppressWarnings}); others can be skipped without reading their values.
   */
  public static boolean isRelevant(String qualifiedName) {
    return qualifiedName.startsWith(PACKAGE) || qualifiedName.equals(SUPPRESS_WARNINGS);
  }

  private static final Set<String> SIMPLE_NAMES = Set.of(ProcessContext.class.getSimpleName(),
      SoftirqContext.class.getSimpleName(), HardirqContext.class.getSimpleName(), NmiContext.class.getSimpleName(),
      PerCpuOperation.class.getSimpleName(), Masks.class.getSimpleName(), Unmasks.class.getSimpleName(),
      UnmasksScope.class.getSimpleName(), AcquiresLock.class.getSimpleName(), ReleasesLock.class.getSimpleName(),
      PerCpuPointer.class.getSimpleName(), SuppressWarnings.class.getSimpleName());

  /**
   * Whether an annotation written with this last name may be relevant (see {@link #isRelevant}):
   * a front end that must resolve names to know can skip the others unresolved.
   */
  public static boolean mayBeRelevant(String simpleName) {
    return SIMPLE_NAMES.contains(simpleName);
  }

  /**
   * The annotation types whose presence anywhere a program can see makes findings possible: without
   * any of them in sight (in source, or on the class files the compiler read) the program has no
   * entry point, no per-CPU operation and no mask, and the analysis can be skipped whole.
   */
  public static List<String> typeNames() {
    return List.of(ProcessContext.class.getName(), SoftirqContext.class.getName(), HardirqContext.class.getName(),
        NmiContext.class.getName(), PerCpuOperation.class.getName(), PerCpuPointer.class.getName(),
        Masks.class.getName(), Unmasks.class.getName(), UnmasksScope.class.getName(), AcquiresLock.class.getName(),
        ReleasesLock.class.getName());
  }

  /** The context annotations among {@code annotations} (of a method, type or parameter). */
  public static ContextAnnotations contexts(List<RawAnnotation> annotations) {
    Set<ExecContext> contexts = EnumSet.noneOf(ExecContext.class);
    boolean noThread = false;
    for (RawAnnotation a : annotations) {
      ExecContext c = CONTEXTS.get(a.type());
      if (c != null) {
        contexts.add(c);
        if (c == ExecContext.HARDIRQ) {
          noThread |= bool(a, HardirqContext.class, "noThread");
        }
      }
    }
    return contexts.isEmpty() ? ContextAnnotations.NONE : new ContextAnnotations(contexts, noThread);
  }

  /** What the annotations of a method (and of each of its parameters) declare. */
  public static MethodAnnotations method(List<RawAnnotation> annotations, List<List<RawAnnotation>> parameters) {
    List<ContextAnnotations> parameterContexts = new ArrayList<>(parameters.size());
    boolean anyParameter = false;
    for (List<RawAnnotation> p : parameters) {
      ContextAnnotations c = contexts(p);
      anyParameter |= !c.isEmpty();
      parameterContexts.add(c);
    }
    ContextAnnotations contexts = contexts(annotations);
    OperationSpec operation = null;
    MaskEffect mask = null;
    List<LockEffect> locks = new ArrayList<>();
    PerCpuPointerSpec pointer = null;
    for (RawAnnotation a : annotations) {
      String type = a.type();
      if (!type.startsWith(PACKAGE)) {
        continue;
      }
      if (type.equals(PerCpuOperation.class.getName())) {
        operation = operation != null ? operation : operation(a);
      } else if (type.equals(Masks.class.getName()) || type.equals(Unmasks.class.getName())
          || type.equals(UnmasksScope.class.getName())) {
        mask = mask != null ? mask : maskEffect(a);
      } else if (type.equals(AcquiresLock.class.getName())) {
        Integer p = integer(a, AcquiresLock.class, "value");
        if (p != null) {
          locks.add(new LockEffect(LockEffect.Action.ACQUIRE, p));
        }
      } else if (type.equals(ReleasesLock.class.getName())) {
        Integer p = integer(a, ReleasesLock.class, "value");
        if (p != null) {
          locks.add(new LockEffect(LockEffect.Action.RELEASE, p));
        }
      } else if (type.equals(PerCpuPointer.class.getName())) {
        pointer = pointer != null ? pointer : pointer(a);
      }
    }
    if (contexts.isEmpty() && !anyParameter && operation == null && mask == null && locks.isEmpty()
        && pointer == null) {
      return parameters.isEmpty() ? MethodAnnotations.NONE
          : new MethodAnnotations(ContextAnnotations.NONE, parameterContexts, null, null, List.of(), null);
    }
    return new MethodAnnotations(contexts, parameterContexts, operation, mask, locks, pointer);
  }

  /** The check names a {@code @SuppressWarnings} among {@code annotations} names; empty if none. */
  public static Set<String> suppressedWarnings(List<RawAnnotation> annotations) {
    Set<String> out = new LinkedHashSet<>();
    for (RawAnnotation a : annotations) {
      if (a.type().equals(SUPPRESS_WARNINGS)) {
        collectTexts(a.value("value"), out);
      }
    }
    return out;
  }

  private static void collectTexts(ElementValue v, Set<String> out) {
    if (v instanceof RawAnnotation.Text t) {
      out.add(t.value());
    } else if (v instanceof RawAnnotation.Array array) {
      array.values().forEach(e -> collectTexts(e, out));
    }
  }

  private static OperationSpec operation(RawAnnotation a) {
    PerCpuOperation.Kind kind = enumValue(a, PerCpuOperation.class, "value", PerCpuOperation.Kind.class);
    String variant = text(a, PerCpuOperation.class, "atomicVariant");
    Integer variable = integer(a, PerCpuOperation.class, "variable");
    if (kind == null || variant == null || variable == null) {
      return null;
    }
    return new OperationSpec(OpKind.valueOf(kind.name()), variant, variable);
  }

  private static MaskEffect maskEffect(RawAnnotation a) {
    if (a.type().equals(UnmasksScope.class.getName())) {
      return new MaskEffect(MaskEffect.Action.UNMASK_SCOPE, null, PreemptRtEffect.SAME);
    }
    Class<? extends Annotation> type = a.type().equals(Masks.class.getName()) ? Masks.class : Unmasks.class;
    Masked level = enumValue(a, type, "value", Masked.class);
    PreemptRt rt = enumValue(a, type, "preemptRt", PreemptRt.class);
    if (level == null || rt == null) {
      return null;
    }
    return new MaskEffect(type == Masks.class ? MaskEffect.Action.MASK : MaskEffect.Action.UNMASK,
        MaskLevel.valueOf(level.name()), PreemptRtEffect.valueOf(rt.name()));
  }

  private static PerCpuPointerSpec pointer(RawAnnotation a) {
    PerCpuPointer.Access access = enumValue(a, PerCpuPointer.class, "value", PerCpuPointer.Access.class);
    Integer variable = integer(a, PerCpuPointer.class, "variable");
    if (access == null || variable == null) {
      return null;
    }
    return new PerCpuPointerSpec(PerCpuPointerSpec.Access.valueOf(access.name()), variable);
  }

  // ------------------------------------------------------------------ element values

  /** The declared default of {@code element}, or null if it has none (a required element). */
  private static Object defaultValue(Class<? extends Annotation> type, String element) {
    try {
      Method m = type.getMethod(element);
      return m.getDefaultValue();
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException("@" + type.getSimpleName() + " has no element " + element, e);
    }
  }

  private static <E extends Enum<E>> E enumValue(RawAnnotation a, Class<? extends Annotation> type, String element,
      Class<E> enumType) {
    ElementValue v = a.value(element);
    if (v == null) {
      return enumType.cast(defaultValue(type, element));
    }
    if (!(v instanceof RawAnnotation.Constant c)) {
      return null;
    }
    for (E e : enumType.getEnumConstants()) {
      if (e.name().equals(c.name())) {
        return e;
      }
    }
    return null;
  }

  private static String text(RawAnnotation a, Class<? extends Annotation> type, String element) {
    ElementValue v = a.value(element);
    if (v == null) {
      return (String) defaultValue(type, element);
    }
    return v instanceof RawAnnotation.Text t ? t.value() : null;
  }

  private static boolean bool(RawAnnotation a, Class<? extends Annotation> type, String element) {
    ElementValue v = a.value(element);
    if (v == null) {
      return (Boolean) defaultValue(type, element);
    }
    return v instanceof RawAnnotation.Bool b && b.value();
  }

  /** An int element: a number, or a constant the annotation type declares ({@code RECEIVER}). */
  private static Integer integer(RawAnnotation a, Class<? extends Annotation> type, String element) {
    ElementValue v = a.value(element);
    if (v == null) {
      return (Integer) defaultValue(type, element);
    }
    if (v instanceof RawAnnotation.Number n) {
      return (int) n.value();
    }
    if (v instanceof RawAnnotation.Constant c) {
      // A constant of the annotation type itself (RECEIVER); one of the user's that a front end
      // could not fold counts as left out.
      Integer declared = declaredConstant(type, c.name());
      return declared != null ? declared : (Integer) defaultValue(type, element);
    }
    return null;
  }

  private static Integer declaredConstant(Class<? extends Annotation> type, String name) {
    try {
      Field f = type.getField(name);
      return Modifier.isStatic(f.getModifiers()) && f.getType() == int.class ? f.getInt(null) : null;
    } catch (NoSuchFieldException | IllegalAccessException e) {
      return null;
    }
  }
}

package dev.ctxcheck.javaparser;

import dev.ctxcheck.engine.facts.ExecContext;
import dev.ctxcheck.engine.facts.MaskEffect;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.OpKind;
import dev.ctxcheck.engine.facts.OperationSpec;
import java.util.Map;

/**
 * ctxcheck's public annotations ({@code dev.ctxcheck.annotations}) by name, and how their members
 * become facts. The same vocabulary as the javac front end; the values come from source or class
 * files.
 */
final class ApiNames {
  static final String PACKAGE = "dev.ctxcheck.annotations.";
  static final Map<String, ExecContext> CONTEXTS = Map.of(
      PACKAGE + "ProcessContext", ExecContext.PROCESS,
      PACKAGE + "SoftirqContext", ExecContext.SOFTIRQ,
      PACKAGE + "HardirqContext", ExecContext.HARDIRQ,
      PACKAGE + "NmiContext", ExecContext.NMI);
  static final String OPERATION = PACKAGE + "PerCpuOperation";
  static final String MASKS = PACKAGE + "Masks";
  static final String UNMASKS = PACKAGE + "Unmasks";
  static final String UNMASKS_SCOPE = PACKAGE + "UnmasksScope";

  /** {@code PerCpuOperation}'s defaults, as declared in the annotations artifact. */
  static final String DEFAULT_ATOMIC_VARIANT = "";
  static final int DEFAULT_VARIABLE = 0;

  private ApiNames() {}

  static OperationSpec operation(String kind, String atomicVariant, Integer variable) {
    return new OperationSpec(OpKind.valueOf(kind), atomicVariant == null ? DEFAULT_ATOMIC_VARIANT : atomicVariant,
        variable == null ? DEFAULT_VARIABLE : variable);
  }

  /** The effect of a masking annotation, or null if {@code annotation} is none. */
  static MaskEffect maskEffect(String annotation, String level) {
    return switch (annotation) {
      case MASKS -> new MaskEffect(MaskEffect.Action.MASK, MaskLevel.valueOf(level));
      case UNMASKS -> new MaskEffect(MaskEffect.Action.UNMASK, MaskLevel.valueOf(level));
      case UNMASKS_SCOPE -> new MaskEffect(MaskEffect.Action.UNMASK_SCOPE, null);
      default -> null;
    };
  }

  static boolean isMaskAnnotation(String name) {
    return name.equals(MASKS) || name.equals(UNMASKS) || name.equals(UNMASKS_SCOPE);
  }
}

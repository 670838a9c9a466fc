package dev.ctxcheck.engine.build;

import java.util.List;
import java.util.Map;

/**
 * An annotation as a front end finds it on a declaration: the annotation type's qualified name and
 * the element values written there (not the defaults, which {@link AnnotationVocabulary} reads from
 * the annotation type itself).
 */
public record RawAnnotation(String type, Map<String, ElementValue> values) {

  public RawAnnotation {
    values = Map.copyOf(values);
  }

  public static RawAnnotation of(String type) {
    return new RawAnnotation(type, Map.of());
  }

  /** The value written for {@code element}; null if none was written. */
  public ElementValue value(String element) {
    return values.get(element);
  }

  /** One element value, as written or as the compiler folded it. */
  public sealed interface ElementValue {}

  public record Text(String value) implements ElementValue {}

  public record Number(long value) implements ElementValue {}

  public record Bool(boolean value) implements ElementValue {}

  /**
   * A named constant: an enum constant ({@code Kind.NON_ATOMIC_UPDATE}), or a constant a front end
   * cannot fold itself ({@code PerCpuOperation.RECEIVER}), by its simple name.
   */
  public record Constant(String name) implements ElementValue {}

  public record Array(List<ElementValue> values) implements ElementValue {
    public Array {
      values = List.copyOf(values);
    }
  }
}

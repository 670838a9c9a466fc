package dev.ctxcheck.engine.facts;

/**
 * What calling a method does to the mask of the current CPU, from its {@code @Masks},
 * {@code @Unmasks} or {@code @UnmasksScope} annotation.
 *
 * @param level the level taken or released; null for {@link Action#UNMASK_SCOPE}, whose level is
 *     that of the call that created the receiver ({@link CallSite#scopeLevel()})
 */
public record MaskEffect(Action action, MaskLevel level) {
  public enum Action {
    MASK,
    UNMASK,
    UNMASK_SCOPE
  }
}

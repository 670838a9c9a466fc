package dev.ctxcheck.engine.facts;

/**
 * What calling a method does to the mask of the current CPU, from its {@code @Masks},
 * {@code @Unmasks} or {@code @UnmasksScope} annotation.
 *
 * @param level the level taken or released; null for {@link Action#UNMASK_SCOPE}, whose level is
 *     that of the call that created the receiver ({@link CallSite#scopeLevel()})
 * @param preemptRt what the primitive masks under PREEMPT_RT ({@code preemptRt} of the annotation)
 */
public record MaskEffect(Action action, MaskLevel level, PreemptRtEffect preemptRt) {
  public enum Action {
    MASK,
    UNMASK,
    UNMASK_SCOPE
  }

  /** An effect that is the same under PREEMPT_RT as on mainline. */
  public MaskEffect(Action action, MaskLevel level) {
    this(action, level, PreemptRtEffect.SAME);
  }
}

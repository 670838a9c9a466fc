package dev.ctxcheck.engine.facts;

/**
 * A method declared to be a per-CPU operation (from its {@code @PerCpuOperation} annotation).
 *
 * @param variable index of the parameter that holds the per-CPU variable, or {@link #RECEIVER}
 * @param atomicVariant simple name of the method the fix calls instead; empty if none
 */
public record OperationSpec(OpKind kind, String atomicVariant, int variable) {
  public static final int RECEIVER = -1;
}

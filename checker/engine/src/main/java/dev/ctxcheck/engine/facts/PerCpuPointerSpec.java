package dev.ctxcheck.engine.facts;

/**
 * A method that returns one CPU's object of a per-CPU allocation ({@code @PerCpuPointer}).
 *
 * @param variable index of the parameter that holds the allocation
 */
public record PerCpuPointerSpec(Access access, int variable) {

  /** Whose object it returns. Mirrors {@code PerCpuPointer.Access}. */
  public enum Access {
    /** The running CPU's ({@code this_cpu_ptr}, {@code get_cpu_ptr}). */
    THIS_CPU,
    /** The running CPU's, races accepted ({@code raw_cpu_ptr}). */
    ACCEPTED_RACE,
    /** Another CPU's ({@code per_cpu_ptr(p, cpu)}). */
    OTHER_CPU
  }
}

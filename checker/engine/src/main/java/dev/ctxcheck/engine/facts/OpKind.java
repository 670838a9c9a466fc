package dev.ctxcheck.engine.facts;

/** What a per-CPU operation does to its variable. Mirrors {@code PerCpuOperation.Kind}. */
public enum OpKind {
  ATOMIC_UPDATE,
  NON_ATOMIC_UPDATE,
  /** Non-atomic, but the race is accepted on purpose ({@code raw_cpu_*}). */
  ACCEPTED_RACE_UPDATE,
  READ;

  public boolean isUpdate() {
    return this != READ;
  }
}

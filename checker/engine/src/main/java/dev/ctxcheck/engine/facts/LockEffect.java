package dev.ctxcheck.engine.facts;

/**
 * A method that acquires or releases a lock ({@code @AcquiresLock}, {@code @ReleasesLock}).
 *
 * @param parameter index of the parameter that holds the lock, or {@link #RECEIVER}
 */
public record LockEffect(Action action, int parameter) {
  public static final int RECEIVER = -1;

  public enum Action {
    ACQUIRE,
    RELEASE
  }
}

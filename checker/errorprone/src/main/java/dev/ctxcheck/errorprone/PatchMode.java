package dev.ctxcheck.errorprone;

import com.google.errorprone.ErrorProneOptions;
import java.lang.reflect.Method;
import java.util.Set;

/**
 * Whether Error Prone applies the checks' fixes in this compilation ({@code -XepPatchChecks},
 * {@code -XepPatchLocation}), and those of which checks: then the fixes of one file are applied
 * together, and their import edits must be right for the set. Error Prone keeps these options out
 * of its public API; if they cannot be read, the fixes stay as they are alone.
 *
 * @param checks the checks whose fixes are applied; empty: every check that runs
 */
record PatchMode(boolean enabled, Set<String> checks) {

  static final PatchMode OFF = new PatchMode(false, Set.of());

  static PatchMode of(ErrorProneOptions options) {
    try {
      Object patching = ErrorProneOptions.class.getMethod("patchingOptions").invoke(options);
      Class<?> type = Class.forName(ErrorProneOptions.class.getName() + "$PatchingOptions");
      Method doRefactor = type.getDeclaredMethod("doRefactor");
      Method namedCheckers = type.getDeclaredMethod("namedCheckers");
      doRefactor.setAccessible(true);
      namedCheckers.setAccessible(true);
      if (!(boolean) doRefactor.invoke(patching)) {
        return OFF;
      }
      Set<?> names = (Set<?>) namedCheckers.invoke(patching);
      return new PatchMode(true, names.stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return OFF;
    }
  }

  boolean patches(String check) {
    return enabled && (checks.isEmpty() || checks.contains(check));
  }
}

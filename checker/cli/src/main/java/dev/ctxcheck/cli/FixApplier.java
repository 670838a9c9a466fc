package dev.ctxcheck.cli;

import dev.ctxcheck.engine.analysis.Fix;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies fixes in place, all or nothing: every new file is written beside its original first,
 * then each is moved over it atomically. Only files under the paths given are touched.
 */
final class FixApplier {

  private FixApplier() {}

  /** @return the number of files changed */
  static int apply(Edits edits, SourceFiles sources) throws IOException {
    Map<Path, Path> staged = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, List<Fix.Edit>> e : edits.byFile().entrySet()) {
        Path file = e.getKey();
        if (!sources.isInsideRoots(file.toRealPath())) {
          throw new IOException(file + ": lies outside the paths given; no file was fixed");
        }
        String after = Edits.apply(file, SourceFiles.read(file), e.getValue());
        Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".ctxcheck");
        staged.put(file, temp);
        Files.writeString(temp, after);
        copyPermissions(file, temp);
      }
    } catch (IOException | RuntimeException e) {
      for (Path temp : staged.values()) {
        Files.deleteIfExists(temp);
      }
      throw e;
    }
    for (Map.Entry<Path, Path> e : staged.entrySet()) {
      try {
        Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException notAtomic) {
        Files.move(e.getValue(), e.getKey(), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return staged.size();
  }

  private static void copyPermissions(Path from, Path to) throws IOException {
    try {
      Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
    } catch (UnsupportedOperationException notPosix) {
      // The temporary file keeps the platform's defaults.
    }
  }
}

package dev.ctxcheck.lsp.analysis;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each file's {@link Declarations}, kept from one outcome to the next while its text stays the
 * same: every run asks for the declarations of the files with findings on a method, and parsing
 * them again each time cost more than the rest of an edit's answer.
 */
final class DeclarationsCache {

  private final Map<Path, Declarations> byFile = new ConcurrentHashMap<>();

  Declarations get(Path file, String text) {
    Declarations cached = byFile.get(file);
    if (cached != null && cached.text().equals(text)) {
      return cached;
    }
    Declarations parsed = new Declarations(text);
    byFile.put(file, parsed);
    return parsed;
  }

  /** Forgets the files that left the program. */
  void retain(Collection<Path> files) {
    byFile.keySet().retainAll(new HashSet<>(files));
  }
}

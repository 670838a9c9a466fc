package dev.ctxcheck.engine.facts;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole program: types and methods by id, and the files' imports and suppressions, plus access
 * to source text for messages. Made by {@link #assemble} from per-file units, deterministically: the
 * same units in any order give the same program, in the same order (files by id; in each file its
 * declarations in source order; then the stubs), which keeps results and their tie-breaks stable.
 */
public final class Program {

  /** Reads the text of a source file named in a {@link Position}; null if unavailable. */
  @FunctionalInterface
  public interface SourceText {
    CharSequence read(String file);
  }

  private final Map<String, TypeFacts> types = new LinkedHashMap<>();
  private final Map<String, MethodFacts> methods = new LinkedHashMap<>();
  private final Map<String, ImportFacts> imports = new HashMap<>();
  private final Map<String, List<Suppression>> suppressions = new HashMap<>();
  private final SourceText sourceText;

  private Program(SourceText sourceText) {
    this.sourceText = sourceText;
  }

  /**
   * The program made of {@code units}: a declaration wins over a stub of the same id, and of two
   * declarations of one id (a class declared in two files) the one in the first file by id.
   *
   * @throws IllegalArgumentException if two units are of the same file
   */
  public static Program assemble(Collection<SourceFileFacts> units, SourceText sourceText) {
    List<SourceFileFacts> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparing(SourceFileFacts::file));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).file().equals(sorted.get(i - 1).file())) {
        throw new IllegalArgumentException("two units of " + sorted.get(i).file());
      }
    }
    Program p = new Program(sourceText);
    for (SourceFileFacts u : sorted) {
      u.types().forEach(t -> p.types.putIfAbsent(t.id(), t));
      u.methods().forEach(m -> p.methods.putIfAbsent(m.id(), m));
      p.imports.put(u.file(), u.imports());
      if (!u.suppressions().isEmpty()) {
        p.suppressions.put(u.file(), u.suppressions());
      }
    }
    for (SourceFileFacts u : sorted) {
      u.typeStubs().forEach(t -> p.types.putIfAbsent(t.id(), t));
      u.stubs().forEach(m -> p.methods.putIfAbsent(m.id(), m));
    }
    return p;
  }

  /** Import facts of a source file; {@link ImportFacts#NONE} if there are none. */
  public ImportFacts imports(String file) {
    return imports.getOrDefault(file, ImportFacts.NONE);
  }

  /** The {@code @SuppressWarnings} declarations of a source file. */
  public List<Suppression> suppressions(String file) {
    return suppressions.getOrDefault(file, List.of());
  }

  public boolean hasMethod(String id) {
    return methods.containsKey(id);
  }

  public MethodFacts method(String id) {
    return methods.get(id);
  }

  public TypeFacts type(String id) {
    return types.get(id);
  }

  public Collection<MethodFacts> methods() {
    return methods.values();
  }

  public Collection<TypeFacts> types() {
    return types.values();
  }

  /** The text in {@code range} of {@code file}, or null if the source cannot be read. */
  public String text(String file, TextRange range) {
    if (range == null || file == null) {
      return null;
    }
    CharSequence content = sourceText.read(file);
    if (content == null || range.end() > content.length()) {
      return null;
    }
    return content.subSequence(range.start(), range.end()).toString();
  }

  /** The whole text of {@code file}, or null if it cannot be read. */
  public CharSequence text(String file) {
    return file == null ? null : sourceText.read(file);
  }
}

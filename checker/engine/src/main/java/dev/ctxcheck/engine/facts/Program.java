package dev.ctxcheck.engine.facts;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole program as one front end saw it: types and methods by id, in the order they were
 * added (which keeps results deterministic), plus access to source text for messages.
 */
public final class Program {

  /** Reads the text of a source file named in a {@link Position}; null if unavailable. */
  @FunctionalInterface
  public interface SourceText {
    CharSequence read(String file);
  }

  private final Map<String, TypeFacts> types = new LinkedHashMap<>();
  private final Map<String, MethodFacts> methods = new LinkedHashMap<>();
  private final Map<String, FileFacts> files = new LinkedHashMap<>();
  private final SourceText sourceText;

  public Program(SourceText sourceText) {
    this.sourceText = sourceText;
  }

  /** Adds a type; a type seen twice keeps the first facts, unless the new ones are from source. */
  public void addType(TypeFacts type) {
    TypeFacts old = types.get(type.id());
    if (old == null || (!old.inProgram() && type.inProgram())) {
      types.put(type.id(), type);
    }
  }

  /** Adds a method; facts with a body replace an external stub of the same id. */
  public void addMethod(MethodFacts method) {
    MethodFacts old = methods.get(method.id());
    if (old == null || (!old.hasBody() && method.hasBody())) {
      methods.put(method.id(), method);
    }
  }

  public void addFile(FileFacts file) {
    files.put(file.file(), file);
  }

  /** Import facts of a source file; null if the front end gave none. */
  public FileFacts file(String id) {
    return files.get(id);
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
}

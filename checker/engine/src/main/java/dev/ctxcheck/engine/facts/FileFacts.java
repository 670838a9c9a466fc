package dev.ctxcheck.engine.facts;

import java.util.Set;

/**
 * What a fix needs to know about one source file's imports.
 *
 * @param file the file id, as in {@link Position#file()}
 * @param staticOnDemand type ids imported with {@code import static T.*}
 * @param staticSingle members imported one by one: {@code typeId#name}
 * @param importInsertOffset where a new import line goes: just after the last import, else after the
 *     package declaration, else 0
 */
public record FileFacts(String file, Set<String> staticOnDemand, Set<String> staticSingle, int importInsertOffset) {
  public FileFacts {
    staticOnDemand = Set.copyOf(staticOnDemand);
    staticSingle = Set.copyOf(staticSingle);
  }
}

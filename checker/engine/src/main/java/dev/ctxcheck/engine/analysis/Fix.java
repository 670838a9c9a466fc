package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.TextRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A fix: text edits to one file, applied together. A renamed call is one edit of its name token;
 * when the new name is not visible where the call is, an edit adds its static import, and when the
 * old name's single static import has no other use, an edit removes it. The edits are right for
 * the fix alone (an editor's quick fix); fixes applied together ({@code --fix}, {@code --patch},
 * Error Prone's patching) take their edits from {@link #combine}, which is right for the set.
 */
public record Fix(String file, List<Edit> edits, String description, Rename rename) {

  /** Replace {@code range} by {@code replacement} (an empty range inserts). */
  public record Edit(TextRange range, String replacement) {}

  /**
   * What combining needs to know of a fix that renames a call: the name token and new name, the
   * import it needs (null if none), and its file's imports.
   */
  public static final class Rename {
    final Edit token;
    final String neededImport;
    final ImportLayout imports;

    Rename(Edit token, String neededImport, ImportLayout imports) {
      this.token = token;
      this.neededImport = neededImport;
      this.imports = imports;
    }

    // A fix is a value; the import layout follows from the file, which the fix names.
    @Override
    public boolean equals(Object o) {
      return o instanceof Rename r && token.equals(r.token) && Objects.equals(neededImport, r.neededImport);
    }

    @Override
    public int hashCode() {
      return Objects.hash(token, neededImport);
    }
  }

  public Fix {
    edits = List.copyOf(edits);
  }

  /**
   * The edits of fixes applied together, by file, sorted: every rename, each import the renames
   * need added once, each single static import they leave without a use removed once.
   */
  public static Map<String, List<Edit>> combine(Collection<Fix> fixes) {
    Map<String, List<Fix>> byFile = new TreeMap<>();
    for (Fix f : fixes) {
      byFile.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(f);
    }
    Map<String, List<Edit>> out = new LinkedHashMap<>();
    byFile.forEach((file, list) -> out.put(file, combineInFile(list)));
    return out;
  }

  /**
   * The import edits alone of fixes of one file applied together (see {@link #combine}): what a
   * tool that applies each fix's own rename must add so that the set comes out right.
   */
  public static List<Edit> importEdits(Collection<Fix> fixesOfOneFile) {
    Set<TextRange> renamed = new LinkedHashSet<>();
    Set<String> added = new TreeSet<>();
    ImportLayout imports = null;
    for (Fix f : fixesOfOneFile) {
      if (f.rename() != null) {
        renamed.add(f.rename().token.range());
        if (f.rename().neededImport != null) {
          added.add(f.rename().neededImport);
        }
        imports = f.rename().imports;
      }
    }
    return imports == null ? List.of() : imports.edits(renamed, added);
  }

  /** The edit of the name token, for a fix that renames a call; null otherwise. */
  public Edit renamedToken() {
    return rename == null ? null : rename.token;
  }

  private static List<Edit> combineInFile(List<Fix> fixes) {
    Set<Edit> edits = new LinkedHashSet<>();
    for (Fix f : fixes) {
      if (f.rename() == null) {
        edits.addAll(f.edits());
      } else {
        edits.add(f.rename().token);
      }
    }
    edits.addAll(importEdits(fixes));
    List<Edit> sorted = new ArrayList<>(edits);
    sorted.sort(Fixes.BY_RANGE);
    return sorted;
  }
}

package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.Program;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the fixes the checks offer. */
final class Fixes {

  static final Comparator<Fix.Edit> BY_RANGE = Comparator.comparingInt((Fix.Edit e) -> e.range().start())
      .thenComparingInt(e -> e.range().end());

  private final Program program;
  /** Each file's imports, worked out once per analysis. */
  private final Map<String, ImportLayout> layouts = new HashMap<>();

  Fixes(Program program) {
    this.program = program;
  }

  /**
   * Calls {@code newName}, declared in {@code ownerType}, instead of the method {@code call} names:
   * the name token changes; a static import is added when the call reached its method through one
   * and the new name is not imported yet, and the old one's single static import goes when this
   * was its last use. Null if the call's name cannot be located.
   */
  Fix renameCall(CallSite call, String ownerType, String newName, String description) {
    if (call.nameRange() == null || call.position() == null) {
      return null;
    }
    String file = call.position().file();
    ImportLayout imports = layouts.computeIfAbsent(file, f -> {
      CharSequence text = program.text(f);
      return text == null ? null : ImportLayout.of(program.imports(f), text);
    });
    Fix.Edit token = new Fix.Edit(call.nameRange(), newName);
    if (imports == null) {
      return new Fix(file, List.of(token), description, null);
    }
    String needed = call.nameAccess() == CallSite.NameAccess.STATIC_IMPORT && !imports.imports(ownerType, newName)
        ? ownerType.replace('$', '.') + "." + newName : null;
    List<Fix.Edit> edits = new ArrayList<>(imports.edits(Set.of(call.nameRange()),
        needed == null ? List.of() : List.of(needed)));
    edits.add(token);
    edits.sort(BY_RANGE);
    return new Fix(file, edits, description, new Fix.Rename(token, needed, imports));
  }
}

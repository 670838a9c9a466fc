package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.ImportFacts;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.TextRange;
import java.util.ArrayList;
import java.util.List;

/** Builds the fixes the checks offer. */
final class Fixes {

  private Fixes() {}

  /**
   * Calls {@code newName}, declared in {@code ownerType}, instead of the method {@code call} names:
   * only the name token changes, plus a static import when the call reached its method through
   * one and the new name is not imported yet. Null if the call's name cannot be located.
   */
  static Fix renameCall(Program program, CallSite call, String ownerType, String newName, String description) {
    if (call.nameRange() == null || call.position() == null) {
      return null;
    }
    String file = call.position().file();
    List<Fix.Edit> edits = new ArrayList<>();
    edits.add(new Fix.Edit(call.nameRange(), newName));
    ImportFacts imports = program.imports(file);
    if (call.nameAccess() == CallSite.NameAccess.STATIC_IMPORT && !imported(imports, ownerType, newName)) {
      String line = "import static " + ownerType.replace('$', '.') + "." + newName + ";";
      int at = insertOffset(imports);
      String text = at == 0 ? line + lineSeparator(program, file, at) : lineSeparator(program, file, at) + line;
      edits.add(0, new Fix.Edit(new TextRange(at, at), text));
    }
    return new Fix(file, edits, description);
  }

  private static boolean imported(ImportFacts imports, String ownerType, String member) {
    for (ImportFacts.Import i : imports.imports()) {
      if (i.isStatic() && ownerType.equals(i.ownerType()) && (i.onDemand() || member.equals(i.member()))) {
        return true;
      }
    }
    return false;
  }

  /** After the last static import, else after the imports or the package declaration, else 0. */
  private static int insertOffset(ImportFacts imports) {
    int afterImport = -1;
    int afterStatic = -1;
    for (ImportFacts.Import i : imports.imports()) {
      afterImport = Math.max(afterImport, i.range().end());
      if (i.isStatic()) {
        afterStatic = Math.max(afterStatic, i.range().end());
      }
    }
    int afterPackage = imports.packageDeclaration() == null ? 0 : imports.packageDeclaration().end();
    return afterStatic >= 0 ? afterStatic : afterImport >= 0 ? afterImport : afterPackage;
  }

  /** The line separator the file uses where the import goes (it ends the line of the last import). */
  private static String lineSeparator(Program program, String file, int at) {
    String next = program.text(file, new TextRange(at, at + 2));
    return next != null && next.startsWith("\r\n") ? "\r\n" : "\n";
  }
}

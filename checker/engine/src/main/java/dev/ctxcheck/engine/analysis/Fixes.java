package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.FieldUpdate;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.TextRange;
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

  /** The runtime's scoped mask, which a field update's fix opens around the statement. */
  static final String GUARD = "dev.ctxcheck.percpu.Guard";

  Fixes(Program program) {
    this.program = program;
  }

  /** The {@code Guard} factory that masks {@code level}: {@code preempt}, {@code bh}, {@code irqsave}. */
  static String guardFactory(MaskLevel level) {
    return switch (level) {
      case PREEMPTION -> "preempt";
      case SOFTIRQ -> "bh";
      case HARDIRQ -> "irqsave";
    };
  }

  /**
   * Wraps the statement of field update {@code site} in a try-with-resources {@code Guard} scope
   * that masks {@code level}, written as a person writes it: the statement on a line of its own,
   * indented one unit (the file's) deeper than the {@code try}, with the file's line separator; a
   * resource name no identifier of the file uses; the {@code Guard} import added where the file's
   * order puts it. The resource is not referenced in the block, which javac's {@code -Xlint:try}
   * notes; the fix does not hide that (the idiom is the runtime's own). Null if the update is not a
   * statement of its own in a block, or does not start its line.
   */
  Fix guardStatement(CallSite site, MaskLevel level) {
    FieldUpdate update = site.fieldUpdate();
    if (update == null || update.statement() == null || site.position() == null) {
      return null;
    }
    String file = site.position().file();
    CharSequence text = program.text(file);
    if (text == null) {
      return null;
    }
    TextRange statement = update.statement();
    int lineStart = statement.start();
    while (lineStart > 0 && text.charAt(lineStart - 1) != '\n') {
      lineStart--;
    }
    String indent = text.subSequence(lineStart, statement.start()).toString();
    if (!indent.isBlank()) {
      return null;
    }
    String separator = separator(text);
    String unit = indentUnit(text);
    String name = unusedName(text);
    ImportLayout imports = layouts.computeIfAbsent(file, f -> ImportLayout.of(program.imports(f), text));
    String type = imports.importsType(GUARD) ? "Guard" : GUARD;
    String resource = "try (" + type + " " + name + " = " + type + "." + guardFactory(level) + "())";
    String body = text.subSequence(statement.start(), statement.end()).toString().replace("\n", "\n" + unit);
    String replacement = resource + " {" + separator + indent + unit + body + separator + indent + "}";
    List<Fix.Edit> edits = new ArrayList<>();
    if (type.equals("Guard")) {
      edits.addAll(imports.typeImportEdits(GUARD));
    }
    edits.add(new Fix.Edit(statement, replacement));
    edits.sort(BY_RANGE);
    String statementText = text.subSequence(statement.start(), statement.end()).toString().strip()
        .replaceAll("\\s+", " ");
    return new Fix(file, edits, Messages.guardFix(statementText, resource), null);
  }

  private static String separator(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        return i > 0 && text.charAt(i - 1) == '\r' ? "\r\n" : "\n";
      }
    }
    return System.lineSeparator();
  }

  /** The file's indentation unit: a tab if lines start with tabs, else its smallest indentation (2 if none). */
  private static String indentUnit(CharSequence text) {
    int smallest = Integer.MAX_VALUE;
    int lineStart = 0;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        int j = lineStart;
        while (j < i && text.charAt(j) == ' ') {
          j++;
        }
        if (j < i && text.charAt(j) == '\t' && j == lineStart) {
          return "\t";
        }
        boolean code = j < i && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '*';
        if (code && j > lineStart) {
          smallest = Math.min(smallest, j - lineStart);
        }
        lineStart = i + 1;
      }
    }
    return " ".repeat(smallest == Integer.MAX_VALUE ? 2 : smallest);
  }

  /** {@code g}, else {@code guard}, {@code guard2}..: the first that is no identifier anywhere in the file. */
  private static String unusedName(CharSequence text) {
    if (!usesIdentifier(text, "g")) {
      return "g";
    }
    String name = "guard";
    for (int n = 2; usesIdentifier(text, name); n++) {
      name = "guard" + n;
    }
    return name;
  }

  private static boolean usesIdentifier(CharSequence text, String name) {
    String s = text.toString();
    for (int at = s.indexOf(name); at >= 0; at = s.indexOf(name, at + 1)) {
      boolean startsWord = at == 0 || !Character.isJavaIdentifierPart(s.charAt(at - 1));
      int end = at + name.length();
      boolean endsWord = end == s.length() || !Character.isJavaIdentifierPart(s.charAt(end));
      if (startsWord && endsWord) {
        return true;
      }
    }
    return false;
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

package dev.ctxcheck.engine.analysis;

import dev.ctxcheck.engine.facts.ImportFacts;
import dev.ctxcheck.engine.facts.TextRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A file's imports as fixes that rename statically imported calls see them, and the import edits a
 * set of renames needs, made as a careful person makes them: a single static import left without a
 * use goes, with its whole line (and the blank line after its block, when the whole block goes);
 * an import the new names need goes where the file's order puts it, sorted among the static
 * imports; each once, however many renames need it.
 */
final class ImportLayout {

  /**
   * One import.
   *
   * @param name as written, without {@code .*}: what new static imports are sorted against
   * @param removal what removing it takes away: its whole line if nothing else stands on it
   * @param line its whole line
   * @param uses for a single static import, the name tokens of the references through it
   */
  private record Line(boolean isStatic, boolean onDemand, String name, String ownerType, String member,
      TextRange removal, TextRange line, List<TextRange> uses, int block) {}

  /** Consecutive import lines; {@code blankAfter} is the blank line after them, or null. */
  private record Block(List<Integer> lines, TextRange blankAfter) {}

  private final List<Line> lines = new ArrayList<>();
  private final List<Block> blocks = new ArrayList<>();
  private final TextRange packageLine;
  private final String packageName;
  private final String separator;
  private final int textLength;

  private ImportLayout(TextRange packageLine, String packageName, String separator, int textLength) {
    this.packageLine = packageLine;
    this.packageName = packageName;
    this.separator = separator;
    this.textLength = textLength;
  }

  /** The layout of a file's imports in its text. */
  static ImportLayout of(ImportFacts facts, CharSequence text) {
    String separator = separator(text);
    TextRange pkg = facts.packageDeclaration() == null ? null : lineOf(text, facts.packageDeclaration());
    String packageName = "";
    if (facts.packageDeclaration() != null) {
      String declaration = text.subSequence(facts.packageDeclaration().start(), facts.packageDeclaration().end())
          .toString();
      int at = declaration.lastIndexOf("package");
      packageName = declaration.substring(at < 0 ? 0 : at + "package".length()).replace(";", "").strip();
    }
    ImportLayout layout = new ImportLayout(pkg, packageName, separator, text.length());
    List<Integer> current = null;
    int previousEnd = -1;
    for (ImportFacts.Import i : facts.imports()) {
      TextRange line = lineOf(text, i.range());
      boolean alone = blank(text, line.start(), i.range().start()) && blank(text, i.range().end(), line.end());
      TextRange removal = alone ? line : i.range();
      if (current == null || line.start() != previousEnd) {
        if (current != null) {
          layout.blocks.add(new Block(current, blankLineAt(text, previousEnd)));
        }
        current = new ArrayList<>();
      }
      current.add(layout.lines.size());
      layout.lines.add(new Line(i.isStatic(), i.onDemand(), i.name(), i.ownerType(), i.member(), removal, line,
          i.uses(), layout.blocks.size()));
      previousEnd = line.end();
    }
    if (current != null) {
      layout.blocks.add(new Block(current, blankLineAt(text, previousEnd)));
    }
    return layout;
  }

  /** Whether {@code member} of {@code ownerType} is imported statically, one by one or on demand. */
  boolean imports(String ownerType, String member) {
    for (Line l : lines) {
      if (l.isStatic() && ownerType.equals(l.ownerType()) && (l.onDemand() || member.equals(l.member()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the simple name of type {@code qualified} can name it in this file once {@link
   * #typeImportEdits} are made: no single-type import brings in another type of that name.
   */
  boolean importsType(String qualified) {
    String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
    for (Line l : lines) {
      if (!l.isStatic() && !l.onDemand() && !l.name().equals(qualified) && l.name().endsWith("." + simple)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The edit that imports type {@code qualified} (empty when its simple name already finds it: an
   * import of it or of its package, or the file's own package), placed in the file's order: before
   * the first type import that sorts after it, else after the last, else after the static imports
   * or the package declaration, with a blank line around a block of its own.
   */
  List<Fix.Edit> typeImportEdits(String qualified) {
    String pkg = qualified.substring(0, qualified.lastIndexOf('.'));
    if (pkg.equals(packageName)) {
      return List.of();
    }
    for (Line l : lines) {
      if (!l.isStatic() && l.name().equals(l.onDemand() ? pkg : qualified)) {
        return List.of();
      }
    }
    String line = "import " + qualified + ";";
    Line lastType = null;
    Line lastStatic = null;
    for (Line l : lines) {
      if (l.isStatic()) {
        lastStatic = l;
      } else if (l.name().compareTo(qualified) > 0) {
        return List.of(insert(l.line().start(), line + separator));
      } else {
        lastType = l;
      }
    }
    if (lastType != null) {
      return List.of(insert(lastType.line().end(), line + separator));
    }
    if (lastStatic != null) {
      TextRange blank = blocks.get(lastStatic.block()).blankAfter();
      return List.of(blank != null ? insert(blank.end(), line + separator + separator)
          : insert(lastStatic.line().end(), separator + line + separator));
    }
    if (packageLine != null) {
      return List.of(insert(packageLine.end(), separator + line + separator));
    }
    return List.of(insert(0, line + separator + separator));
  }

  private static Fix.Edit insert(int at, String text) {
    return new Fix.Edit(new TextRange(at, at), text);
  }

  /**
   * The import edits of a set of renames of this file: {@code renamed} are the name tokens they
   * replace, {@code added} the qualified names they need imported.
   */
  List<Fix.Edit> edits(Set<TextRange> renamed, Collection<String> added) {
    List<Fix.Edit> out = new ArrayList<>();
    boolean[] removed = new boolean[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      Line l = lines.get(i);
      if (l.isStatic() && !l.onDemand() && !l.uses().isEmpty() && renamed.containsAll(l.uses())) {
        removed[i] = true;
        out.add(new Fix.Edit(l.removal(), ""));
      }
    }
    TreeMap<Integer, List<String>> insertions = new TreeMap<>();
    for (String name : new TreeSet<>(added)) {
      insertions.computeIfAbsent(insertionPoint(name), k -> new ArrayList<>()).add("import static " + name + ";");
    }
    boolean newBlock = lines.stream().noneMatch(Line::isStatic);
    for (var e : insertions.entrySet()) {
      out.add(new Fix.Edit(new TextRange(e.getKey(), e.getKey()), insertionText(e.getKey(), e.getValue(), newBlock)));
    }
    // A block left without any import takes its blank line with it.
    for (Block b : blocks) {
      boolean empty = b.blankAfter() != null && b.lines().stream().allMatch(i -> removed[i]);
      int start = lines.get(b.lines().get(0)).line().start();
      int end = lines.get(b.lines().get(b.lines().size() - 1)).line().end();
      boolean refilled = insertions.keySet().stream().anyMatch(at -> at >= start && at <= end);
      if (empty && !refilled) {
        out.add(new Fix.Edit(b.blankAfter(), ""));
      }
    }
    out.sort(Fixes.BY_RANGE);
    return out;
  }

  /** Before the first static import that sorts after {@code name}, else after the last one. */
  private int insertionPoint(String name) {
    Line last = null;
    for (Line l : lines) {
      if (!l.isStatic()) {
        continue;
      }
      if (l.name().compareTo(name) > 0) {
        return l.line().start();
      }
      last = l;
    }
    if (last != null) {
      return last.line().end();
    }
    if (!lines.isEmpty()) {
      return lines.get(0).line().start();
    }
    return packageLine != null ? packageLine.end() : 0;
  }

  private String insertionText(int at, List<String> imports, boolean newBlock) {
    StringBuilder sb = new StringBuilder();
    boolean afterPackageLine = newBlock && lines.isEmpty() && packageLine != null;
    boolean lineEndsAtEndOfText = at == textLength && textLength > 0 && !afterPackageLine;
    if (afterPackageLine || lineEndsAtEndOfText) {
      sb.append(separator);
    }
    for (String i : imports) {
      sb.append(i).append(separator);
    }
    if (newBlock && !afterPackageLine) {
      sb.append(separator); // a new block of static imports before the others (or the code)
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ text

  /** The whole line (with its line break) around {@code range}. */
  private static TextRange lineOf(CharSequence text, TextRange range) {
    int start = range.start();
    while (start > 0 && text.charAt(start - 1) != '\n') {
      start--;
    }
    int end = Math.min(range.end(), text.length());
    while (end < text.length() && text.charAt(end) != '\n') {
      end++;
    }
    return new TextRange(start, Math.min(end + 1, text.length()));
  }

  /** The line starting at {@code at} if it is blank; else null. */
  private static TextRange blankLineAt(CharSequence text, int at) {
    int end = at;
    while (end < text.length() && text.charAt(end) != '\n') {
      if (!Character.isWhitespace(text.charAt(end))) {
        return null;
      }
      end++;
    }
    return end < text.length() && end >= at ? new TextRange(at, end + 1) : null;
  }

  private static boolean blank(CharSequence text, int from, int to) {
    for (int i = from; i < to && i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String separator(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        return i > 0 && text.charAt(i - 1) == '\r' ? "\r\n" : "\n";
      }
    }
    return "\n";
  }
}

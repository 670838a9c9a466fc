package dev.ctxcheck.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.FieldUpdate;
import dev.ctxcheck.engine.facts.ImportFacts;
import dev.ctxcheck.engine.facts.MaskLevel;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.facts.Value;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fix of a field update: the statement wrapped in a Guard scope as a person writes it, in the
 * file's indentation and line separator, with a free resource name and the Guard import in place.
 */
class GuardFixTest {

  /** Applies the fix of the update {@code statement} (its first occurrence after the class) in {@code text}. */
  private static String fixed(String text, String statement, MaskLevel level) {
    Fix fix = fix(text, statement, level);
    StringBuilder out = new StringBuilder(text);
    List<Fix.Edit> edits = new ArrayList<>(fix.edits());
    edits.sort(Fixes.BY_RANGE.reversed());
    for (Fix.Edit e : edits) {
      out.replace(e.range().start(), e.range().end(), e.replacement());
    }
    return out.toString();
  }

  private static Fix fix(String text, String statement, MaskLevel level) {
    int at = text.indexOf(statement, text.indexOf("class"));
    TextRange range = new TextRange(at, at + statement.length());
    return fixes(text).guardStatement(site(range, range), level);
  }

  private static CallSite site(TextRange expression, TextRange statement) {
    FieldUpdate u = new FieldUpdate("p.S", "rx", false, true, expression, statement);
    return new CallSite(CallSite.Kind.FIELD_UPDATE, "p.S#rx", CallSite.Dispatch.EXACT, null,
        Value.local("s", "p.S"), List.of(), List.of(), new Position("F.java", expression.start(), 1, 1), null,
        CallSite.NameAccess.QUALIFIED, null, -1, u);
  }

  private static Fixes fixes(String text) {
    List<ImportFacts.Import> imports = new ArrayList<>();
    for (int at = text.indexOf("import "); at >= 0; at = text.indexOf("\nimport ", at + 1) < 0 ? -1
        : text.indexOf("\nimport ", at + 1) + 1) {
      int end = text.indexOf(';', at) + 1;
      String decl = text.substring(at + "import ".length(), end - 1).trim();
      boolean isStatic = decl.startsWith("static ");
      String name = isStatic ? decl.substring("static ".length()) : decl;
      boolean onDemand = name.endsWith(".*");
      name = onDemand ? name.substring(0, name.length() - 2) : name;
      imports.add(new ImportFacts.Import(isStatic, onDemand, name, null, null, new TextRange(at, end), List.of()));
    }
    int pkg = text.indexOf("package ");
    ImportFacts facts = new ImportFacts(pkg < 0 ? null : new TextRange(pkg, text.indexOf(';', pkg) + 1), imports);
    SourceFileFacts unit = new SourceFileFacts("F.java", facts, List.of(), List.of(), List.of(), List.of(), List.of());
    return new Fixes(Program.assemble(List.of(unit), f -> text));
  }

  @Test
  void wrapsTheStatementAndImportsGuardAfterTheStaticImports() {
    String text = """
        package p;

        import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

        final class F {
          static void xmit(S s, int len) {
            s.rx += len;
          }
        }
        """;
    assertEquals("""
        package p;

        import static dev.ctxcheck.percpu.PerCpu.this_cpu_ptr;

        import dev.ctxcheck.percpu.Guard;

        final class F {
          static void xmit(S s, int len) {
            try (Guard g = Guard.bh()) {
              s.rx += len;
            }
          }
        }
        """, fixed(text, "s.rx += len;", MaskLevel.SOFTIRQ));
  }

  @Test
  void keepsTabsAndCrlfAndSortsTheImportAmongTheTypeImports() {
    String text = "package p;\r\n\r\nimport dev.ctxcheck.percpu.PerCpuPtr;\r\nimport java.util.List;\r\n\r\n"
        + "final class F {\r\n\tvoid f(S s) {\r\n\t\ts.rx++;\r\n\t}\r\n}\r\n";
    assertEquals("package p;\r\n\r\nimport dev.ctxcheck.percpu.Guard;\r\nimport dev.ctxcheck.percpu.PerCpuPtr;\r\n"
        + "import java.util.List;\r\n\r\nfinal class F {\r\n\tvoid f(S s) {\r\n\t\ttry (Guard g = Guard.irqsave()) {\r\n"
        + "\t\t\ts.rx++;\r\n\t\t}\r\n\t}\r\n}\r\n", fixed(text, "s.rx++;", MaskLevel.HARDIRQ));
  }

  @Test
  void picksAnUnusedNameAndReindentsAStatementOverLines() {
    String text = """
        package p;

        import dev.ctxcheck.percpu.Guard;

        final class F {
          void f(S s, int g) {
            s.rx = s.rx
                + g;
          }
        }
        """;
    assertEquals("""
        package p;

        import dev.ctxcheck.percpu.Guard;

        final class F {
          void f(S s, int g) {
            try (Guard guard = Guard.preempt()) {
              s.rx = s.rx
                  + g;
            }
          }
        }
        """, fixed(text, "s.rx = s.rx\n        + g;", MaskLevel.PREEMPTION));
  }

  @Test
  void spellsTheQualifiedNameWhenAnotherGuardIsImported() {
    String text = """
        package p;

        import com.example.Guard;

        final class F {
          void f(S s) {
            s.rx--;
          }
        }
        """;
    assertEquals("""
        package p;

        import com.example.Guard;

        final class F {
          void f(S s) {
            try (dev.ctxcheck.percpu.Guard g = dev.ctxcheck.percpu.Guard.bh()) {
              s.rx--;
            }
          }
        }
        """, fixed(text, "s.rx--;", MaskLevel.SOFTIRQ));
  }

  @Test
  void noFixForAnUpdateThatIsNotAStatementOfItsOwnLine() {
    String text = """
        final class F {
          void f(S s) {
            if (s != null) s.rx++;
          }
        }
        """;
    assertNull(fix(text, "s.rx++;", MaskLevel.SOFTIRQ));
    int at = text.indexOf("s.rx++");
    TextRange expression = new TextRange(at, at + "s.rx++".length());
    assertNull(fixes(text).guardStatement(site(expression, null), MaskLevel.SOFTIRQ));
  }
}

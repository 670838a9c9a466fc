package dev.ctxcheck.engine.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ctxcheck.engine.facts.ImportFacts;
import dev.ctxcheck.engine.facts.TextRange;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Import edits of renamed calls, alone and together: an import a fix leaves unused goes with its
 * line, an import it needs goes where the file's order puts it, and fixes applied together touch
 * each import once.
 */
class FixCombinationTest {

  private static final String OWNER = "dev.ctxcheck.percpu.PerCpu";

  /** A file and what the front ends record of it: imports by their text, uses by the names' text. */
  private record Source(String text, ImportFacts imports) {

    static Source of(String text, String... usedNames) {
      List<ImportFacts.Import> imports = new ArrayList<>();
      int at = text.indexOf("import ");
      while (at >= 0) {
        int end = text.indexOf(';', at) + 1;
        String decl = text.substring(at + "import ".length(), end - 1).trim();
        boolean isStatic = decl.startsWith("static ");
        String name = isStatic ? decl.substring("static ".length()).trim() : decl;
        boolean onDemand = name.endsWith(".*");
        name = onDemand ? name.substring(0, name.length() - 2) : name;
        String member = isStatic && !onDemand ? name.substring(name.lastIndexOf('.') + 1) : null;
        String owner = isStatic ? (onDemand ? name : name.substring(0, name.lastIndexOf('.'))) : null;
        List<TextRange> uses = new ArrayList<>();
        if (member != null) {
          for (String used : usedNames) {
            if (used.equals(member)) {
              uses.addAll(occurrences(text, member + "(", end));
            }
          }
        }
        imports.add(new ImportFacts.Import(isStatic, onDemand, name, owner, member, new TextRange(at, end), uses));
        at = text.indexOf("\nimport ", end);
        at = at < 0 ? -1 : at + 1;
      }
      int pkg = text.indexOf("package ");
      TextRange pkgRange = pkg < 0 ? null : new TextRange(pkg, text.indexOf(';', pkg) + 1);
      return new Source(text, new ImportFacts(pkgRange, imports));
    }

    static List<TextRange> occurrences(String text, String call, int from) {
      List<TextRange> out = new ArrayList<>();
      for (int i = text.indexOf(call, from); i >= 0; i = text.indexOf(call, i + 1)) {
        if (i == 0 || !Character.isJavaIdentifierPart(text.charAt(i - 1))) {
          out.add(new TextRange(i, i + call.length() - 1));
        }
      }
      return out;
    }

    /** The fix renaming the {@code n}th call of {@code from} (a statically imported name). */
    Fix rename(String from, int n, String to) {
      ImportLayout layout = ImportLayout.of(imports, text);
      TextRange token = occurrences(text, from + "(", text.indexOf("class")).get(n);
      String needed = layout.imports(OWNER, to) ? null : OWNER + "." + to;
      Fix.Edit edit = new Fix.Edit(token, to);
      List<Fix.Edit> edits = new ArrayList<>(layout.edits(java.util.Set.of(token),
          needed == null ? List.of() : List.of(needed)));
      edits.add(edit);
      edits.sort(Fixes.BY_RANGE);
      return new Fix("F.java", edits, "rename", new Fix.Rename(edit, needed, layout));
    }

    String apply(Collection<Fix.Edit> edits) {
      List<Fix.Edit> sorted = new ArrayList<>(edits);
      sorted.sort(Fixes.BY_RANGE);
      StringBuilder out = new StringBuilder(text);
      for (int i = sorted.size() - 1; i >= 0; i--) {
        Fix.Edit e = sorted.get(i);
        out.replace(e.range().start(), e.range().end(), e.replacement());
      }
      return out.toString();
    }

    String applyTogether(Fix... fixes) {
      Map<String, List<Fix.Edit>> combined = Fix.combine(List.of(fixes));
      return apply(combined.get("F.java"));
    }
  }

  private static final String AIO = """
      package example.aio;

      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;
      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;
      import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
      import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
      import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;

      import dev.ctxcheck.percpu.PerCpuLong;

      final class PercpuRef {
        void get() { __this_cpu_inc(c); }
        void put() { __this_cpu_dec(c); }
        long sum() { return per_cpu_sum(c) + this_cpu_inc(c); }
      }
      """;

  @Test
  void togetherBothUnusedImportsGoAndTheNewOneGoesInOrder() {
    Source s = Source.of(AIO, "__this_cpu_inc", "__this_cpu_dec", "per_cpu_sum", "this_cpu_inc");
    String fixed = s.applyTogether(s.rename("__this_cpu_inc", 0, "this_cpu_inc"), s.rename("__this_cpu_dec", 0, "this_cpu_dec"));
    assertEquals("""
        package example.aio;

        import static dev.ctxcheck.percpu.PerCpu.per_cpu_sum;
        import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;
        import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;
        import static dev.ctxcheck.percpu.Rcu.rcu_read_lock_sched;

        import dev.ctxcheck.percpu.PerCpuLong;

        final class PercpuRef {
          void get() { this_cpu_inc(c); }
          void put() { this_cpu_dec(c); }
          long sum() { return per_cpu_sum(c) + this_cpu_inc(c); }
        }
        """, fixed);
  }

  @Test
  void aloneEachFixIsRightByItself() {
    Source s = Source.of(AIO, "__this_cpu_inc", "__this_cpu_dec", "per_cpu_sum", "this_cpu_inc");
    String onlyDec = s.apply(s.rename("__this_cpu_dec", 0, "this_cpu_dec").edits());
    assertEquals(AIO.replace("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_dec;\n", "")
        .replace("import static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;\n",
            "import static dev.ctxcheck.percpu.PerCpu.this_cpu_dec;\nimport static dev.ctxcheck.percpu.PerCpu.this_cpu_inc;\n")
        .replace("__this_cpu_dec(c)", "this_cpu_dec(c)"), onlyDec);
  }

  private static final String TWO_USES = """
      package net;

      import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;

      import dev.ctxcheck.percpu.PerCpuLong;

      class Stats {
        void rx() { __this_cpu_add(RX, 1); }
        void tx() { __this_cpu_add(TX, 1); }
      }
      """;

  @Test
  void anImportWithAnotherUseStaysWhenOneUseIsRenamed() {
    Source s = Source.of(TWO_USES, "__this_cpu_add");
    String fixed = s.apply(s.rename("__this_cpu_add", 0, "this_cpu_add").edits());
    assertEquals(TWO_USES.replace("import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;\n",
            "import static dev.ctxcheck.percpu.PerCpu.__this_cpu_add;\nimport static dev.ctxcheck.percpu.PerCpu.this_cpu_add;\n")
        .replace("void rx() { __this_cpu_add", "void rx() { this_cpu_add"), fixed);
  }

  @Test
  void twoRenamedUsesOfOneImportRemoveItOnceAndAddTheNewOneOnce() {
    Source s = Source.of(TWO_USES, "__this_cpu_add");
    Fix rx = s.rename("__this_cpu_add", 0, "this_cpu_add");
    Fix tx = s.rename("__this_cpu_add", 1, "this_cpu_add");
    assertEquals(TWO_USES.replace("PerCpu.__this_cpu_add;", "PerCpu.this_cpu_add;")
        .replace("{ __this_cpu_add", "{ this_cpu_add"), s.applyTogether(rx, tx));
    assertEquals(Fix.importEdits(List.of(rx, tx)), Fix.importEdits(List.of(tx, rx)), "in any order");
  }

  @Test
  void aBlockLeftEmptyTakesItsBlankLine() {
    String text = """
        package net;

        import static dev.ctxcheck.percpu.PerCpu.__this_cpu_inc;

        import dev.ctxcheck.percpu.*;

        class A {
          void a() { __this_cpu_inc(X); }
        }
        """;
    Source s = Source.of(text, "__this_cpu_inc");
    // The new name comes in where the old one stood: the block is not left empty.
    assertEquals(text.replace("__this_cpu_inc", "this_cpu_inc"), s.apply(s.rename("__this_cpu_inc", 0, "this_cpu_inc")
        .edits()));
    String onDemand = text.replace("import dev.ctxcheck.percpu.*;", "import static dev.ctxcheck.percpu.PerCpu.*;");
    Source t = Source.of(onDemand, "__this_cpu_inc");
    assertEquals("""
        package net;

        import static dev.ctxcheck.percpu.PerCpu.*;

        class A {
          void a() { this_cpu_inc(X); }
        }
        """, t.apply(t.rename("__this_cpu_inc", 0, "this_cpu_inc").edits()));
  }

  @Test
  void withoutStaticImportsANewBlockComesFirst() {
    String text = "package net;\r\n\r\nimport dev.ctxcheck.percpu.PerCpuLong;\r\n\r\nclass A {\r\n"
        + "  void a() { f(X); }\r\n}\r\n";
    ImportFacts facts = new ImportFacts(new TextRange(0, 12), List.of(new ImportFacts.Import(false, false,
        "dev.ctxcheck.percpu.PerCpuLong", null, null, new TextRange(16, 54), List.of())));
    ImportLayout layout = ImportLayout.of(facts, text);
    Source s = new Source(text, facts);
    assertEquals("package net;\r\n\r\nimport static dev.ctxcheck.percpu.PerCpu.g;\r\n\r\n"
        + "import dev.ctxcheck.percpu.PerCpuLong;\r\n\r\nclass A {\r\n  void a() { f(X); }\r\n}\r\n",
        s.apply(layout.edits(java.util.Set.of(), List.of(OWNER + ".g"))));
  }

  @Test
  void withoutImportsTheImportFollowsThePackage() {
    String text = "package net;\n\nclass A {}\n";
    ImportLayout layout = ImportLayout.of(new ImportFacts(new TextRange(0, 12), List.of()), text);
    assertEquals("package net;\n\nimport static dev.ctxcheck.percpu.PerCpu.g;\n\nclass A {}\n",
        new Source(text, null).apply(layout.edits(java.util.Set.of(), List.of(OWNER + ".g"))));
  }
}

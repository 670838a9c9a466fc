package dev.ctxcheck.oracle;

import dev.ctxcheck.oracle.EngineRunner.Observed;
import dev.ctxcheck.oracle.Model.Ctx;
import dev.ctxcheck.oracle.Model.Program;
import dev.ctxcheck.oracle.Model.Update;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Engine findings against the oracle's expectation for one program, and how a disagreement is shown. */
final class Comparison {
  private Comparison() {}

  /**
   * A program on which the engine and the oracle differ. {@code signature} names the kinds of
   * difference ("missing NonAtomicPerCpuUpdate", "unexpected ContextMaskImbalance", ...).
   */
  record Disagreement(Program program, Oracle.Result oracle, List<String> missing, List<String> unexpected,
      Set<String> signature) {}

  static Optional<Disagreement> compare(Program p, Oracle.Result oracle, JavaRenderer.Rendered r, List<Observed> found) {
    Map<Integer, Update> siteAt = new HashMap<>();
    for (Update u : p.updates()) {
      siteAt.put(r.siteLines().get(u.site()), u);
    }
    Set<String> expected = new TreeSet<>();
    for (Oracle.Expectation e : oracle.expected()) {
      expected.add(r.siteLines().get(e.site()) + " " + e.kind().checkName);
    }
    Set<String> seen = new TreeSet<>();
    List<String> unexpected = new ArrayList<>();
    Set<String> signature = new TreeSet<>();
    for (Observed o : found) {
      String key = o.line() + " " + o.check();
      if (!seen.add(key)) {
        unexpected.add(describe(p, oracle, siteAt.get(o.line()), o.line(), o.check()) + " reported twice: " + o.message());
        signature.add("duplicate " + o.check());
      } else if (!expected.contains(key)) {
        unexpected.add(describe(p, oracle, siteAt.get(o.line()), o.line(), o.check()) + "\n      engine: " + o.message());
        signature.add("unexpected " + o.check());
      }
    }
    List<String> missing = new ArrayList<>();
    for (String key : expected) {
      if (!seen.contains(key)) {
        int line = Integer.parseInt(key.substring(0, key.indexOf(' ')));
        String check = key.substring(key.indexOf(' ') + 1);
        missing.add(describe(p, oracle, siteAt.get(line), line, check));
        signature.add("missing " + check);
      }
    }
    if (missing.isEmpty() && unexpected.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Disagreement(p, oracle, missing, unexpected, signature));
  }

  private static String describe(Program p, Oracle.Result oracle, Update u, int line, String check) {
    if (u == null) {
      return "Prog.java:" + line + " [" + check + "] (not an update site)";
    }
    return "Prog.java:" + line + " [" + check + "] " + u.text() + " // s" + u.site() + "\n      oracle: reached in "
        + oracle.reachOf(u.site()) + "; V" + u.var() + " updated in " + writers(p, oracle, u.var());
  }

  static Set<Ctx> writers(Program p, Oracle.Result oracle, int var) {
    Map<Integer, Integer> varOf = new HashMap<>();
    p.updates().forEach(u -> varOf.put(u.site(), u.var()));
    Set<Ctx> out = EnumSet.noneOf(Ctx.class);
    for (Oracle.Reach r : oracle.reached()) {
      if (varOf.get(r.site()) == var) {
        out.add(r.ctx());
      }
    }
    return out;
  }

  /** Folder name under {@code test-inputs/} for a program. */
  static String folder(Program p) {
    return "oracle-" + tag(p);
  }

  private static String tag(Program p) {
    return p.pkg().startsWith(HandWritten.PKG) ? p.pkg() : Long.toHexString(p.seed());
  }

  /**
   * The disagreement as text: what differs, then the program as a ready-to-paste
   * {@code test-inputs/<folder>/Prog.java} whose markers are the ORACLE's expectation.
   */
  static String report(Disagreement d) {
    StringBuilder b = new StringBuilder();
    Program p = d.program();
    if (p.pkg().startsWith(HandWritten.PKG)) {
      b.append("=== engine and oracle disagree on hand-written program ").append(p.pkg()).append(" (HandWritten.java) ===\n");
    } else {
      b.append("=== engine and oracle disagree on program seed ").append(seedText(p.seed())).append(" ===\n");
    }
    b.append("(lines below are those of the analysed file, without markers; sites are tagged // sN)\n");
    if (!d.missing().isEmpty()) {
      b.append("  oracle expects, engine does not report:\n");
      d.missing().forEach(m -> b.append("    ").append(m).append('\n'));
    }
    if (!d.unexpected().isEmpty()) {
      b.append("  engine reports, oracle does not expect:\n");
      d.unexpected().forEach(m -> b.append("    ").append(m).append('\n'));
    }
    b.append("--- test-inputs/").append(folder(p)).append("/Prog.java (markers from the oracle) ---\n");
    b.append(testInput(d.program(), d.oracle()));
    b.append("--- end ---\n");
    return b.toString();
  }

  /** Reads a seed as printed by {@link #seedText} ({@code 0x...L}, unsigned) or in decimal. */
  static long parseSeed(String s) {
    String t = s.trim().replaceFirst("[lL]$", "");
    if (t.startsWith("0x") || t.startsWith("0X")) {
      return Long.parseUnsignedLong(t.substring(2), 16);
    }
    return Long.parseLong(t);
  }

  static String seedText(long seed) {
    return "0x" + Long.toHexString(seed) + "L";
  }

  /** The program in package {@code oracle_<seed>} with one marker per expected finding. */
  static String testInput(Program p, Oracle.Result oracle) {
    Map<Integer, List<String>> markers = new HashMap<>();
    for (Oracle.Expectation e : oracle.expected()) {
      markers.computeIfAbsent(e.site(), k -> new ArrayList<>()).add("[" + e.kind().checkName + "]");
    }
    String origin = p.pkg().startsWith(HandWritten.PKG) ? "hand-written program " + p.pkg() + " (HandWritten.java)"
        : "program seed " + seedText(p.seed());
    return JavaRenderer.render(p.withPkg("oracle_" + tag(p)), markers,
        List.of("Generated by the ctxcheck oracle (OracleComparisonTest), " + origin + ".",
            "Markers are the oracle's reading of SPEC section 2."))
        .source();
  }
}

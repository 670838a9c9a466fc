package dev.ctxcheck.engine.modules;

import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Trace;
import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Position;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.engine.summary.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The analysis of one module of a larger program: its own units (local) with the units of its
 * dependencies' summaries (foreign), analysed as one program, then each finding placed where this
 * module can report it (docs/modules.md):
 *
 * <ul>
 *   <li>a finding on a site in this module is reported as it is;
 *   <li>a finding on a site in a dependency whose every call path a dependency's summary already
 *       names ({@link RaceKeys}) is not reported again;
 *   <li>any other finding on a dependency's site exists because of this module: it is reported at
 *       the last step in this module of the first call path the dependency did not have (the call
 *       through which the new context enters the dependency, or the new writer's own update), with
 *       the dependency's site named in the message and no fix;
 *   <li>if no new path passes through this module (two dependencies together make the race), the
 *       finding has no place in this module's sources: it is returned as {@link Result#unplaced}.
 * </ul>
 */
public final class ModuleAnalysis {

  private ModuleAnalysis() {}

  /** The summary of a dependency, and where it was found (a jar or folder, for warnings). */
  public record Dependency(String origin, Summary summary) {}

  /**
   * A finding on a dependency's site that this module reports.
   *
   * @param original the finding as the whole-program analysis made it, at the dependency's site
   * @param reported the same, placed in this module (null if {@link Result#unplaced})
   */
  public record CrossModule(Finding original, Finding reported) {}

  /**
   * @param findings what this module reports, in the engine's order: its own findings and the
   *     cross-module ones placed in its files
   * @param crossModule the findings on dependencies' sites that this module reports
   * @param unplaced findings on dependencies' sites that no path through this module explains
   * @param summary what this module leaves for the compiles that depend on it
   * @param analysis the analysis of the whole program, for statistics
   */
  public record Result(List<Finding> findings, List<CrossModule> crossModule, List<Finding> unplaced,
      Summary summary, Analysis.Result analysis) {}

  /**
   * The units of the module when a compile saw only some of its files: those compiled now, and from
   * the module's previous summary every other file that still exists.
   */
  public static List<SourceFileFacts> localUnits(List<SourceFileFacts> compiled, Summary previous,
      Predicate<String> exists) {
    Map<String, SourceFileFacts> byFile = new LinkedHashMap<>();
    compiled.forEach(u -> byFile.put(u.file(), u));
    if (previous != null) {
      for (SourceFileFacts u : previous.units()) {
        if (!byFile.containsKey(u.file()) && exists.test(u.file())) {
          byFile.put(u.file(), u);
        }
      }
    }
    return new ArrayList<>(byFile.values());
  }

  public static Result run(List<SourceFileFacts> local, List<Dependency> dependencies,
      Program.SourceText localText, Config config) {
    return run(local, dependencies, localText, config, false);
  }

  /**
   * @param ignoreSuppressions analyse as if no file had {@code @SuppressWarnings} (Error Prone's
   *     {@code -XepIgnoreSuppressionAnnotations}); the summary still records them, for the compiles
   *     downstream
   */
  public static Result run(List<SourceFileFacts> local, List<Dependency> dependencies,
      Program.SourceText localText, Config config, boolean ignoreSuppressions) {
    Set<String> localFiles = new HashSet<>();
    List<SourceFileFacts> units = new ArrayList<>(local);
    local.forEach(u -> localFiles.add(u.file()));
    Set<String> seen = new HashSet<>(localFiles);
    Map<String, StringBuilder> foreignText = new HashMap<>();
    Set<String> known = new TreeSet<>();
    for (Dependency d : dependencies) {
      for (SourceFileFacts u : d.summary().units()) {
        // The first summary of a file wins (a jar and a copy of its classes on one path).
        if (seen.add(u.file())) {
          units.add(u);
        }
      }
      for (Summary.Excerpt e : d.summary().excerpts()) {
        if (!localFiles.contains(e.file())) {
          place(foreignText.computeIfAbsent(e.file(), f -> new StringBuilder()), e);
        }
      }
      known.addAll(d.summary().races());
    }
    if (ignoreSuppressions) {
      units.replaceAll(SourceFileFacts::withoutSuppressions);
    }
    Program program = Program.assemble(units,
        file -> localFiles.contains(file) ? localText.read(file) : foreignText.get(file));
    Analysis.Result analysis = Analysis.run(program, config);

    List<Finding> findings = new ArrayList<>();
    List<CrossModule> cross = new ArrayList<>();
    List<Finding> unplaced = new ArrayList<>();
    Set<String> races = new TreeSet<>(known);
    for (Finding f : analysis.findings()) {
      List<String> keys = RaceKeys.of(f);
      races.addAll(keys);
      if (localFiles.contains(f.position().file())) {
        findings.add(f);
        continue;
      }
      if (known.containsAll(keys)) {
        continue;
      }
      Position at = placeIn(f, keys, known, localFiles);
      if (at == null) {
        unplaced.add(f);
        cross.add(new CrossModule(f, null));
        continue;
      }
      Finding placed = new Finding(f.check(), at, null, f.message() + " [the update is in a dependency, at "
          + site(f) + "; this module's code here makes the race]", null, f.traces(), f.subject());
      cross.add(new CrossModule(f, placed));
      findings.add(placed);
    }
    findings.sort(Comparator.comparing((Finding f) -> f.position().file())
        .thenComparingInt(f -> f.position().offset())
        .thenComparing(Finding::check));
    Summary summary = new Summary(sorted(local), excerpts(local, localText), List.copyOf(races));
    return new Result(List.copyOf(findings), List.copyOf(cross), List.copyOf(unplaced), summary, analysis);
  }

  /**
   * The dependency's site as its package's folder, file name and line ({@code com/example/lib/RxStats.java:18}):
   * unambiguous across modules, and free of the paths of the machine that built the dependency.
   */
  public static String site(Finding f) {
    String method = f.subject().method();
    int hash = method.indexOf('#');
    String type = hash < 0 ? method : method.substring(0, hash);
    int dot = type.lastIndexOf('.');
    return (dot < 0 ? "" : type.substring(0, dot).replace('.', '/') + "/") + f.position().shortForm();
  }

  /** The last step in this module of the first call path whose key no dependency had; null if none. */
  private static Position placeIn(Finding f, List<String> keys, Set<String> known, Set<String> localFiles) {
    for (int i = 0; i < f.traces().size(); i++) {
      if (known.contains(keys.get(i))) {
        continue;
      }
      Trace t = f.traces().get(i);
      for (int s = t.steps().size() - 1; s >= 0; s--) {
        Position p = t.steps().get(s).position();
        if (p != null && localFiles.contains(p.file())) {
          return p;
        }
      }
    }
    return null;
  }

  private static List<SourceFileFacts> sorted(List<SourceFileFacts> units) {
    List<SourceFileFacts> out = new ArrayList<>(units);
    out.sort(Comparator.comparing(SourceFileFacts::file));
    return out;
  }

  /** Puts an excerpt at its offset in a file's text that is blank elsewhere. */
  private static void place(StringBuilder text, Summary.Excerpt e) {
    int end = e.start() + e.text().length();
    while (text.length() < end) {
      text.append(' ');
    }
    text.replace(e.start(), end, e.text());
  }

  /**
   * The source text messages quote about the module's files: the arguments of calls that may be
   * per-CPU updates (of a method declared an operation, or named in the {@code __foo} convention).
   */
  static List<Summary.Excerpt> excerpts(List<SourceFileFacts> units, Program.SourceText text) {
    List<Summary.Excerpt> out = new ArrayList<>();
    for (SourceFileFacts u : sorted(units)) {
      CharSequence content = text.read(u.file());
      if (content == null) {
        continue;
      }
      Map<String, MethodFacts> callees = new HashMap<>();
      u.methods().forEach(m -> callees.put(m.id(), m));
      u.stubs().forEach(m -> callees.putIfAbsent(m.id(), m));
      Set<TextRange> ranges = new TreeSet<>(Comparator.comparingInt(TextRange::start).thenComparingInt(TextRange::end));
      for (MethodFacts m : u.methods()) {
        for (CallSite site : m.sites()) {
          MethodFacts callee = callees.get(site.target());
          if (site.kind() == CallSite.Kind.INVOKE && callee != null
              && (callee.operation() != null || callee.name().startsWith("__"))) {
            site.argumentRanges().stream().filter(r -> r != null && r.end() <= content.length()).forEach(ranges::add);
          }
        }
      }
      for (TextRange r : ranges) {
        out.add(new Summary.Excerpt(u.file(), r.start(), content.subSequence(r.start(), r.end()).toString()));
      }
    }
    return out;
  }
}

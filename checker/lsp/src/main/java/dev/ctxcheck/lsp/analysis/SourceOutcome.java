package dev.ctxcheck.lsp.analysis;

import dev.ctxcheck.engine.analysis.Check;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.analysis.Fix;
import dev.ctxcheck.engine.analysis.Reachability;
import dev.ctxcheck.engine.facts.CallSite;
import dev.ctxcheck.engine.facts.MethodFacts;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.TextRange;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The outcome of one source-engine run, with lookups built per file when first asked. */
final class SourceOutcome implements Outcome {

  /** A call in the program: site {@code index} of method {@code caller}. */
  private record Call(MethodFacts caller, int index, CallSite site) {}

  private final SourceAnalyzer.Detailed run;
  private final Map<Path, String> texts;
  private final List<Problem> problems;
  private final Map<String, List<MethodFacts>> methodsByFile = new HashMap<>();
  private final Map<String, List<Call>> callsByFile = new HashMap<>();
  private final DeclarationsCache declarations;

  SourceOutcome(SourceAnalyzer.Detailed run, Map<Path, String> texts, List<Problem> problems,
      DeclarationsCache declarations) {
    this.run = run;
    this.declarations = declarations;
    this.texts = texts;
    this.problems = List.copyOf(problems);
    for (MethodFacts m : run.program().methods()) {
      if (m.position() == null) {
        continue;
      }
      methodsByFile.computeIfAbsent(m.position().file(), k -> new ArrayList<>()).add(m);
      List<CallSite> sites = m.sites();
      for (int i = 0; i < sites.size(); i++) {
        CallSite site = sites.get(i);
        if (site.position() != null && site.nameRange() != null) {
          callsByFile.computeIfAbsent(site.position().file(), k -> new ArrayList<>()).add(new Call(m, i, site));
        }
      }
    }
  }

  @Override
  public List<Finding> findings() {
    return run.result().findings();
  }

  @Override
  public List<Problem> problems() {
    return problems;
  }

  @Override
  public Map<String, Long> phaseMillis() {
    SourceAnalyzer.Stats s = run.result().stats();
    Map<String, Long> phases = new java.util.LinkedHashMap<>();
    phases.put("parse", s.parseNanos() / 1_000_000);
    phases.put("facts", s.factsNanos() / 1_000_000);
    phases.put("engine", s.engineNanos() / 1_000_000);
    return phases;
  }

  @Override
  public String text(Path file) {
    return texts.get(file);
  }

  @Override
  public TextRange reportedRange(Finding finding) {
    String id = finding.position().file();
    int offset = finding.position().offset();
    Path file = path(id);
    if (finding.check() == Check.CONTEXT_MASK_IMBALANCE) {
      TextRange name = file == null ? null : declarations(file).callableNameAt(offset);
      if (name != null) {
        return name;
      }
    } else {
      List<Call> candidates = callsByFile.getOrDefault(id, List.of()).stream()
          .filter(c -> c.site().position().offset() == offset).toList();
      Call best = null;
      for (Call c : candidates) {
        if (c.site().kind() == CallSite.Kind.FIELD_UPDATE && c.site().nameRange().equals(finding.nameRange())) {
          best = c; // the site itself: this_cpu_ptr(p).rx++ and its call start at one offset
          break;
        }
        boolean renamedByFix = finding.fix() != null
            && finding.fix().edits().stream().anyMatch(e -> e.range().equals(c.site().nameRange()));
        boolean operation = program().method(c.site().target()) != null
            && program().method(c.site().target()).operation() != null;
        if (renamedByFix) {
          best = c;
          break;
        }
        if (best == null || operation) {
          best = c;
        }
      }
      if (best != null) {
        return best.site().nameRange();
      }
    }
    return wordAt(file == null ? null : texts.get(file), offset);
  }

  @Override
  public Optional<MethodView> methodAt(Path file, int offset) {
    String id = file.toUri().toString();
    Call call = null;
    for (Call c : callsByFile.getOrDefault(id, List.of())) {
      TextRange r = c.site().nameRange();
      if (r.start() <= offset && offset <= r.end() && (call == null || r.start() > call.site().nameRange().start())) {
        call = c;
      }
    }
    Reachability reach = run.analysis().reachability();
    if (call != null) {
      MethodFacts target = program().method(call.site().target());
      if (target != null && target.hasBody()) {
        return Optional.of(new MethodView(target.id(), target.displayName(), call.site().nameRange(),
            MethodView.Kind.CALL, reach.ofMethod(target.id())));
      }
      String name = target != null ? target.name() : simpleName(call.site().target());
      return Optional.of(new MethodView(call.site().target(), name, call.site().nameRange(),
          MethodView.Kind.CALL_OUTSIDE_PROGRAM, reach.atCall(call.caller().id(), call.index())));
    }
    Optional<Declarations.Named> named = declarations(file).callableNamedAt(offset);
    if (named.isEmpty()) {
      return Optional.empty();
    }
    MethodFacts declared = declaredAt(id, named.get().start());
    if (declared == null) {
      return Optional.empty();
    }
    return Optional.of(new MethodView(declared.id(), declared.displayName(), named.get().name(),
        MethodView.Kind.DECLARATION, reach.ofMethod(declared.id())));
  }

  @Override
  public List<MethodView> perCpuUpdaters(Path file) {
    String id = file.toUri().toString();
    Reachability reach = run.analysis().reachability();
    List<MethodView> out = new ArrayList<>();
    for (MethodFacts m : methodsByFile.getOrDefault(id, List.of())) {
      if ((m.kind() != MethodFacts.Kind.METHOD && m.kind() != MethodFacts.Kind.CONSTRUCTOR)
          || !reach.updatesPerCpu(m.id())) {
        continue;
      }
      TextRange name = declarations(file).callableNameAt(m.position().offset());
      TextRange range = name != null ? name : new TextRange(m.position().offset(), m.position().offset());
      out.add(new MethodView(m.id(), m.displayName(), range, MethodView.Kind.DECLARATION, reach.ofMethod(m.id())));
    }
    out.sort(Comparator.comparingInt(v -> v.range().start()));
    return out;
  }

  @Override
  public Optional<Fix> suppression(Path file, int offset, String check) {
    if (texts.get(file) == null) {
      return Optional.empty();
    }
    return declarations(file).suppression(file.toUri().toString(), offset, check);
  }

  private Program program() {
    return run.program();
  }

  private MethodFacts declaredAt(String fileId, int start) {
    for (MethodFacts m : methodsByFile.getOrDefault(fileId, List.of())) {
      if (m.position().offset() == start
          && (m.kind() == MethodFacts.Kind.METHOD || m.kind() == MethodFacts.Kind.CONSTRUCTOR)) {
        return m;
      }
    }
    return null;
  }

  private Declarations declarations(Path file) {
    return declarations.get(file, texts.getOrDefault(file, ""));
  }

  private static Path path(String fileId) {
    try {
      return Path.of(URI.create(fileId));
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }

  private static String simpleName(String methodId) {
    int hash = methodId.indexOf('#');
    int paren = methodId.indexOf('(');
    return hash >= 0 && paren > hash ? methodId.substring(hash + 1, paren) : methodId;
  }

  /** The identifier at {@code offset}, or the one character there when there is none. */
  private static TextRange wordAt(String text, int offset) {
    if (text == null || offset >= text.length()) {
      return new TextRange(Math.max(offset, 0), Math.max(offset, 0));
    }
    int end = offset;
    while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
      end++;
    }
    return new TextRange(offset, Math.max(end, offset + 1));
  }
}

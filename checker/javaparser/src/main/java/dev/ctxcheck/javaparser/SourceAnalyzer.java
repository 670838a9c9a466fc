package dev.ctxcheck.javaparser;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.Node;
import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.percpu.PerCpu;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Source mode: analyses a tree of .java files without compiling it. Files are parsed in parallel
 * with JavaParser, the program's declarations are indexed, facts are extracted per file (in
 * parallel) and handed to the same engine the javac front end feeds. Broken code does not stop
 * it: what parses is analysed, and what could not be parsed or resolved is reported.
 */
public final class SourceAnalyzer {

  /** A file, or part of one, that could not be analysed: a syntax error or an unreadable file. */
  public record Problem(String file, long line, String message) {
    @Override
    public String toString() {
      return (file == null ? "" : file + (line > 0 ? ":" + line : "") + ": ") + message;
    }
  }

  /** A name, call or type the front end could not resolve; the call is left out of the program. */
  public record Unresolved(String file, long line, String what) {
    @Override
    public String toString() {
      return file + (line > 0 ? ":" + line : "") + ": " + what;
    }
  }

  /** Sizes and times of one run, for {@code --verbose} and the benchmark. */
  public record Stats(int files, int filesAnalysed, int lines, int methods, int solverQuestions, int flowFailures,
      long parseNanos, long factsNanos, long engineNanos) {}

  /**
   * @param findings after {@code @SuppressWarnings}, in the engine's order (file, offset, check)
   * @param problems files or parts of files that could not be parsed
   * @param unresolved calls and names that could not be resolved (left out)
   */
  public record Result(List<Finding> findings, List<Problem> problems, List<Unresolved> unresolved, Stats stats) {
    /** Whether some code could be analysed at all. */
    public boolean analysedAnything() {
      return stats.filesAnalysed() > 0;
    }
  }

  /**
   * A run with everything a tool beyond the command line needs: the result, the program that was
   * analysed and the engine's own result (for its queries, e.g. {@link Analysis.Result#reachability()}).
   */
  public record Detailed(Result result, Program program, Analysis.Result analysis) {}

  /** Test seam: sees the program before it is analysed. Null in use. */
  static volatile java.util.function.Consumer<Program> programForTesting;

  private SourceAnalyzer() {}

  /**
   * @param sources the program's .java files (UTF-8)
   * @param classpath the program's class path (jars or class directories); the annotations, the
   *     percpu runtime and the JDK are always on it
   */
  public static Result analyze(List<Path> sources, List<Path> classpath, Config config) throws IOException {
    return analyze(sources, Map.of(), classpath, config, () -> false).result();
  }

  /**
   * As {@link #analyze(List, List, Config)}, with an editor's unsaved texts in place of the files
   * they belong to, and a check that abandons a run whose result nobody wants any more.
   *
   * @param unsavedTexts the text to analyse instead of the file's content, by file path; each key
   *     should also be among {@code sources}
   * @param cancelled polled between files and phases
   * @throws java.util.concurrent.CancellationException if {@code cancelled} turned true
   */
  public static Detailed analyze(List<Path> sources, Map<Path, String> unsavedTexts, List<Path> classpath,
      Config config, java.util.function.BooleanSupplier cancelled) throws IOException {
    Map<Path, String> unsaved = new HashMap<>();
    unsavedTexts.forEach((path, text) -> unsaved.put(path.toAbsolutePath().normalize(), text));
    long t0 = System.nanoTime();
    List<Path> files = sources.stream().map(p -> p.toAbsolutePath().normalize()).distinct()
        .sorted(Comparator.comparing(p -> p.toUri().toString())).toList();
    Map<String, String> texts = new ConcurrentHashMap<>();
    List<Problem> problems = Collections.synchronizedList(new ArrayList<>());
    CompilationUnit[] units = new CompilationUnit[files.size()];
    ThreadLocal<JavaParser> parsers = ThreadLocal.withInitial(() -> new JavaParser(parserConfiguration()));
    IntStream.range(0, files.size()).parallel().forEach(i -> {
      if (cancelled.getAsBoolean()) {
        return;
      }
      Path file = files.get(i);
      String id = file.toUri().toString();
      String text = unsaved.get(file);
      try {
        text = text != null ? text : decode(Files.readAllBytes(file));
      } catch (IOException e) {
        problems.add(new Problem(file.toString(), 0, "cannot be read: " + e.getMessage()));
        return;
      }
      texts.put(id, text);
      units[i] = parse(parsers.get(), file, text, problems);
    });
    long t1 = System.nanoTime();
    checkCancelled(cancelled);

    SourceIndex index = new SourceIndex();
    for (CompilationUnit unit : units) {
      if (unit != null) {
        index.add(unit);
      }
    }
    List<Path> cp = new ArrayList<>();
    cp.add(locationOf(ProcessContext.class));
    cp.add(locationOf(PerCpu.class));
    cp.addAll(classpath);
    List<Unresolved> unresolved = Collections.synchronizedList(new ArrayList<>());
    UnitFacts[] facts = new UnitFacts[files.size()];
    int[] flowFailures = new int[files.size()];
    Program program = new Program(texts::get);
    int methods;
    int questions;
    try (ClassFiles classFiles = new ClassFiles(cp)) {
      TypeModel model = new TypeModel(index, classFiles);
      SolverFallback solver = new SolverFallback(model, cp);
      for (CompilationUnit unit : units) {
        if (unit != null) {
          solver.attach(unit);
        }
      }
      // A Typing is not thread-safe: each question about an anonymous class's constructor gets its own.
      model.anonymousConstructorParameters = oc -> oc.findCompilationUnit()
          .map(u -> new Typing(model, solver, u, (w, what) -> { }).anonymousConstructorParameters(oc)).orElse(null);
      IntStream.range(0, files.size()).parallel().forEach(i -> {
        CompilationUnit unit = units[i];
        if (unit == null || cancelled.getAsBoolean()) {
          return;
        }
        Path file = files.get(i);
        String id = file.toUri().toString();
        SourcePositions positions = new SourcePositions(id, texts.get(id));
        Typing typing = new Typing(model, solver, unit, (where, what) -> unresolved.add(
            new Unresolved(file.toString(), where.getBegin().map(b -> (long) b.line).orElse(0L), what)));
        try {
          Extractor extractor = new Extractor(model, typing, unit, positions, file.getFileName().toString());
          facts[i] = extractor.extract();
          flowFailures[i] = extractor.flowFailures();
        } catch (RuntimeException | StackOverflowError e) {
          // One file's failure must not take the others down: its facts are left out.
          problems.add(new Problem(file.toString(), 0, "could not be analysed: " + e));
        }
      });
      ProgramBuilder builder = new ProgramBuilder(model, program);
      for (UnitFacts f : facts) {
        if (f != null) {
          builder.add(f);
        }
      }
      methods = program.methods().size();
      questions = solver.questions();
    }
    long t2 = System.nanoTime();
    checkCancelled(cancelled);

    java.util.function.Consumer<Program> hook = programForTesting;
    if (hook != null) {
      hook.accept(program);
    }
    Analysis.Result result = Analysis.run(program, config);
    Map<String, CompilationUnit> unitByFile = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      if (units[i] != null) {
        unitByFile.put(files.get(i).toUri().toString(), units[i]);
      }
    }
    List<Finding> findings = new ArrayList<>();
    for (Finding f : result.findings()) {
      CompilationUnit unit = unitByFile.get(f.position().file());
      if (unit == null || !Suppressions.isSuppressed(unit, f)) {
        findings.add(f);
      }
    }
    long t3 = System.nanoTime();

    int analysed = 0;
    for (UnitFacts f : facts) {
      analysed += f != null ? 1 : 0;
    }
    int lines = 0;
    for (String text : texts.values()) {
      lines += (int) text.chars().filter(c -> c == '\n').count();
    }
    List<Problem> sortedProblems = new ArrayList<>(problems);
    sortedProblems.sort(Comparator.comparing(Problem::file).thenComparingLong(Problem::line));
    List<Unresolved> sortedUnresolved = new ArrayList<>(unresolved);
    sortedUnresolved.sort(Comparator.comparing(Unresolved::file).thenComparingLong(Unresolved::line)
        .thenComparing(Unresolved::what));
    int failures = 0;
    for (int n : flowFailures) {
      failures += n;
    }
    Result out = new Result(List.copyOf(findings), List.copyOf(sortedProblems), dedupe(sortedUnresolved),
        new Stats(files.size(), analysed, lines, methods, questions, failures, t1 - t0, t2 - t1, t3 - t2));
    return new Detailed(out, program, result);
  }

  private static void checkCancelled(java.util.function.BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new java.util.concurrent.CancellationException("analysis cancelled");
    }
  }

  /**
   * Java 17 syntax, comments not attributed (nothing reads them), and without the language level's
   * validators, which walk every tree again and more than double the parse time; they report
   * misuses of the language that javac reports in a build, and reject nothing this analysis needs.
   * Without its post-processor {@code var} stays a type named {@code var} ({@link TypeModel#isVar}).
   */
  static ParserConfiguration parserConfiguration() {
    ParserConfiguration configuration = new ParserConfiguration()
        .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17)
        .setAttributeComments(false);
    configuration.getProcessors().removeIf(p -> p.get().getClass().getName().equals(LANGUAGE_LEVEL_PROCESSOR));
    return configuration;
  }

  /** JavaParser's processor that validates a tree against its language level (an anonymous class). */
  static final String LANGUAGE_LEVEL_PROCESSOR = ParserConfiguration.class.getName() + "$2";

  /** At most this many members of one file are left out before the file is given up. */
  private static final int MAX_RECOVERIES = 20;

  /**
   * Parses one file, keeping what parses: JavaParser drops a broken statement itself; a broken
   * member is blanked out (see {@link Recovery}) and the file parsed again. Null if nothing is left.
   */
  private static CompilationUnit parse(JavaParser parser, Path file, String text, List<Problem> problems) {
    ParseResult<CompilationUnit> parsed = parser.parse(text);
    for (com.github.javaparser.Problem p : parsed.getProblems()) {
      problems.add(new Problem(file.toString(), line(p), "does not parse: " + shortMessage(p.getMessage())));
    }
    String current = text;
    if (!usable(parsed)) {
      String closed = Recovery.closeOpenBraces(current);
      if (closed != null) {
        current = closed;
        parsed = parser.parse(current);
      }
    }
    for (int attempt = 0; attempt < MAX_RECOVERIES && !usable(parsed); attempt++) {
      if (parsed.getProblems().isEmpty()) {
        break;
      }
      com.github.javaparser.Problem first = parsed.getProblems().get(0);
      int offset = first.getLocation().flatMap(l -> l.toRange())
          .map(r -> new SourcePositions("", text).offset(r.begin)).orElse(-1);
      Recovery.Blanked blanked = offset < 0 ? null : Recovery.blankMemberAt(current, offset);
      if (blanked == null) {
        break;
      }
      problems.add(new Problem(file.toString(), blanked.firstLine(), "left out up to line " + blanked.lastLine()
          + ", which does not parse"));
      current = blanked.text();
      parsed = parser.parse(current);
    }
    if (!usable(parsed)) {
      problems.add(new Problem(file.toString(), 0, "left out: nothing in it parses"));
      return null;
    }
    CompilationUnit unit = parsed.getResult().get();
    dropTokens(unit);
    return unit;
  }

  /**
   * Keeps each node's range but lets its tokens go: a tree holds every token of its file, several
   * times the memory of the tree itself, and nothing after parsing needs them.
   */
  private static void dropTokens(Node root) {
    java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>();
    work.push(root);
    boolean patterns = false;
    boolean localClasses = false;
    while (!work.isEmpty()) {
      Node n = work.pop();
      patterns |= n instanceof com.github.javaparser.ast.expr.PatternExpr;
      localClasses |= SourceIndex.declaresLocalClass(n);
      com.github.javaparser.Range range = n.getRange().orElse(null);
      n.setTokenRange(null);
      n.setRange(range);
      for (Node child : n.getChildNodes()) {
        work.push(child);
      }
    }
    // Saves Typing a walk of its own: it looks for pattern variables only where there are patterns.
    root.setData(Typing.HAS_PATTERNS, patterns);
    root.setData(SourceIndex.HAS_LOCAL_CLASSES, localClasses);
  }

  private static boolean usable(ParseResult<CompilationUnit> parsed) {
    return parsed.getResult().map(u -> u.getParsed() != com.github.javaparser.ast.Node.Parsedness.UNPARSABLE)
        .orElse(false);
  }

  private static long line(com.github.javaparser.Problem p) {
    return p.getLocation().flatMap(l -> l.toRange()).map(r -> (long) r.begin.line).orElse(0L);
  }

  /** JavaParser's message without the list of every token it would have taken. */
  private static String shortMessage(String message) {
    String first = firstLine(message);
    int expected = first.indexOf(", expected");
    return expected > 0 ? first.substring(0, expected) : first;
  }

  private static List<Unresolved> dedupe(List<Unresolved> list) {
    return List.copyOf(new java.util.LinkedHashSet<>(list));
  }

  /** UTF-8, as the javac engine reads sources; bytes that are not UTF-8 become replacement characters. */
  private static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String firstLine(String message) {
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  private static Path locationOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate " + c.getName(), e);
    }
  }

}

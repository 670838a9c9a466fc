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
import dev.ctxcheck.engine.build.FactsBuilder;
import dev.ctxcheck.engine.build.FlowBuilder;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.SourceFileFacts;
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
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * Source mode: analyses a set of .java files (or texts held in memory) without compiling them, in
 * phases: parse (in parallel, with JavaParser), index the program's declarations, extract one unit
 * of facts per file (in parallel), assemble the program, analyse it with the same engine the javac
 * front end feeds. Broken code does not stop it: what parses is analysed, and what could not be
 * parsed or resolved is reported.
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
   * One source file to analyse: its id (the URI positions name it by), the path shown in messages,
   * and its text (the file's, or an editor's unsaved buffer).
   */
  public record Input(String file, String path, String text) {}

  /**
   * The facts of a set of files, extracted but not analysed: one unit per file that could be
   * analysed (in file order), and what could not be parsed or resolved.
   */
  public record Extraction(List<SourceFileFacts> units, List<Problem> problems, List<Unresolved> unresolved,
      Map<String, String> texts, int solverQuestions, int flowFailures, long parseNanos, long factsNanos) {}

  private SourceAnalyzer() {}

  /**
   * A run with everything a tool beyond the command line needs: the result, the program that was
   * analysed and the engine's own result (for its queries, e.g. {@link Analysis.Result#reachability()}).
   */
  public record Detailed(Result result, Program program, Analysis.Result analysis) {}

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
   * @throws CancellationException if {@code cancelled} turned true
   */
  public static Detailed analyze(List<Path> sources, Map<Path, String> unsavedTexts, List<Path> classpath,
      Config config, BooleanSupplier cancelled) throws IOException {
    Map<Path, String> unsaved = new HashMap<>();
    unsavedTexts.forEach((path, text) -> unsaved.put(path.toAbsolutePath().normalize(), text));
    List<Problem> unreadable = Collections.synchronizedList(new ArrayList<>());
    List<Input> inputs = read(sources, unsaved, unreadable, cancelled);
    checkCancelled(cancelled);
    return analyzeTexts(inputs, unreadable, classpath, config, cancelled);
  }

  /** Analyses texts held in memory (an editor's buffers) as one program. */
  public static Result analyzeTexts(List<Input> inputs, List<Path> classpath, Config config) throws IOException {
    return analyzeTexts(inputs, List.of(), classpath, config, () -> false).result();
  }

  private static Detailed analyzeTexts(List<Input> inputs, List<Problem> unreadable, List<Path> classpath,
      Config config, BooleanSupplier cancelled) throws IOException {
    Extraction extraction = extract(inputs, unreadable, classpath, cancelled);
    checkCancelled(cancelled);
    long t0 = System.nanoTime();
    Program program = Program.assemble(extraction.units(), extraction.texts()::get);
    checkCancelled(cancelled);
    Analysis.Result result = Analysis.run(program, config);
    long engineNanos = System.nanoTime() - t0;
    int lines = 0;
    for (String text : extraction.texts().values()) {
      lines += (int) text.chars().filter(c -> c == '\n').count();
    }
    Stats stats = new Stats(inputs.size() + unreadable.size(), extraction.units().size(), lines,
        program.methods().size(), extraction.solverQuestions(), extraction.flowFailures(), extraction.parseNanos(),
        extraction.factsNanos(), engineNanos);
    return new Detailed(new Result(result.findings(), extraction.problems(), extraction.unresolved(), stats),
        program, result);
  }

  static void checkCancelled(BooleanSupplier cancelled) {
    if (cancelled.getAsBoolean()) {
      throw new CancellationException("analysis cancelled");
    }
  }

  /**
   * The facts of {@code inputs} without analysing them: parsed in parallel, the program's
   * declarations indexed, then one unit extracted per file (in parallel).
   */
  public static Extraction extract(List<Input> inputs, List<Path> classpath) throws IOException {
    return extract(inputs, List.of(), classpath, () -> false);
  }

  private static Extraction extract(List<Input> given, List<Problem> earlier, List<Path> classpath,
      BooleanSupplier cancelled) throws IOException {
    List<Input> inputs = new ArrayList<>(given);
    inputs.sort(Comparator.comparing(Input::file));
    List<Problem> problems = Collections.synchronizedList(new ArrayList<>(earlier));
    long t0 = System.nanoTime();
    CompilationUnit[] units = parseAll(inputs, problems, cancelled);
    long t1 = System.nanoTime();
    checkCancelled(cancelled);
    SourceIndex index = new SourceIndex();
    List<CompilationUnit> parsed = new ArrayList<>();
    for (CompilationUnit unit : units) {
      if (unit != null) {
        index.add(unit);
        parsed.add(unit);
      }
    }
    List<Unresolved> unresolved = Collections.synchronizedList(new ArrayList<>());
    SourceFileFacts[] facts = new SourceFileFacts[inputs.size()];
    int[] flowFailures = new int[inputs.size()];
    int questions;
    List<Path> cp = fullClasspath(classpath);
    try (ClassFiles classFiles = new ClassFiles(cp); SolverFallback.Library library = new SolverFallback.Library(cp);
        Resolver resolver = new Resolver(index, classFiles, library, parsed)) {
      IntStream.range(0, inputs.size()).parallel().forEach(i -> {
        if (units[i] != null && !cancelled.getAsBoolean()) {
          Input input = inputs.get(i);
          try {
            Extracted e = resolver.extract(input, units[i], unresolved);
            facts[i] = e.facts();
            flowFailures[i] = e.flowFailures();
          } catch (RuntimeException | StackOverflowError e) {
            // One file's failure must not take the others down: its facts are left out.
            problems.add(failure(input, e));
          }
        }
      });
      questions = resolver.questions();
    }
    long t2 = System.nanoTime();
    List<SourceFileFacts> extracted = new ArrayList<>();
    int failures = 0;
    for (int i = 0; i < facts.length; i++) {
      if (facts[i] != null) {
        extracted.add(facts[i]);
      }
      failures += flowFailures[i];
    }
    Map<String, String> texts = new HashMap<>();
    inputs.forEach(in -> texts.put(in.file(), in.text()));
    List<Problem> sortedProblems = new ArrayList<>(problems);
    sortedProblems.sort(Comparator.comparing(Problem::file).thenComparingLong(Problem::line));
    List<Unresolved> sortedUnresolved = new ArrayList<>(unresolved);
    sortedUnresolved.sort(Comparator.comparing(Unresolved::file).thenComparingLong(Unresolved::line)
        .thenComparing(Unresolved::what));
    return new Extraction(List.copyOf(extracted), List.copyOf(sortedProblems), dedupe(sortedUnresolved), texts,
        questions, failures, t1 - t0, t2 - t1);
  }

  /** The problem of a file whose extraction failed (its facts are left out). */
  static Problem failure(Input input, Throwable e) {
    return new Problem(input.path(), 0, "could not be analysed: " + e);
  }

  /** The annotations and the percpu runtime, then the program's class path. */
  static List<Path> fullClasspath(List<Path> classpath) {
    List<Path> cp = new ArrayList<>();
    cp.add(locationOf(ProcessContext.class));
    cp.add(locationOf(PerCpu.class));
    cp.addAll(classpath);
    // In one jar (the language server's), the annotations and the runtime are one entry.
    return cp.stream().distinct().toList();
  }

  record Extracted(SourceFileFacts facts, int flowFailures) {}

  /**
   * What extracting the files of one program needs: its type model over the index, the symbol
   * solver over the parsed units, the engine's builders. Made for one run; closing it lets the
   * symbol solver go. Extraction may run on several threads at once.
   */
  static final class Resolver implements AutoCloseable {
    private final TypeModel model;
    private final SolverFallback solver;
    private final FactsBuilder<MethodInfo, TypeInfo> builder;
    private final FlowBuilder.Exceptions<String> exceptions;

    Resolver(SourceIndex index, ClassFiles classFiles, SolverFallback.Library library,
        Iterable<CompilationUnit> units) {
      this.model = new TypeModel(index, classFiles);
      this.solver = new SolverFallback(model, library);
      for (CompilationUnit unit : units) {
        solver.attach(unit);
      }
      // A Typing is not thread-safe: each question about an anonymous class's constructor gets its own.
      model.anonymousConstructorParameters = oc -> oc.findCompilationUnit()
          .map(u -> new Typing(model, solver, u, (w, what) -> { }).anonymousConstructorParameters(oc)).orElse(null);
      SourceSymbols symbols = new SourceSymbols(model);
      this.builder = new FactsBuilder<>(symbols);
      this.exceptions = new FlowBuilder.Exceptions<>(symbols);
    }

    /** The unit of one parsed file; what cannot be resolved is added to {@code unresolved}. */
    Extracted extract(Input input, CompilationUnit unit, List<Unresolved> unresolved) {
      SourcePositions positions = new SourcePositions(input.file(), input.text());
      Typing typing = new Typing(model, solver, unit, (where, what) -> unresolved.add(
          new Unresolved(input.path(), where.getBegin().map(b -> (long) b.line).orElse(0L), what)));
      String path = input.path();
      String fileName = path.substring(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
      Extractor extractor = new Extractor(model, typing, unit, positions, builder.unit(input.file(), fileName),
          exceptions);
      SourceFileFacts facts = extractor.extract();
      return new Extracted(facts, extractor.flowFailures());
    }

    int questions() {
      return solver.questions();
    }

    @Override
    public void close() {
      solver.close();
    }
  }

  /**
   * Reads the files (UTF-8), one input each, taking an unsaved text instead of its file's content;
   * a file that cannot be read is a problem.
   */
  static List<Input> read(List<Path> sources, Map<Path, String> unsaved, List<Problem> problems,
      BooleanSupplier cancelled) {
    List<Path> files = sources.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    Input[] inputs = new Input[files.size()];
    IntStream.range(0, files.size()).parallel().forEach(i -> {
      Path file = files.get(i);
      if (cancelled.getAsBoolean()) {
        return;
      }
      try {
        String text = unsaved.get(file);
        text = text != null ? text : decode(Files.readAllBytes(file));
        inputs[i] = new Input(file.toUri().toString(), file.toString(), text);
      } catch (IOException e) {
        problems.add(new Problem(file.toString(), 0, "cannot be read: " + e.getMessage()));
      }
    });
    List<Input> out = new ArrayList<>();
    for (Input in : inputs) {
      if (in != null) {
        out.add(in);
      }
    }
    return out;
  }

  /** Parses every input, in parallel; a file of which nothing parses is null. */
  private static CompilationUnit[] parseAll(List<Input> inputs, List<Problem> problems, BooleanSupplier cancelled) {
    CompilationUnit[] units = new CompilationUnit[inputs.size()];
    ThreadLocal<JavaParser> parsers = ThreadLocal.withInitial(() -> new JavaParser(parserConfiguration()));
    IntStream.range(0, inputs.size()).parallel().forEach(i -> {
      if (cancelled.getAsBoolean()) {
        return;
      }
      Input input = inputs.get(i);
      units[i] = parse(parsers.get(), input.path(), input.text(), problems);
    });
    return units;
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
  static CompilationUnit parse(JavaParser parser, String file, String text, List<Problem> problems) {
    ParseResult<CompilationUnit> parsed = parser.parse(text);
    for (com.github.javaparser.Problem p : parsed.getProblems()) {
      problems.add(new Problem(file, line(p), "does not parse: " + shortMessage(p.getMessage())));
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
      problems.add(new Problem(file, blanked.firstLine(), "left out up to line " + blanked.lastLine()
          + ", which does not parse"));
      current = blanked.text();
      parsed = parser.parse(current);
    }
    if (!usable(parsed)) {
      problems.add(new Problem(file, 0, "left out: nothing in it parses"));
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

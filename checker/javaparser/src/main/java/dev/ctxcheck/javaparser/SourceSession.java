package dev.ctxcheck.javaparser;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.DataKey;
import com.github.javaparser.ast.Node;
import dev.ctxcheck.engine.analysis.Analysis;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.facts.Program;
import dev.ctxcheck.engine.facts.SourceFileFacts;
import dev.ctxcheck.javaparser.SourceAnalyzer.Detailed;
import dev.ctxcheck.javaparser.SourceAnalyzer.Input;
import dev.ctxcheck.javaparser.SourceAnalyzer.Problem;
import dev.ctxcheck.javaparser.SourceAnalyzer.Unresolved;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Source mode for a program that changes a little at a time (an editor's workspace): each file's
 * parse and fact unit are kept between runs, and a run parses and extracts only what it must: the
 * files whose text changed, and, when a change alters what other files can see of a file (its
 * {@link DeclarationShape}), the files that can resolve something differently because of it. The
 * program is then assembled from every file's unit and the engine runs over it. A run gives what
 * {@link SourceAnalyzer#analyze} gives for the same texts.
 *
 * <p>Runs are serialised. A cancelled run leaves the session as it was before the run.
 */
public final class SourceSession implements AutoCloseable {

  /**
   * What one run had to do, for the log and the tests.
   *
   * @param files in the program
   * @param parsed files parsed (their text changed)
   * @param extracted files whose facts were extracted
   * @param everyFile whether a change made every file's facts stale
   * @param methodsReused methods whose mask analysis the engine took from the run before
   */
  public record Work(int files, int parsed, int extracted, boolean everyFile, int methodsReused) {}

  /** One file as the last run left it. Its tree is only read, as a declaration, by later runs. */
  private static final class FileState {
    final Input input;
    final CompilationUnit unit;
    final List<Problem> parseProblems;
    final int lines;
    /** What the file adds to the index; null if nothing parsed. */
    final SourceIndex.Fragment fragment;
    SourceFileFacts facts;
    List<Problem> extractProblems = List.of();
    List<Unresolved> unresolved = List.of();
    int flowFailures;
    private DeclarationShape shape;

    FileState(Input input, CompilationUnit unit, List<Problem> parseProblems) {
      this.input = input;
      this.unit = unit;
      this.parseProblems = List.copyOf(parseProblems);
      this.lines = (int) input.text().chars().filter(c -> c == '\n').count();
      this.fragment = unit == null ? null : SourceIndex.Fragment.of(unit);
    }

    DeclarationShape shape() {
      if (shape == null) {
        shape = DeclarationShape.of(unit);
      }
      return shape;
    }

    FileState withFacts(SourceFileFacts facts, List<Problem> problems, List<Unresolved> unresolved,
        int flowFailures) {
      FileState next = new FileState(input, unit, parseProblems, lines, fragment, shape);
      next.facts = facts;
      next.extractProblems = List.copyOf(problems);
      next.unresolved = List.copyOf(unresolved);
      next.flowFailures = flowFailures;
      return next;
    }

    private FileState(Input input, CompilationUnit unit, List<Problem> parseProblems, int lines,
        SourceIndex.Fragment fragment, DeclarationShape shape) {
      this.input = input;
      this.unit = unit;
      this.parseProblems = parseProblems;
      this.lines = lines;
      this.fragment = fragment;
      this.shape = shape;
    }
  }

  private final List<Path> classpath;
  private final ClassFiles classFiles;
  private final SolverFallback.Library library;
  /** By file id, in file order: the state the last finished run left. */
  private TreeMap<String, FileState> files = new TreeMap<>();
  private final ThreadLocal<JavaParser> parsers =
      ThreadLocal.withInitial(() -> new JavaParser(SourceAnalyzer.parserConfiguration()));
  private volatile Work lastWork;
  /** What the engine keeps between runs: the mask analysis of methods whose facts did not change. */
  private final Analysis.Cache engineCache = new Analysis.Cache();

  /**
   * @param classpath the program's class path (jars or class directories); the annotations, the
   *     percpu runtime and the JDK are always on it. Its classes are read and indexed once for the
   *     session: a jar changed while it is open is not read again.
   */
  public SourceSession(List<Path> classpath) throws IOException {
    this.classpath = SourceAnalyzer.fullClasspath(classpath);
    this.classFiles = new ClassFiles(this.classpath);
    this.library = new SolverFallback.Library(this.classpath);
  }

  /** What the last finished run did. */
  public Work lastWork() {
    return lastWork;
  }

  /**
   * Analyses {@code inputs} as the whole program: files not among them leave it.
   *
   * @param unreadable files of the program that could not be read, reported among the problems
   * @throws java.util.concurrent.CancellationException if {@code cancelled} turned true; the session
   *     is then as it was before
   */
  public synchronized Detailed analyze(List<Input> inputs, List<Problem> unreadable, Config config,
      BooleanSupplier cancelled) {
    TreeMap<String, FileState> next = new TreeMap<>();
    List<Input> changed = new ArrayList<>();
    for (Input input : inputs) {
      FileState old = files.get(input.file());
      if (old != null && old.input.text().equals(input.text()) && old.input.path().equals(input.path())) {
        next.put(input.file(), old);
      } else {
        changed.add(input);
      }
    }

    long t0 = System.nanoTime();
    FileState[] parsed = new FileState[changed.size()];
    IntStream.range(0, changed.size()).parallel().forEach(i -> {
      if (!cancelled.getAsBoolean()) {
        Input input = changed.get(i);
        List<Problem> problems = new ArrayList<>();
        CompilationUnit unit = SourceAnalyzer.parse(parsers.get(), input.path(), input.text(), problems);
        parsed[i] = new FileState(input, unit, problems);
      }
    });
    SourceAnalyzer.checkCancelled(cancelled);
    long t1 = System.nanoTime();

    // Which files may resolve something differently now: the changed ones, and those that can see
    // a change of another file's declarations.
    boolean everyFile = files.isEmpty();
    Set<String> names = new LinkedHashSet<>();
    for (FileState now : parsed) {
      FileState before = files.get(now.input.file());
      DeclarationShape.Change change = before == null
          ? DeclarationShape.of(null).changeTo(now.shape())
          : before.shape().changeTo(now.shape());
      everyFile |= change.everyFile();
      names.addAll(change.names());
      next.put(now.input.file(), now);
    }
    for (Map.Entry<String, FileState> gone : files.entrySet()) {
      if (!next.containsKey(gone.getKey())) {
        everyFile |= !gone.getValue().shape().changeTo(DeclarationShape.of(null)).none();
      }
    }
    List<String> toExtract = new ArrayList<>();
    Pattern mentions = names.isEmpty() ? null : mentionOf(names);
    for (Map.Entry<String, FileState> e : next.entrySet()) {
      FileState state = e.getValue();
      if (state.unit == null) {
        continue;
      }
      if (everyFile || state.facts == null && state.extractProblems.isEmpty()
          || mentions != null && mentions.matcher(state.input.text()).find()) {
        toExtract.add(e.getKey());
      }
    }

    SourceIndex index = new SourceIndex();
    List<CompilationUnit> units = new ArrayList<>();
    for (FileState state : next.values()) {
      if (state.unit != null) {
        index.add(state.fragment);
        units.add(state.unit);
      }
    }
    FileState[] extracted = new FileState[toExtract.size()];
    int questions;
    try (SourceAnalyzer.Resolver resolver = new SourceAnalyzer.Resolver(index, classFiles, library, units)) {
      IntStream.range(0, toExtract.size()).parallel().forEach(i -> {
        if (cancelled.getAsBoolean()) {
          return;
        }
        FileState state = next.get(toExtract.get(i));
        List<Unresolved> unresolved = Collections.synchronizedList(new ArrayList<>());
        try {
          SourceAnalyzer.Extracted e = resolver.extract(state.input, state.unit, unresolved);
          extracted[i] = state.withFacts(e.facts(), List.of(), sorted(unresolved), e.flowFailures());
        } catch (RuntimeException | StackOverflowError e) {
          // One file's failure must not take the others down: its facts are left out.
          extracted[i] = state.withFacts(null, List.of(SourceAnalyzer.failure(state.input, e)), List.of(), 0);
        } finally {
          forgetResolution(state.unit);
        }
      });
      questions = resolver.questions();
    } finally {
      units.forEach(u -> u.removeData(Node.SYMBOL_RESOLVER_KEY));
    }
    SourceAnalyzer.checkCancelled(cancelled);
    for (FileState state : extracted) {
      next.put(state.input.file(), state);
    }
    long t2 = System.nanoTime();
    files = next;

    List<SourceFileFacts> facts = new ArrayList<>();
    List<Problem> problems = new ArrayList<>(unreadable);
    List<Unresolved> unresolved = new ArrayList<>();
    Map<String, String> texts = new HashMap<>();
    int lines = 0;
    int flowFailures = 0;
    for (FileState state : next.values()) {
      if (state.facts != null) {
        facts.add(state.facts);
      }
      problems.addAll(state.parseProblems);
      problems.addAll(state.extractProblems);
      unresolved.addAll(state.unresolved);
      texts.put(state.input.file(), state.input.text());
      lines += state.lines;
      flowFailures += state.flowFailures;
    }
    problems.sort(Comparator.comparing(Problem::file).thenComparingLong(Problem::line));
    unresolved.sort(UNRESOLVED_ORDER);
    Program program = Program.assemble(facts, texts::get);
    SourceAnalyzer.checkCancelled(cancelled);
    Analysis.Result result = Analysis.run(program, config, engineCache);
    long t3 = System.nanoTime();
    lastWork = new Work(next.size(), changed.size(), toExtract.size(), everyFile, engineCache.reused());
    SourceAnalyzer.Stats stats = new SourceAnalyzer.Stats(next.size() + unreadable.size(), facts.size(), lines,
        program.methods().size(), questions, flowFailures, t1 - t0, t2 - t1, t3 - t2);
    return new Detailed(new SourceAnalyzer.Result(result.findings(), List.copyOf(problems),
        List.copyOf(new LinkedHashSet<>(unresolved)), stats), program, result);
  }

  private static final Comparator<Unresolved> UNRESOLVED_ORDER = Comparator.comparing(Unresolved::file)
      .thenComparingLong(Unresolved::line).thenComparing(Unresolved::what);

  private static List<Unresolved> sorted(List<Unresolved> list) {
    List<Unresolved> out = new ArrayList<>(list);
    out.sort(UNRESOLVED_ORDER);
    return out;
  }

  /** Any of {@code names} as a whole Java identifier. */
  private static Pattern mentionOf(Set<String> names) {
    StringBuilder alternatives = new StringBuilder();
    for (String name : names) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(name));
    }
    return Pattern.compile("(?<![\\p{javaJavaIdentifierPart}])(?:" + alternatives
        + ")(?![\\p{javaJavaIdentifierPart}])");
  }

  /** What a tree must keep between runs: what the parser's pass found. */
  private static final Set<DataKey<?>> KEPT = Set.of(Typing.HAS_PATTERNS, SourceIndex.HAS_LOCAL_CLASSES);

  /**
   * Drops what the symbol solver cached on the nodes of a tree (resolved types, which hold this
   * run's solver and, through it, this run's whole program): a later run reads the tree afresh.
   */
  private static void forgetResolution(CompilationUnit unit) {
    ArrayDeque<Node> work = new ArrayDeque<>();
    work.push(unit);
    while (!work.isEmpty()) {
      Node n = work.pop();
      for (DataKey<?> key : List.copyOf(n.getDataKeys())) {
        if (!KEPT.contains(key) && key != Node.SYMBOL_RESOLVER_KEY) {
          n.removeData(key);
        }
      }
      for (Node child : n.getChildNodes()) {
        work.push(child);
      }
    }
  }

  @Override
  public void close() throws IOException {
    library.close();
    classFiles.close();
  }
}

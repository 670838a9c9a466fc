package dev.ctxcheck.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.ctxcheck.bench.gen.CorpusGenerator;
import dev.ctxcheck.bench.gen.Manifest;
import dev.ctxcheck.bench.gen.Sizes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark: for each size, generates the corpus once, then compiles it in alternating rounds
 * with javac alone, javac + Error Prone's default checks, the same + ctxcheck, and Error Prone
 * running only ctxcheck, each in a fresh JVM; reports medians, ratios, memory, ctxcheck's own phase
 * split, and checks ctxcheck's findings against the generator's manifest.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Compile-time overhead and scaling of ctxcheck, next to javac and Error Prone.")
public final class Bench implements Callable<Integer> {

  static final String JAVAC = "javac";
  static final String EP = "ep-default";
  static final String EP_CTX = "ep-default+ctxcheck";
  static final String CTX = "ep-ctxcheck-only";
  /** ctxcheck's source engine (JavaParser, no compilation), with bin/ctxcheck's JVM flags. */
  static final String SOURCE = "ctxcheck-source";
  static final List<String> CONFIGS = List.of(JAVAC, EP, EP_CTX, CTX, SOURCE);
  /** Source mode's heap below 1M lines: its target is to stay within 1 GB at 100k. */
  static final String SOURCE_HEAP = "1g";
  static final List<String> SOURCE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC");

  static final String[] OPENS = {
      "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.main=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.model=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.processing=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
      "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
      "--add-opens=jdk.compiler/com.sun.tools.javac.code=ALL-UNNAMED",
      "--add-opens=jdk.compiler/com.sun.tools.javac.comp=ALL-UNNAMED"};

  static final String CTX_FLAGS = "-Xep:NonAtomicPerCpuUpdate:WARN -Xep:PerCpuUpdateInPreemptibleCode:WARN"
      + " -Xep:ContextMaskImbalance:WARN";
  /** ctxcheck's stats record of a compile, beside its log (relative: the child runs in the log folder). */
  static final String CTX_STATS_SUFFIX = ".ctxcheck.json";
  static final Set<String> CTX_CHECKS = Set.of("NonAtomicPerCpuUpdate", "PerCpuUpdateInPreemptibleCode",
      "ContextMaskImbalance");

  @Option(names = "--sizes", split = ",", description = "Corpus sizes in lines (10k, 100k, 1M). Default: ${DEFAULT-VALUE}.")
  List<String> sizes = List.of("10k", "100k", "1M");

  @Option(names = "--runs", description = "Counted runs of each configuration per size. Default: ${DEFAULT-VALUE}.")
  int runs = 3;

  @Option(names = "--runs-1m", description = "Counted runs at sizes >= 1M lines (they are long). Default: same as --runs.")
  Integer runsLarge;

  @Option(names = "--warmup", description = "Uncounted javac-alone runs per size first (file cache). Default: ${DEFAULT-VALUE}.")
  int warmup = 1;

  @Option(names = "--seed", description = "Generator seed. Default: ${DEFAULT-VALUE}.")
  long seed = 42;

  @Option(names = "--configs", split = ",",
      description = "Subset of: javac, ep-default, ep-default+ctxcheck, ep-ctxcheck-only, ctxcheck-source.")
  List<String> configs = CONFIGS;

  @Option(names = "--paths", required = true, description = "Directory with the class path files the build writes.")
  Path paths;

  @Option(names = "--harness-cp", required = true, description = "Class path of this harness (for the child launcher).")
  String harnessCp;

  @Option(names = "--work", description = "Where corpora, logs and class files go. Default: ${DEFAULT-VALUE}.")
  Path work = Path.of("bench/target/work");

  @Option(names = "--out", description = "Where results go (results.json, summary.csv, runs.csv, table.md, plot). Default: ${DEFAULT-VALUE}.")
  Path out = Path.of("bench/target/results");

  @Option(names = "--plot", description = "PNG to write the plot to. Default: <out>/performance.png.")
  Path plot;

  @Option(names = "--xmx", description = "javac heap for every configuration, e.g. 8g. Default: 4g below 1M lines, 12g from 1M.")
  String xmx;

  @Option(names = "--ep-mode", description = "plugin (-Xplugin + processor path, as users run it), api (Error Prone's compiler"
      + " entry point with the checks given as classes), or auto (plugin if ctxcheck loads as a plugin, else api)."
      + " Default: ${DEFAULT-VALUE}.")
  String epMode = "auto";

  @Option(names = "--modules", description = "Also compile each corpus as about N modules in dependency order, each a"
      + " javac run with ctxcheck alone reading the summaries of the modules before it (docs/modules.md); 0: no."
      + " Default: ${DEFAULT-VALUE}.")
  int modules = 0;

  @Option(names = "--timeout", description = "Seconds one compile may take. Default: ${DEFAULT-VALUE}.")
  long timeout = 3600;

  /** One finished compile. */
  record Run(String size, String config, int round, int rc, double wallS, double userS, double sysS, double peakRssMb,
      double peakHeapMb, double peakHeapAfterGcMb, Map<String, Long> phases, Map<String, Long> program, int warnings,
      Set<String> ctxFindings, String log, String heap) {

    double cpuS() {
      return userS + sysS;
    }

    double engineMs() {
      if (phases.isEmpty()) {
        return Double.NaN;
      }
      // "flows" is the part of "facts" spent on control-flow graphs: not added twice.
      return phases.entrySet().stream().filter(e -> !e.getKey().equals("flows")).mapToLong(Map.Entry::getValue).sum();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  /** results.json as it has always looked: two-space indent, "key": value, 4 decimals, NaN as null. */
  private static final ObjectWriter RESULTS = new ObjectMapper()
      .registerModule(new SimpleModule().addSerializer(Double.class, new FixedDecimals()))
      .writer(new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"))
          .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  /** A measured figure: rounded to 4 decimals; NaN (nothing measured) as null. */
  private static final class FixedDecimals extends StdSerializer<Double> {
    private static final long serialVersionUID = 1L;

    FixedDecimals() {
      super(Double.class);
    }

    @Override
    public void serialize(Double d, JsonGenerator json, SerializerProvider provider) throws IOException {
      if (d.isNaN() || d.isInfinite()) {
        json.writeNull();
      } else {
        json.writeNumber(String.format(Locale.ROOT, "%.4f", d));
      }
    }
  }

  private final List<Run> allRuns = new ArrayList<>();
  private final Map<String, Map<String, Object>> summaries = new LinkedHashMap<>();
  private final List<Plot.Point> points = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private String epModeUsed;
  private boolean haveTime;

  public static void main(String[] args) {
    System.exit(new CommandLine(new Bench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    // Children run in the log directory (javac drops its crash files into the working directory).
    work = work.toAbsolutePath();
    out = out.toAbsolutePath();
    paths = paths.toAbsolutePath();
    Files.createDirectories(work);
    Files.createDirectories(out);
    haveTime = Files.isExecutable(Path.of("/usr/bin/time"));
    for (String c : configs) {
      if (!CONFIGS.contains(c)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown config " + c);
      }
    }
    epModeUsed = resolveEpMode();
    System.out.println("[bench] Error Prone mode: " + epModeUsed + "; /usr/bin/time: " + (haveTime ? "yes" : "no"));
    for (String size : sizes) {
      runSize(size);
      writeResults(); // after each size, so a long run leaves what it measured so far
    }
    if (!problems.isEmpty()) {
      System.out.println("[bench] PROBLEMS:");
      problems.forEach(p -> System.out.println("[bench]   " + p));
      return 1;
    }
    return 0;
  }

  // ---------------------------------------------------------------- Error Prone mode

  private String resolveEpMode() throws Exception {
    if (!epMode.equals("auto")) {
      return epMode;
    }
    // Can javac discover ctxcheck on the processor path? (Needs a public no-arg constructor per check.)
    Path dir = work.resolve("preflight");
    Files.createDirectories(dir.resolve("src/p"));
    Files.writeString(dir.resolve("src/p/A.java"), "package p;\nclass A {}\n");
    List<String> args = new ArrayList<>(List.of("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW", "-d",
        dir.resolve("out").toString(), "-processorpath", path("errorprone") + ":" + path("ctxcheck"),
        "-Xplugin:ErrorProne -XepDisableAllChecks " + CTX_FLAGS, dir.resolve("src/p/A.java").toString()));
    Run r = launch("preflight", "preflight", 0, "javac", harnessCp, List.of(), args, dir, "4g");
    String log = Files.readString(Path.of(r.log()));
    if (r.rc() == 0) {
      return "plugin";
    }
    String first = log.lines().filter(l -> l.contains("Error") || l.contains("error")).findFirst().orElse("rc=" + r.rc());
    System.out.println("[bench] ctxcheck does not load as an Error Prone plugin (" + first.strip()
        + "); using Error Prone's compiler API for every Error Prone configuration");
    return "api";
  }

  private String path(String name) throws IOException {
    return Files.readString(paths.resolve(name + ".path")).strip();
  }

  // ---------------------------------------------------------------- one size

  private void runSize(String sizeText) throws Exception {
    long target = Sizes.parse(sizeText);
    String size = Sizes.format(target);
    Path dir = work.resolve(size);
    Path src = dir.resolve("src");
    long g0 = System.nanoTime();
    CorpusGenerator.Options o = new CorpusGenerator.Options(seed, target, src);
    CorpusGenerator.Result gen = new CorpusGenerator(o).generate();
    Manifest manifest = Manifest.of(o, gen);
    manifest.write(dir.resolve("manifest.tsv"));
    System.out.printf(Locale.ROOT, "[bench] %s: generated %,d lines in %d files, %d packages, %d expected findings (%.1f s)%n",
        size, gen.lines(), gen.files(), gen.packages(), gen.expected().size(), (System.nanoTime() - g0) / 1e9);
    List<String> files;
    try (Stream<Path> walk = Files.walk(src)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
    }
    Path argfile = dir.resolve("sources.txt");
    Files.write(argfile, files, StandardCharsets.UTF_8);
    String heap = xmx != null ? xmx : target >= 1_000_000 ? "12g" : "4g";
    Set<String> expected = new TreeSet<>();
    for (CorpusGenerator.Expected e : gen.expected()) {
      expected.add(e.file() + ":" + e.line() + " " + e.check());
    }
    for (int w = 0; w < warmup; w++) {
      System.out.printf("[bench] %s: warm-up (javac)%n", size);
      launchConfig(size, JAVAC, -1, dir, argfile, heap);
    }
    int n = target >= 1_000_000 && runsLarge != null ? runsLarge : runs;
    List<Run> mine = new ArrayList<>();
    for (int round = 0; round < n; round++) {
      for (int k = 0; k < configs.size(); k++) {
        String config = configs.get((k + round) % configs.size());
        Run r = launchConfig(size, config, round, dir, argfile, heap);
        mine.add(r);
        allRuns.add(r);
        System.out.printf(Locale.ROOT, "[bench] %s round %d %-20s rc=%d wall %7.2f s cpu %7.2f s rss %6.0f MB heap %6.0f MB"
            + "%s%n", size, round + 1, config, r.rc(), r.wallS(), r.cpuS(), r.peakRssMb(), r.peakHeapMb(),
            r.phases().isEmpty() ? "" : " engine " + Math.round(r.engineMs()) + " ms " + r.phases());
        if (r.rc() != 0) {
          problems.add(size + " " + config + " round " + (round + 1) + ": compile failed (rc " + r.rc() + "), see " + r.log());
        }
        if (config.equals(EP_CTX) || config.equals(CTX) || config.equals(SOURCE)) {
          verify(size, config, round, r, expected);
        }
      }
    }
    summarize(size, gen, mine);
    if (modules > 0) {
      runModules(size, dir, gen, heap, expected, mine);
    }
  }

  // ---------------------------------------------------------------- across modules

  /** A finding a module reports for a dependency's site names it: "at kern/net/NetCore.java:12;". */
  private static final Pattern PLACED = Pattern.compile(
      " \\[the update is in a dependency, at (\\S+):(\\d+); this module's code here makes the race\\]");

  /** One module's compile in the multi-module configuration. */
  record ModuleRun(int module, int files, Run run, long summaryBytes, long classBytes) {}

  /**
   * The corpus as about {@link #modules} modules of consecutive packages (each package calls only
   * earlier ones), compiled one after another with ctxcheck alone, each with the class outputs of
   * the modules before it on its class path: the findings, mapped back to their sites, must be the
   * manifest's; and the time, summary sizes and summary reading are compared with the single run.
   */
  private void runModules(String size, Path dir, CorpusGenerator.Result gen, String heap, Set<String> expected,
      List<Run> single) throws Exception {
    Path src = dir.resolve("src");
    List<String> packages = gen.packageOrder();
    int count = Math.min(modules, packages.size());
    List<ModuleRun> runs = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    Set<String> found = new TreeSet<>();
    for (int m = 0; m < count; m++) {
      List<String> files = new ArrayList<>();
      for (String pkg : packages.subList(m * packages.size() / count, (m + 1) * packages.size() / count)) {
        try (Stream<Path> list = Files.list(src.resolve(pkg.replace('.', '/')))) {
          list.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(files::add);
        }
      }
      Path classes = dir.resolve("modules").resolve("m" + m);
      deleteTree(classes);
      Files.createDirectories(classes);
      Path argfile = dir.resolve("modules").resolve("m" + m + ".sources");
      Files.write(argfile, files, StandardCharsets.UTF_8);
      String config = "modules-m" + m;
      StringBuilder cp = new StringBuilder(path("corpus"));
      outputs.forEach(o -> cp.append(':').append(o));
      List<String> args = new ArrayList<>(List.of("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW"));
      String flags = "-XepDisableAllChecks " + CTX_FLAGS + " -XepOpt:Ctxcheck:StatsFile=" + tag(config, 0)
          + CTX_STATS_SUFFIX;
      String mode = "javac";
      String launchCp = harnessCp;
      if (epModeUsed.equals("plugin")) {
        args.addAll(List.of("-processorpath", path("errorprone") + ":" + path("ctxcheck"), "-Xplugin:ErrorProne " + flags));
      } else {
        mode = "ep-api+ctxcheck";
        launchCp += ":" + path("errorprone") + ":" + path("ctxcheck");
        args.addAll(List.of(flags.split(" ")));
      }
      args.addAll(List.of("-Xmaxwarns", "1000000", "-Xmaxerrs", "1000", "-d", classes.toString(), "-cp", cp.toString(),
          "@" + argfile));
      Run r = launch(size, config, 0, mode, launchCp, List.of(), args, dir, heap);
      if (r.rc() != 0) {
        problems.add(size + " module " + m + ": compile failed (rc " + r.rc() + "), see " + r.log());
      }
      Path summary = classes.resolve("META-INF/ctxcheck/summary.smile.gz");
      long summaryBytes = Files.exists(summary) ? Files.size(summary) : 0;
      long classBytes;
      try (Stream<Path> walk = Files.walk(classes)) {
        classBytes = walk.filter(p -> p.toString().endsWith(".class")).mapToLong(p -> p.toFile().length()).sum();
      }
      found.addAll(modulesFindings(Files.readString(Path.of(r.log()), StandardCharsets.UTF_8), src));
      runs.add(new ModuleRun(m, files.size(), r, summaryBytes, classBytes));
      outputs.add(classes);
      System.out.printf(Locale.ROOT, "[bench] %s module %d/%d: %d files, wall %.2f s, ctxcheck %d ms %s, summary %,d B"
          + " = %.1f %% of %,d B of classes%n", size, m + 1, count, files.size(), r.wallS(), Math.round(r.engineMs()),
          r.phases(), summaryBytes, 100.0 * summaryBytes / Math.max(1, classBytes), classBytes);
    }
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(found);
    Set<String> unexpected = new TreeSet<>(found);
    unexpected.removeAll(expected);
    if (missing.isEmpty() && unexpected.isEmpty()) {
      System.out.printf("[bench] %s in %d modules: findings match the manifest (%d)%n", size, count, expected.size());
    } else {
      problems.add(size + " in " + count + " modules: " + missing.size() + " findings missing, " + unexpected.size()
          + " unexpected");
      missing.stream().limit(20).forEach(x -> System.out.println("[bench]   missing    " + x));
      unexpected.stream().limit(20).forEach(x -> System.out.println("[bench]   unexpected " + x));
    }
    double totalCtx = runs.stream().mapToDouble(x -> x.run().engineMs()).sum();
    double singleCtx = single.stream().filter(x -> x.config().equals(CTX)).mapToDouble(Run::engineMs).average()
        .orElse(Double.NaN);
    double worstRead = runs.stream().filter(x -> x.module() > 0)
        .mapToDouble(x -> x.run().phases().getOrDefault("summaries", 0L) / (x.run().wallS() * 1000)).max().orElse(0);
    double worstSize = runs.stream().mapToDouble(x -> (double) x.summaryBytes() / Math.max(1, x.classBytes())).max()
        .orElse(0);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("modules", count);
    s.put("findingsMatch", missing.isEmpty() && unexpected.isEmpty());
    s.put("ctxcheckMsAllModules", totalCtx);
    s.put("ctxcheckMsSingleRun", singleCtx);
    s.put("ratioToSingleRun", totalCtx / singleCtx);
    s.put("worstSummaryReadShareOfJavac", worstRead);
    s.put("worstSummaryShareOfClassBytes", worstSize);
    s.put("summaryBytes", runs.stream().mapToLong(ModuleRun::summaryBytes).sum());
    s.put("classBytes", runs.stream().mapToLong(ModuleRun::classBytes).sum());
    s.put("javacWallSAllModules", runs.stream().mapToDouble(x -> x.run().wallS()).sum());
    // Beside results.json, whose summaries hold one entry per size and configuration.
    Files.createDirectories(out);
    RESULTS.writeValue(out.resolve("modules-" + size + ".json").toFile(), s);
    System.out.printf(Locale.ROOT, "[bench] %s in %d modules: ctxcheck %.0f ms in all (single run %.0f ms: %.2fx);"
        + " summaries read in at most %.2f %% of a module's compile; summaries at most %.1f %% of class bytes%n",
        size, count, totalCtx, singleCtx, totalCtx / singleCtx, 100 * worstRead, 100 * worstSize);
  }

  /** The findings in a module's log, those for a dependency's site at that site ("file:line check"). */
  private static Set<String> modulesFindings(String log, Path srcRoot) {
    Set<String> out = new TreeSet<>();
    Path root = srcRoot.toAbsolutePath().normalize();
    for (String line : log.lines().toList()) {
      Matcher w = WARNING.matcher(line);
      if (!w.find() || !CTX_CHECKS.contains(w.group(3))) {
        continue;
      }
      Matcher placed = PLACED.matcher(line);
      if (placed.find()) {
        out.add(placed.group(1) + ":" + placed.group(2) + " " + w.group(3));
      } else {
        Path f = Path.of(w.group(1)).toAbsolutePath().normalize();
        out.add((f.startsWith(root) ? root.relativize(f).toString() : w.group(1)) + ":" + w.group(2) + " " + w.group(3));
      }
    }
    return out;
  }

  private void verify(String size, String config, int round, Run r, Set<String> expected) {
    Set<String> missing = new TreeSet<>(expected);
    missing.removeAll(r.ctxFindings());
    Set<String> unexpected = new TreeSet<>(r.ctxFindings());
    unexpected.removeAll(expected);
    if (missing.isEmpty() && unexpected.isEmpty()) {
      System.out.printf("[bench] %s %s: findings match the manifest (%d)%n", size, config, expected.size());
      return;
    }
    String what = size + " " + config + " round " + (round + 1) + ": findings differ from the manifest: " + missing.size()
        + " missing, " + unexpected.size() + " unexpected (log " + r.log() + ")";
    problems.add(what);
    System.out.println("[bench] " + what);
    missing.stream().limit(20).forEach(m -> System.out.println("[bench]   missing    " + m));
    unexpected.stream().limit(20).forEach(m -> System.out.println("[bench]   unexpected " + m));
  }

  private Run launchConfig(String size, String config, int round, Path dir, Path argfile, String heap) throws Exception {
    Path classes = dir.resolve("classes-" + config.replace('+', '_'));
    deleteTree(classes);
    Files.createDirectories(classes);
    List<String> args = new ArrayList<>();
    String mode = "javac";
    String cp = harnessCp;
    List<String> jvm = List.of();
    String configHeap = heap;
    switch (config) {
      case JAVAC -> {
      }
      case SOURCE -> {
        mode = "source";
        cp += ":" + path("source");
        jvm = SOURCE_JVM;
        configHeap = xmx != null || heap.equals("12g") ? heap : SOURCE_HEAP;
      }
      case EP -> {
        args.addAll(List.of("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW"));
        if (epModeUsed.equals("plugin")) {
          args.addAll(List.of("-processorpath", path("errorprone"), "-Xplugin:ErrorProne"));
        } else {
          mode = "ep-api";
          cp += ":" + path("errorprone");
        }
      }
      default -> {
        String flags = (config.equals(CTX) ? "-XepDisableAllChecks " : "") + CTX_FLAGS
            + " -XepOpt:Ctxcheck:StatsFile=" + tag(config, round) + CTX_STATS_SUFFIX;
        args.addAll(List.of("-XDcompilePolicy=simple", "--should-stop=ifError=FLOW"));
        if (epModeUsed.equals("plugin")) {
          args.addAll(List.of("-processorpath", path("errorprone") + ":" + path("ctxcheck"), "-Xplugin:ErrorProne " + flags));
        } else {
          mode = "ep-api+ctxcheck";
          cp += ":" + path("errorprone") + ":" + path("ctxcheck");
          args.addAll(List.of(flags.split(" ")));
        }
      }
    }
    args.addAll(List.of("-Xmaxwarns", "1000000", "-Xmaxerrs", "1000", "-d", classes.toString(), "-cp", path("corpus"),
        "@" + argfile));
    return launch(size, config, round, mode, cp, jvm, args, dir, configHeap);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    }
  }

  private static final Pattern WARNING = Pattern.compile("^(.+\\.java):(\\d+): warning: \\[(\\w+)\\]", Pattern.MULTILINE);

  private Run launch(String size, String config, int round, String mode, String cp, List<String> jvm,
      List<String> javacArgs, Path dir, String heap) throws Exception {
    Path logs = dir.resolve("logs");
    Files.createDirectories(logs);
    String tag = tag(config, round);
    Path log = logs.resolve(tag + ".log");
    Path statsFile = logs.resolve(tag + ".stats");
    Path timeFile = logs.resolve(tag + ".time");
    Path argsFile = logs.resolve(tag + ".args");
    Path ctxStats = logs.resolve(tag + CTX_STATS_SUFFIX);
    Files.write(argsFile, javacArgs, StandardCharsets.UTF_8); // one argument a line, as Launch reads it
    List<String> cmd = new ArrayList<>();
    if (haveTime) {
      cmd.addAll(List.of("/usr/bin/time", "-f", "%e %U %S %M", "-o", timeFile.toString()));
    }
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.addAll(jvm);
    cmd.addAll(List.of(OPENS));
    cmd.addAll(List.of("-cp", cp, "dev.ctxcheck.bench.Launch", statsFile.toString(), mode, "--", "@" + argsFile));
    Files.deleteIfExists(statsFile);
    Files.deleteIfExists(timeFile);
    Files.deleteIfExists(ctxStats);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .directory(logs.toFile());
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (!p.waitFor(timeout, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor();
      problems.add(size + " " + config + ": timed out after " + timeout + " s");
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    Map<String, String> st = new LinkedHashMap<>();
    if (Files.exists(statsFile)) {
      for (String l : Files.readAllLines(statsFile)) {
        int eq = l.indexOf('=');
        st.put(l.substring(0, eq), l.substring(eq + 1));
      }
    }
    double user = num(st.get("userMs")) / 1000;
    double sys = num(st.get("sysMs")) / 1000;
    double rss = num(st.get("peakRssMb"));
    if (haveTime && Files.exists(timeFile)) {
      String[] f = Files.readAllLines(timeFile).stream().filter(l -> l.matches("[0-9. ]+")).findFirst().orElse("")
          .trim().split("\\s+");
      if (f.length == 4) {
        user = Double.parseDouble(f[1]);
        sys = Double.parseDouble(f[2]);
        rss = Double.parseDouble(f[3]) / 1024;
      }
    }
    String text = Files.readString(log, StandardCharsets.UTF_8);
    Map<String, Long> phases = new LinkedHashMap<>();
    Map<String, Long> program = new LinkedHashMap<>();
    if (Files.exists(ctxStats)) {
      readCtxcheckStats(ctxStats, phases, program);
    }
    Set<String> findings = new TreeSet<>();
    int warnings = 0;
    Matcher w = WARNING.matcher(text);
    Path srcRoot = dir.resolve("src").toAbsolutePath().normalize();
    while (w.find()) {
      warnings++;
      if (CTX_CHECKS.contains(w.group(3))) {
        Path f = Path.of(w.group(1)).toAbsolutePath().normalize();
        String rel = f.startsWith(srcRoot) ? srcRoot.relativize(f).toString() : w.group(1);
        findings.add(rel + ":" + w.group(2) + " " + w.group(3));
      }
    }
    int rc = st.containsKey("rc") ? Integer.parseInt(st.get("rc")) : p.exitValue();
    return new Run(size, config, round, rc, wall, user, sys, rss, num(st.get("peakHeapMb")),
        num(st.get("peakHeapAfterGcMb")), phases, program, warnings, findings, log.toString(), heap);
  }

  static String tag(String config, int round) {
    return config.replace('+', '_') + (round < 0 ? "-warmup" : "-" + (round + 1));
  }

  /**
   * ctxcheck's stats record (-XepOpt:Ctxcheck:StatsFile, docs/performance.md): its phases in ms, with
   * {@code flows}, the part of {@code facts} spent on control-flow graphs, among them, and the
   * program's sizes.
   */
  static void readCtxcheckStats(Path file, Map<String, Long> phases, Map<String, Long> program) throws IOException {
    JsonNode record = JSON.readTree(file.toFile());
    if (record.path("format").asInt() != 1) {
      throw new IOException(file + ": a ctxcheck stats record of format " + record.path("format") + ", not 1");
    }
    record.path("program").properties().forEach(e -> program.put(e.getKey(), e.getValue().asLong()));
    record.path("phaseNanos").properties().forEach(e -> phases.put(e.getKey(), e.getValue().asLong() / 1_000_000));
    JsonNode flows = record.path("phasePartNanos").path("facts").path("flows");
    if (flows.isNumber()) {
      phases.put("flows", flows.asLong() / 1_000_000);
    }
  }

  private static double num(String s) {
    return s == null ? Double.NaN : Double.parseDouble(s);
  }

  // ---------------------------------------------------------------- summary

  private List<Double> col(List<Run> runs, String config, java.util.function.ToDoubleFunction<Run> f) {
    return runs.stream().filter(r -> r.config().equals(config)).map(r -> f.applyAsDouble(r)).collect(Collectors.toList());
  }

  /** Per round, a / b of the same figure; the median of those pairs. */
  private double pairedRatio(List<Run> runs, String a, String b, java.util.function.ToDoubleFunction<Run> f) {
    List<Double> ratios = new ArrayList<>();
    for (Run ra : runs) {
      if (!ra.config().equals(a)) {
        continue;
      }
      for (Run rb : runs) {
        if (rb.config().equals(b) && rb.round() == ra.round()) {
          ratios.add(f.applyAsDouble(ra) / f.applyAsDouble(rb));
        }
      }
    }
    return Stats.median(ratios);
  }

  private void summarize(String size, CorpusGenerator.Result gen, List<Run> runs) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("size", size);
    s.put("lines", gen.lines());
    s.put("files", gen.files());
    s.put("packages", gen.packages());
    s.put("expectedFindings", gen.expected().size());
    s.put("runs", runs.stream().filter(r -> r.config().equals(configs.get(0))).count());
    Map<String, Object> byConfig = new LinkedHashMap<>();
    for (String c : configs) {
      Map<String, Object> cs = new LinkedHashMap<>();
      cs.put("wallS", Stats.median(col(runs, c, Run::wallS)));
      cs.put("wallMinS", Stats.min(col(runs, c, Run::wallS)));
      cs.put("wallMaxS", Stats.max(col(runs, c, Run::wallS)));
      cs.put("cpuS", Stats.median(col(runs, c, Run::cpuS)));
      cs.put("peakRssMb", Stats.median(col(runs, c, Run::peakRssMb)));
      cs.put("peakHeapMb", Stats.median(col(runs, c, Run::peakHeapMb)));
      cs.put("peakHeapAfterGcMb", Stats.median(col(runs, c, Run::peakHeapAfterGcMb)));
      if (c.equals(SOURCE)) {
        cs.put("maxHeap", "-Xmx" + runs.stream().filter(r -> r.config().equals(SOURCE)).findFirst()
            .map(Run::heap).orElse("?"));
        cs.put("findings", String.join(", ", runs.stream().filter(r -> r.config().equals(SOURCE))
            .map(r -> r.ctxFindings().size() + " findings").distinct().toList()));
      }
      if (c.equals(EP_CTX) || c.equals(CTX)) {
        cs.put("engineMs", Stats.median(col(runs, c, Run::engineMs)));
        Map<String, Double> ph = new LinkedHashMap<>();
        for (String phase : List.of("facts", "flows", "graph", "masks", "contexts", "variables", "rules")) {
          ph.put(phase, Stats.median(col(runs, c, r -> r.phases().getOrDefault(phase, -1L))));
        }
        cs.put("phasesMs", ph);
        runs.stream().filter(r -> r.config().equals(c) && !r.program().isEmpty()).findFirst()
            .ifPresent(r -> cs.put("program", r.program()));
        Set<String> verdicts = new LinkedHashSet<>();
        for (Run r : runs) {
          if (r.config().equals(c)) {
            verdicts.add(r.ctxFindings().size() + " findings");
          }
        }
        cs.put("findings", String.join(", ", verdicts));
      }
      byConfig.put(c, cs);
    }
    s.put("configs", byConfig);
    Map<String, Object> ratios = new LinkedHashMap<>();
    if (configs.contains(JAVAC)) {
      for (String c : configs) {
        if (!c.equals(JAVAC)) {
          ratios.put(c + "/javac wall", pairedRatio(runs, c, JAVAC, Run::wallS));
          ratios.put(c + "/javac cpu", pairedRatio(runs, c, JAVAC, Run::cpuS));
        }
      }
    }
    if (configs.contains(EP) && configs.contains(EP_CTX)) {
      ratios.put(EP_CTX + "/" + EP + " wall", pairedRatio(runs, EP_CTX, EP, Run::wallS));
      ratios.put(EP_CTX + "/" + EP + " cpu", pairedRatio(runs, EP_CTX, EP, Run::cpuS));
    }
    String engineConfig = configs.contains(CTX) ? CTX : configs.contains(EP_CTX) ? EP_CTX : null;
    if (engineConfig != null && configs.contains(JAVAC)) {
      double engine = Stats.median(col(runs, engineConfig, Run::engineMs));
      ratios.put("engine/javac wall", engine / 1000 / Stats.median(col(runs, JAVAC, Run::wallS)));
      ratios.put("engine/javac cpu", engine / 1000 / Stats.median(col(runs, JAVAC, Run::cpuS)));
    }
    s.put("ratios", ratios);
    summaries.put(size, s);
    if (engineConfig != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> cs = (Map<String, Object>) byConfig.get(engineConfig);
      @SuppressWarnings("unchecked")
      Map<String, Double> ph = (Map<String, Double>) cs.get("phasesMs");
      @SuppressWarnings("unchecked")
      Map<String, Long> prog = (Map<String, Long>) cs.getOrDefault("program", Map.of());
      double facts = ph.get("facts");
      double engine = (double) cs.get("engineMs");
      points.add(new Plot.Point(gen.lines(), prog.getOrDefault("callEdges", 0L), engine, facts, engine - facts));
    }
  }

  private void writeResults() throws IOException {
    // runs.csv
    List<String> csv = new ArrayList<>();
    csv.add("size,config,round,rc,wall_s,user_s,sys_s,cpu_s,peak_rss_mb,peak_heap_mb,peak_heap_after_gc_mb,engine_ms,"
        + "facts_ms,graph_ms,masks_ms,contexts_ms,variables_ms,rules_ms,call_edges,warnings,ctxcheck_findings");
    for (Run r : allRuns) {
      csv.add(String.join(",", r.size(), r.config(), Integer.toString(r.round() + 1), Integer.toString(r.rc()),
          f(r.wallS()), f(r.userS()), f(r.sysS()), f(r.cpuS()), f(r.peakRssMb()), f(r.peakHeapMb()),
          f(r.peakHeapAfterGcMb()), f(r.engineMs()), ph(r, "facts"), ph(r, "graph"), ph(r, "masks"), ph(r, "contexts"),
          ph(r, "variables"), ph(r, "rules"), String.valueOf(r.program().getOrDefault("callEdges", -1L)),
          Integer.toString(r.warnings()), Integer.toString(r.ctxFindings().size())));
    }
    Files.write(out.resolve("runs.csv"), csv, StandardCharsets.UTF_8);
    // results.json
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("date", Instant.now().toString());
    root.put("machine", machine());
    root.put("seed", seed);
    root.put("errorProneMode", epModeUsed);
    root.put("problems", problems);
    root.put("sizes", summaries);
    Files.writeString(out.resolve("results.json"), RESULTS.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
    // table.md
    Files.writeString(out.resolve("table.md"), Table.markdown(summaries, configs), StandardCharsets.UTF_8);
    System.out.println();
    System.out.print(Table.markdown(summaries, configs));
    // plot
    if (!points.isEmpty()) {
      Path png = plot != null ? plot : out.resolve("performance.png");
      Plot.write(points, "median of runs; " + machineShort() + "; seed " + seed, png);
      System.out.println("[bench] plot: " + png);
    }
    System.out.println("[bench] results: " + out.resolve("results.json") + ", " + out.resolve("runs.csv"));
  }

  private static String ph(Run r, String phase) {
    Long v = r.phases().get(phase);
    return v == null ? "" : Long.toString(v);
  }

  private static String f(double d) {
    return Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%.3f", d);
  }

  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    try {
      Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
          .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).strip()));
      Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal")).findFirst()
          .ifPresent(l -> m.put("memory", l.substring(l.indexOf(':') + 1).strip()));
    } catch (IOException e) {
      // not Linux: leave them out
    }
    return m;
  }

  private static String machineShort() {
    Map<String, Object> m = machine();
    return m.get("cpus") + " CPUs" + (m.containsKey("cpu") ? " (" + m.get("cpu") + ")" : "") + ", JDK " + m.get("java");
  }
}

package dev.ctxcheck.cli.bench;

import dev.ctxcheck.annotations.ProcessContext;
import dev.ctxcheck.cli.Analyzer;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.javaparser.SourceAnalyzer;
import dev.ctxcheck.percpu.PerCpu;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Times source mode against javac on the same tree, in the same run (a measurement, not a test):
 * {@code bin/bench-source-mode [--lines N | --corpus DIR] [--rounds R] [--xmx SIZE] [--source-jvm OPTIONS]}.
 *
 * <p>Each round runs three child JVMs with the same heap limit, in rotating order: plain
 * {@code javac} compiling the tree, ctxcheck's javac engine (javac + Error Prone, attribution and
 * flow, no class files), and ctxcheck's source engine, with the JVM options bin/ctxcheck gives it
 * ({@code --source-jvm ""} for the JVM's defaults). A child reports its wall time (from its
 * start to its result, JVM start-up excluded) and its peak heap occupancy, sampled every 5 ms. The
 * report gives medians, lines per second and the ratios of source mode to each javac run, and
 * checks that both engines found the same sites.
 */
public final class SourceModeBenchmark {

  private static final List<String> MODES = List.of("javac", "ctxcheck-javac", "ctxcheck-source");

  /** The JVM options bin/ctxcheck starts source mode with (C1 only, parallel collector). */
  static final List<String> SOURCE_MODE_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseParallelGC");

  private record Sample(String mode, long nanos, long peakHeap, String findings) {}

  private SourceModeBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(args[1], Path.of(args[2]));
      return;
    }
    long lines = 100_000;
    Path corpus = null;
    int rounds = 3;
    String xmx = "1g";
    List<String> sourceJvm = SOURCE_MODE_JVM;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--lines" -> lines = Long.parseLong(args[++i].replace("k", "000"));
        case "--corpus" -> corpus = Path.of(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--xmx" -> xmx = args[++i];
        case "--source-jvm" -> sourceJvm = args[++i].isBlank() ? List.of() : List.of(args[i].trim().split("\\s+"));
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (corpus == null) {
      corpus = Files.createTempDirectory("ctxcheck-bench-corpus");
      KernelCorpus.write(corpus, lines);
    }
    List<Path> files = javaFiles(corpus);
    long lineCount = 0;
    for (Path f : files) {
      lineCount += Files.readAllLines(f).size();
    }
    System.out.printf(Locale.ROOT, "corpus: %s, %d files, %d lines; heap limit -Xmx%s; %d rounds; %d cores; "
        + "source mode's JVM options: %s%n", corpus, files.size(), lineCount, xmx, rounds,
        Runtime.getRuntime().availableProcessors(), sourceJvm.isEmpty() ? "(defaults)" : String.join(" ", sourceJvm));
    Map<String, List<Sample>> samples = new LinkedHashMap<>();
    MODES.forEach(m -> samples.put(m, new ArrayList<>()));
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < MODES.size(); k++) {
        String mode = MODES.get((r + k) % MODES.size());
        Sample s = launch(mode, corpus, xmx, mode.equals("ctxcheck-source") ? sourceJvm : List.of());
        samples.get(mode).add(s);
        System.out.printf(Locale.ROOT, "  round %d %-16s %8.2f s  peak heap %5d MB%n", r + 1, mode, s.nanos() / 1e9,
            s.peakHeap() >> 20);
      }
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "%-16s %10s %12s %14s%n", "run", "median s", "lines/s", "peak heap MB");
    Map<String, Double> median = new LinkedHashMap<>();
    for (String mode : MODES) {
      List<Sample> list = samples.get(mode);
      double m = median(list.stream().map(s -> s.nanos() / 1e9).toList());
      long peak = list.stream().mapToLong(Sample::peakHeap).max().orElse(0);
      median.put(mode, m);
      System.out.printf(Locale.ROOT, "%-16s %10.2f %12.0f %14d%n", mode, m, lineCount / m, peak >> 20);
    }
    System.out.printf(Locale.ROOT, "%nsource mode / javac compiling the tree: %.2f%n",
        median.get("ctxcheck-source") / median.get("javac"));
    System.out.printf(Locale.ROOT, "source mode / ctxcheck's javac engine:  %.2f%n",
        median.get("ctxcheck-source") / median.get("ctxcheck-javac"));
    String javacSites = samples.get("ctxcheck-javac").get(0).findings();
    String sourceSites = samples.get("ctxcheck-source").get(0).findings();
    System.out.println(javacSites.equals(sourceSites)
        ? "both engines report the same " + javacSites.split(";").length + " sites"
        : "the engines differ:\n  javac:  " + javacSites + "\n  source: " + sourceSites);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static Sample launch(String mode, Path corpus, String xmx, List<String> jvmOptions)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + xmx);
    cmd.addAll(jvmOptions);
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-exports") || a.startsWith("--add-opens")).toList());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), SourceModeBenchmark.class.getName(), "child",
        mode, corpus.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(mode + " failed:\n" + out);
    }
    String result = out.lines().filter(l -> l.startsWith("RESULT ")).findFirst()
        .orElseThrow(() -> new IllegalStateException(mode + " gave no result:\n" + out));
    String[] parts = result.split(" ", 5);
    return new Sample(parts[1], Long.parseLong(parts[2]), Long.parseLong(parts[3]), parts.length > 4 ? parts[4] : "");
  }

  /** One measured run, in a fresh JVM: prints {@code RESULT mode nanos peakHeapBytes sites}. */
  private static void child(String mode, Path corpus) throws Exception {
    List<Path> files = javaFiles(corpus);
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      Runtime rt = Runtime.getRuntime();
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    String sites = "";
    switch (mode) {
      case "javac" -> {
        Path out = Files.createTempDirectory("ctxcheck-bench-classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-proc:none", "-encoding", "UTF-8", "-d", out.toString(),
            "-cp", location(ProcessContext.class) + File.pathSeparator + location(PerCpu.class)));
        files.forEach(f -> args.add(f.toString()));
        if (javac.run(null, null, null, args.toArray(String[]::new)) != 0) {
          throw new IllegalStateException("javac failed");
        }
      }
      case "ctxcheck-javac" -> {
        Analyzer.Result r = new Analyzer().analyze(files, List.of(), List.of());
        if (!r.problems().isEmpty()) {
          throw new IllegalStateException("does not compile: " + r.problems());
        }
        sites = sites(r.findings(), corpus);
      }
      case "ctxcheck-source" -> sites = sites(SourceAnalyzer.analyze(files, List.of(), Config.DEFAULT).findings(), corpus);
      default -> throw new IllegalArgumentException(mode);
    }
    long nanos = System.nanoTime() - start;
    sampler.interrupt();
    peak.accumulateAndGet(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory(), Math::max);
    System.out.println("RESULT " + mode + " " + nanos + " " + peak.get() + " " + sites);
  }

  private static String sites(List<Finding> findings, Path corpus) {
    TreeSet<String> out = new TreeSet<>();
    Path root = corpus.toAbsolutePath().normalize();
    for (Finding f : findings) {
      out.add(root.relativize(Path.of(java.net.URI.create(f.position().file()))) + ":" + f.position().line() + ":"
          + f.check().checkName());
    }
    return String.join(";", out);
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.toString().endsWith(".java")).sorted(Comparator.naturalOrder()).toList();
    }
  }

  private static String location(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}

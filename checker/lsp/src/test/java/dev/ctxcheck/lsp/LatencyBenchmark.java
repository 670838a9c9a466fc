package dev.ctxcheck.lsp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.WorkspaceFolder;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;

/**
 * The language server's latency benchmark (not a test; {@code bench/lsp-latency} runs it): starts
 * the standalone server on a generated corpus as an editor would, times the first analysis against
 * {@code bin/ctxcheck --engine source} on the same tree, then edits one file again and again (each
 * edit fixes or un-fixes a planted finding) and times each {@code didChange} to the last {@code
 * publishDiagnostics} it causes, and samples the server's heap.
 *
 * <pre>LatencyBenchmark CORPUS_SRC MANIFEST SERVER_JAR BIN_CTXCHECK [EDITS] [XMX] [SOURCE_RUNS] [JVM_OPTIONS]</pre>
 */
public final class LatencyBenchmark {

  private LatencyBenchmark() {}

  /** The server's log line after each run, with the heap it used. */
  static final Pattern RUN_DONE = Pattern.compile(
      "ctxcheck: \\d+ findings in (\\d+) ms \\(parse (\\d+), facts (\\d+), engine (\\d+)\\);.*; heap (\\d+) MB used.*");

  /** Records what the server sends, with arrival times. */
  static final class Client implements LanguageClient {
    final List<long[]> publications = Collections.synchronizedList(new ArrayList<>()); // nanos, count
    final List<Object[]> runsDone = Collections.synchronizedList(new ArrayList<>()); // nanos, message
    /** The largest heap use the server logged after a run, in MB. */
    volatile long peakHeapMb;
    /** Each run's analysis time as the server logged it. */
    final List<double[]> analysisMillis = Collections.synchronizedList(new ArrayList<>()); // total, phases

    @Override
    public void publishDiagnostics(PublishDiagnosticsParams p) {
      publications.add(new long[] {System.nanoTime(), p.getDiagnostics().size()});
    }

    @Override
    public void logMessage(MessageParams m) {
      long now = System.nanoTime();
      Matcher done = RUN_DONE.matcher(m.getMessage());
      if (done.matches()) {
        runsDone.add(new Object[] {now, m.getMessage()});
        peakHeapMb = Math.max(peakHeapMb, Long.parseLong(done.group(5)));
        analysisMillis.add(new double[] {Double.parseDouble(done.group(1)), Double.parseDouble(done.group(2)),
            Double.parseDouble(done.group(3)), Double.parseDouble(done.group(4))});
      }
      synchronized (this) {
        notifyAll();
      }
    }

    @Override
    public void showMessage(MessageParams m) {}

    @Override
    public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams r) {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void telemetryEvent(Object o) {}

    synchronized void awaitRuns(int count, long timeoutMillis) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (runsDone.size() < count) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new IllegalStateException("no analysis finished within " + timeoutMillis + " ms");
        }
        wait(Math.min(left, 50));
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Path corpus = Path.of(args[0]).toAbsolutePath().normalize();
    Path manifest = Path.of(args[1]);
    Path jar = Path.of(args[2]);
    Path ctxcheck = Path.of(args[3]);
    int edits = args.length > 4 ? Integer.parseInt(args[4]) : 40;
    String xmx = args.length > 5 ? args[5] : "1g";
    int sourceRuns = args.length > 6 ? Integer.parseInt(args[6]) : 3;
    // The server's JVM options, as bin/ctxcheck-lsp gives them.
    List<String> jvm = args.length > 7 && !args[7].isBlank() ? List.of(args[7].trim().split("\\s+")) : List.of();

    // The command line's source engine on the same tree (a first run builds it, if needed; not counted).
    run(List.of(ctxcheck.toString(), "--engine", "source", corpus.toString()));
    List<Double> source = new ArrayList<>();
    for (int i = 0; i < sourceRuns; i++) {
      long t = System.nanoTime();
      run(List.of(ctxcheck.toString(), "--engine", "source", corpus.toString()));
      source.add((System.nanoTime() - t) / 1e6);
    }

    // A planted finding to fix and un-fix: its line holds a non-atomic operation __name(.
    String[] target = plantedSite(manifest);
    Path file = corpus.resolve(target[0]);
    int line = Integer.parseInt(target[1]) - 1;
    String text = Files.readString(file);
    String lineText = text.split("\n", -1)[line];
    Matcher op = Pattern.compile("__([A-Za-z0-9_]+)\\(").matcher(lineText);
    if (!op.find()) {
      throw new IllegalStateException("no __operation on " + file + ":" + (line + 1) + ": " + lineText);
    }
    int column = op.start();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    long processStart = System.nanoTime();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx" + xmx));
    command.addAll(jvm);
    command.addAll(List.of("-jar", jar.toString()));
    Process server = new ProcessBuilder(command)
        .redirectError(corpus.resolveSibling("server-stderr.log").toFile()).start();
    HeapSampler heap = new HeapSampler(server.pid());
    Client client = new Client();
    Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, server.getInputStream(),
        server.getOutputStream());
    launcher.startListening();
    LanguageServer remote = launcher.getRemoteProxy();
    try {
      InitializeParams init = new InitializeParams();
      init.setProcessId((int) ProcessHandle.current().pid());
      init.setWorkspaceFolders(List.of(new WorkspaceFolder(corpus.toUri().toString(), "corpus")));
      init.setCapabilities(new ClientCapabilities());
      long t0 = System.nanoTime();
      remote.initialize(init).get(10, TimeUnit.MINUTES);
      remote.initialized(new InitializedParams());
      client.awaitRuns(1, 600_000);
      long first = (long) client.runsDone.get(0)[0];
      double initial = (first - t0) / 1e6;
      double coldStart = (first - processStart) / 1e6;

      String uri = file.toUri().toString();
      remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(
          new TextDocumentItem(uri, "java", 1, text)));
      Thread.sleep(1000);
      List<Double> latencies = new ArrayList<>();
      for (int i = 0; i < edits; i++) {
        boolean fix = i % 2 == 0;
        // Fix: delete the "__"; un-fix: put it back.
        Range range = fix ? new Range(new Position(line, column), new Position(line, column + 2))
            : new Range(new Position(line, column), new Position(line, column));
        int runsBefore = client.runsDone.size();
        int publishedBefore = client.publications.size();
        long sent = System.nanoTime();
        remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
            new VersionedTextDocumentIdentifier(uri, i + 2),
            List.of(new TextDocumentContentChangeEvent(range, fix ? "" : "__"))));
        client.awaitRuns(runsBefore + 1, 600_000);
        long last = sent;
        synchronized (client.publications) {
          for (long[] p : client.publications.subList(publishedBefore, client.publications.size())) {
            last = Math.max(last, p[0]);
          }
        }
        if (last == sent) {
          throw new IllegalStateException("edit " + i + " published nothing: it should change a finding");
        }
        latencies.add((last - sent) / 1e6);
        Thread.sleep(300); // an editor user's pause between edits
      }
      long liveAfterGc = heap.liveAfterFullGc();
      remote.shutdown().get(1, TimeUnit.MINUTES);
      remote.exit();

      Collections.sort(latencies);
      Collections.sort(source);
      List<double[]> edited = client.analysisMillis.subList(1, client.analysisMillis.size());
      double[] phaseMedians = new double[4];
      for (int k = 0; k < 4; k++) {
        List<Double> values = new ArrayList<>();
        for (double[] a : edited) {
          values.add(a[k]);
        }
        Collections.sort(values);
        phaseMedians[k] = median(values);
      }
      double[] firstRun = client.analysisMillis.get(0);
      String table = String.format(Locale.ROOT, """
          | measure | value |
          |---|---|
          | corpus | %s (%s) |
          | `bin/ctxcheck --engine source`, median of %d | %.0f ms |
          | server: first analysis (initialize to first result) | %.0f ms |
          | server: process start to first result | %.0f ms |
          | didChange to last publishDiagnostics, %d edits: p50 | %.0f ms |
          | p95 | %.0f ms |
          | max | %.0f ms |
          | the server's analysis per edit (its log), medians: total | %.0f ms |
          | parse / facts / engine | %.0f / %.0f / %.0f ms |
          | the first analysis (its log): parse / facts / engine | %.0f / %.0f / %.0f ms |
          | server JVM options | %s |
          | server heap (-Xmx%s): most used after a run (the server's log) | %d MB |
          | server heap after a full GC at the end | %d MB |
          """, corpus, manifestLines(manifest), sourceRuns, median(source), initial, coldStart, edits,
          percentile(latencies, 50), percentile(latencies, 95), latencies.get(latencies.size() - 1),
          phaseMedians[0], phaseMedians[1], phaseMedians[2], phaseMedians[3], firstRun[1], firstRun[2], firstRun[3],
          jvm.isEmpty() ? "(defaults)" : String.join(" ", jvm), xmx,
          client.peakHeapMb, liveAfterGc / (1 << 20));
      System.out.print(table);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
      server.destroyForcibly();
    }
    System.exit(0);
  }

  /** The first NonAtomicPerCpuUpdate of the manifest: {file, line}. */
  private static String[] plantedSite(Path manifest) throws IOException {
    for (String l : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      String[] parts = l.split("\t");
      if (!l.startsWith("#") && parts.length >= 3 && parts[2].equals("NonAtomicPerCpuUpdate")) {
        return new String[] {parts[0], parts[1]};
      }
    }
    throw new IllegalStateException("no NonAtomicPerCpuUpdate in " + manifest);
  }

  private static String manifestLines(Path manifest) throws IOException {
    for (String l : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
      if (l.startsWith("# lines=") || l.startsWith("lines=")) {
        return l.substring(l.indexOf('=') + 1) + " lines";
      }
    }
    return "size unknown";
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    int status = p.waitFor();
    if (status != 0 && status != 1) {
      throw new IllegalStateException(command + " exited with " + status);
    }
  }

  private static double median(List<Double> sorted) {
    return percentile(sorted, 50);
  }

  /** Nearest-rank percentile of a sorted list. */
  static double percentile(List<Double> sorted, int p) {
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  /** The server's live heap: a full GC asked for with jcmd, then the use jstat reports. */
  static final class HeapSampler {
    private final long pid;

    HeapSampler(long pid) {
      this.pid = pid;
    }

    long liveAfterFullGc() throws IOException, InterruptedException {
      new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      return usedBytes();
    }

    /** Eden, survivor and old generation used, from {@code jstat -gc} (KB columns ending in U). */
    private long usedBytes() throws IOException, InterruptedException {
      Process p = new ProcessBuilder("jstat", "-gc", Long.toString(pid)).redirectErrorStream(true).start();
      String[] lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\n");
      p.waitFor();
      if (lines.length < 2) {
        return 0;
      }
      String[] names = lines[0].trim().split("\\s+");
      String[] values = lines[1].trim().split("\\s+");
      double kb = 0;
      for (int i = 0; i < names.length && i < values.length; i++) {
        if (names[i].equals("S0U") || names[i].equals("S1U") || names[i].equals("EU") || names[i].equals("OU")) {
          kb += Double.parseDouble(values[i]);
        }
      }
      return (long) (kb * 1024);
    }
  }
}

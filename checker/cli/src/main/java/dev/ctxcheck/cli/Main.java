package dev.ctxcheck.cli;

import dev.ctxcheck.engine.analysis.CheckDocs;
import dev.ctxcheck.engine.analysis.Config;
import dev.ctxcheck.engine.analysis.Finding;
import dev.ctxcheck.engine.summary.Summary;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bin/ctxcheck}: analyse the .java files under each PATH as one program (SPEC section 3). */
@Command(
    name = "ctxcheck",
    mixinStandardHelpOptions = true,
    version = "ctxcheck 0.1.0",
    sortOptions = false,
    description = {
      "Reports non-atomic per-CPU updates that another execution context can interrupt.",
      "Analyses the .java files under each PATH as one program.",
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:no findings",
      "1:findings",
      "2:bad usage, or input that cannot be analysed",
    })
public final class Main implements Callable<Integer> {

  static final int FINDINGS = 1;
  static final int BAD_INPUT = 2;

  enum Format { text, sarif }

  enum Engine { javac, source }

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "A .java file or a directory of them.")
  List<Path> paths = new ArrayList<>();

  @Option(names = "--format", paramLabel = "text|sarif", description = "Output format (default: ${DEFAULT-VALUE}).")
  Format format = Format.text;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
  Path output;

  @Option(names = "--patch", paramLabel = "FILE", description = "Write every fix as a unified diff that git apply takes.")
  Path patch;

  @Option(names = "--fix", description = "Apply the fixes to the files in place.")
  boolean fix;

  @Option(names = "--classpath", paramLabel = "CP",
      description = "Class path of the analysed program (the annotations and percpu runtime are always on it).")
  String classpath;

  @Option(names = "--engine", paramLabel = "javac|source",
      description = "javac (default): compile the program with javac. source: read the sources alone, "
          + "without a build, keeping going through code that does not compile.")
  Engine engine = Engine.javac;

  @Option(names = "--verbose",
      description = "With --engine source: also list what could not be resolved, and sizes and times.")
  boolean verbose;

  @Option(names = "--docs-url", paramLabel = "URL",
      description = "Where the checks' pages are, for SARIF's helpUri: a URL or an absolute path of a copy of docs/"
          + " (default: the docs/ folder of this checkout).")
  String docsUrl;

  @Option(names = "--report-accepted-races",
      description = "Also report raw_cpu_*-style operations, whose races are otherwise accepted.")
  boolean reportAcceptedRaces;

  @Option(names = "--summary-out", paramLabel = "DIR",
      description = "Also write the analysed program's summary under DIR (DIR/" + Summary.RESOURCE + "), for "
          + "analyses of programs that depend on it (docs/modules.md). Summaries on --classpath are always read.")
  Path summaryOut;

  @Option(names = "--preempt-rt",
      description = "Analyse under the PREEMPT_RT model: softirqs and threaded interrupt handlers are "
          + "preemptible threads, spin locks and local locks sleeping locks (docs/preempt-rt.md).")
  boolean preemptRt;

  private final Path workingDirectory;
  private final PrintWriter out;
  private final PrintWriter err;

  public static void main(String[] args) {
    System.exit(run(args, Path.of("").toAbsolutePath(), new PrintWriter(System.out, true),
        new PrintWriter(System.err, true)));
  }

  /**
   * Runs the command as if started in {@code workingDirectory} (which relative PATHs, output paths
   * and SARIF URIs are taken against); what it prints goes to {@code out} and {@code err}.
   */
  static int run(String[] args, Path workingDirectory, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Main(workingDirectory, out, err));
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, a) -> {
      err.println("ctxcheck: " + ex.getMessage());
      ex.getCommandLine().usage(err);
      return BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      err.println("ctxcheck: " + ex.getMessage());
      return BAD_INPUT;
    });
    return cli.execute(args);
  }

  private Main(Path workingDirectory, PrintWriter out, PrintWriter err) {
    this.workingDirectory = workingDirectory.toAbsolutePath().normalize();
    this.out = out;
    this.err = err;
  }

  private Path resolve(Path p) {
    return workingDirectory.resolve(p);
  }

  @Override
  public Integer call() throws IOException {
    SourceFiles sources;
    try {
      sources = SourceFiles.collect(paths.stream().map(this::resolve).toList());
    } catch (SourceFiles.BadPathException e) {
      err.println("ctxcheck: " + e.getMessage());
      return BAD_INPUT;
    }
    List<Path> cp = new ArrayList<>();
    if (classpath != null && !classpath.isEmpty()) {
      for (String entry : classpath.split(File.pathSeparator)) {
        Path p = resolve(Path.of(entry));
        if (!Files.exists(p)) {
          err.println("ctxcheck: --classpath entry " + entry + ": no such file or directory");
          return BAD_INPUT;
        }
        cp.add(p);
      }
    }
    CheckDocs docs;
    try {
      docs = docsUrl == null ? CheckDocs.recorded() : CheckDocs.at(docsUrl);
    } catch (IllegalArgumentException e) {
      err.println("ctxcheck: --docs-url: " + e.getMessage());
      return BAD_INPUT;
    }
    Config config = new Config(reportAcceptedRaces, preemptRt);
    List<Finding> findings;
    if (engine == Engine.source && summaryOut != null) {
      err.println("ctxcheck: --summary-out needs the javac engine; the source engine neither writes nor reads summaries");
      return BAD_INPUT;
    }
    if (engine == Engine.source) {
      findings = SourceMode.run(sources.files(), cp, config, verbose, workingDirectory, err);
      if (findings == null) {
        return BAD_INPUT;
      }
    } else {
      List<String> options = summaryOut == null ? List.of()
          : List.of("-XepOpt:Ctxcheck:SummaryOut=" + resolve(summaryOut));
      Analyzer.Result result = new Analyzer().analyze(sources.files(), cp, config, options);
      result.warnings().forEach(w -> err.println("ctxcheck: warning: " + w));
      if (!result.problems().isEmpty()) {
        err.println("ctxcheck: the program cannot be analysed:");
        result.problems().forEach(p -> err.println("  " + SourceFiles.problem(p.file(), p.line(), p.message(),
            workingDirectory)));
        return BAD_INPUT;
      }
      findings = result.findings();
    }
    String report = format == Format.sarif
        ? new SarifWriter(workingDirectory, docs).write(findings)
        : TextWriter.write(findings, workingDirectory);
    if (output != null) {
      Files.writeString(resolve(output), report);
    } else {
      out.print(report);
      out.flush();
    }
    Edits edits = Edits.of(findings);
    if (patch != null) {
      Files.writeString(resolve(patch), PatchWriter.diff(edits, workingDirectory));
    }
    if (fix && !edits.isEmpty()) {
      int changed = FixApplier.apply(edits, sources);
      err.println("ctxcheck: fixed " + changed + (changed == 1 ? " file" : " files"));
    }
    return findings.isEmpty() ? 0 : FINDINGS;
  }
}

package dev.ctxcheck.lsp;

import dev.ctxcheck.lsp.analysis.IncrementalAnalysis;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * {@code ctxcheck-lsp}: the language server over standard input and output. Standard output carries
 * the protocol and nothing else: anything else written to {@code System.out} goes to standard error.
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    for (String arg : args) {
      if (arg.equals("--version")) {
        // No session: standard output is free for the answer.
        System.out.println("ctxcheck-lsp " + CtxcheckLanguageServer.version());
        System.exit(0);
      }
      // Clients add a transport flag; standard input/output is the only transport.
      if (!arg.equals("--stdio")) {
        System.err.println("ctxcheck-lsp: unknown argument " + arg
            + " (the server speaks LSP on standard input/output; --version prints its version)");
        System.exit(2);
      }
    }
    PrintStream protocol = System.out;
    System.setOut(System.err);
    InputStream in = System.in;
    CtxcheckLanguageServer server = new CtxcheckLanguageServer(new IncrementalAnalysis(), docsFolder(),
        status -> System.exit(status));
    Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, protocol);
    server.connect(launcher.getRemoteProxy());
    try {
      launcher.startListening().get();
    } catch (ExecutionException e) {
      System.err.println("ctxcheck-lsp: the connection failed: " + e.getCause());
    }
    // The client closed the connection without exit: stop as the protocol asks for a lost client.
    System.exit(1);
  }

  /**
   * The checks' pages: {@code -Dctxcheck.docs}, else {@code docs/} of the checkout this jar was built
   * in; null if neither is there.
   */
  static Path docsFolder() {
    String property = System.getProperty("ctxcheck.docs");
    if (property != null) {
      return Path.of(property).toAbsolutePath().normalize();
    }
    try {
      Path here = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path p = here; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("docs/NonAtomicPerCpuUpdate.md"))) {
          return p.resolve("docs");
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // no code source: no links
    }
    return null;
  }
}

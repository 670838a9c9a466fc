package dev.ctxcheck.lsp.analysis;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * How the language server gets its answers: a snapshot of the workspace in, findings and per-method
 * context facts out. The server knows nothing else about how analysis is done, so an incremental
 * implementation can replace the whole-program one without touching it.
 */
public interface WorkspaceAnalysis {

  /**
   * Analyses the snapshot as one program.
   *
   * @param cancelled polled while analysing; once it is true the run may stop with a {@link
   *     java.util.concurrent.CancellationException}
   * @throws IOException if the analysis cannot run at all (a file that cannot be read is left out
   *     and named among the outcome's problems instead)
   */
  Outcome analyse(Snapshot snapshot, BooleanSupplier cancelled) throws IOException;
}

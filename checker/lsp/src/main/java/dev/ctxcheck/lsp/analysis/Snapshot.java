package dev.ctxcheck.lsp.analysis;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The program as the editor sees it at one moment.
 *
 * @param files every source file of the program (absolute, normalised)
 * @param unsaved the editor's text for the open files whose text is to be analysed instead of the
 *     file's content
 * @param options what the user configured
 */
public record Snapshot(List<Path> files, Map<Path, String> unsaved, Options options) {
  public Snapshot {
    files = List.copyOf(files);
    unsaved = Map.copyOf(unsaved);
  }
}

package dev.ctxcheck.lsp;

import dev.ctxcheck.lsp.analysis.Options;
import dev.ctxcheck.lsp.analysis.Snapshot;
import dev.ctxcheck.lsp.text.LineIndex;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The program as the editor sees it: every {@code .java} file under the workspace folders (build
 * output and hidden folders left out), with the open buffers' text in place of their files.
 */
final class Workspace {

  /** An open buffer: the URI the client uses for it, its version and its text. */
  record Document(String uri, int version, String text) {}

  /** What one analysis is handed, and the document versions it saw. */
  record View(Snapshot snapshot, Map<Path, Document> documents) {}

  /** Folder names that hold build output rather than sources. */
  private static final Set<String> BUILD_OUTPUT = Set.of("target", "build");

  private final List<Path> folders = new ArrayList<>();
  private final Set<Path> files = new TreeSet<>();
  private final Map<Path, Document> documents = new HashMap<>();
  private Options options = Options.DEFAULT;

  synchronized void setFolders(List<Path> roots) throws IOException {
    folders.clear();
    folders.addAll(roots);
    rescan();
  }

  synchronized List<Path> folders() {
    return List.copyOf(folders);
  }

  /** Lists the files under the folders again. */
  synchronized void rescan() throws IOException {
    files.clear();
    for (Path folder : folders) {
      files.addAll(scan(folder));
    }
  }

  synchronized int fileCount() {
    return files.size();
  }

  synchronized Options options() {
    return options;
  }

  /** Whether the options changed. */
  synchronized boolean setOptions(Options newOptions) {
    boolean changed = !newOptions.equals(options);
    options = newOptions;
    return changed;
  }

  /**
   * Whether a file at this path belongs to the program: a {@code .java} file in a folder, not in
   * build output; without folders (a file opened alone), an open buffer.
   */
  synchronized boolean belongs(Path file) {
    if (!file.getFileName().toString().endsWith(".java")) {
      return false;
    }
    if (folders.isEmpty()) {
      return documents.containsKey(file);
    }
    for (Path folder : folders) {
      if (file.startsWith(folder) && !excluded(folder.relativize(file.getParent() == null ? file : file.getParent()))) {
        return true;
      }
    }
    return false;
  }

  /** A file appeared on disk; whether the program changed. */
  synchronized boolean created(Path file) {
    return belongs(file) && Files.isRegularFile(file) && files.add(file);
  }

  /** A file (or a folder, with everything under it) left the disk; whether the program changed. */
  synchronized boolean deleted(Path path) {
    return files.removeIf(f -> f.startsWith(path));
  }

  /** A file changed on disk; whether that changes what is analysed (not when its buffer is open). */
  synchronized boolean changedOnDisk(Path file) {
    if (documents.containsKey(file)) {
      return false;
    }
    if (!files.contains(file)) {
      return created(file);
    }
    return true;
  }

  synchronized Document document(Path file) {
    return documents.get(file);
  }

  /** Opens a buffer; whether what is analysed changed (not when it holds what the file holds). */
  synchronized boolean open(Path file, String uri, int version, String text) {
    documents.put(file, new Document(uri, version, text));
    return belongs(file) && (folders.isEmpty() || !text.equals(readOrNull(file)));
  }

  /** Applies a change to a buffer: whole-text or ranged replacements, in order. */
  synchronized boolean change(Path file, int version, List<TextDocumentContentChangeEvent> changes) {
    Document doc = documents.get(file);
    if (doc == null) {
      return false;
    }
    String text = doc.text();
    for (TextDocumentContentChangeEvent change : changes) {
      text = apply(text, change);
    }
    documents.put(file, new Document(doc.uri(), version, text));
    return belongs(file);
  }

  /** Closes a buffer; whether what is analysed changed (the file's own content takes its place). */
  synchronized boolean close(Path file) {
    boolean member = belongs(file);
    Document doc = documents.remove(file);
    if (doc == null || !member) {
      return false;
    }
    return folders.isEmpty() || !doc.text().equals(readOrNull(file));
  }

  synchronized View view() {
    List<Path> program = new ArrayList<>(files);
    Map<Path, String> unsaved = new HashMap<>();
    Map<Path, Document> open = new HashMap<>();
    for (Map.Entry<Path, Document> e : documents.entrySet()) {
      if (belongs(e.getKey())) {
        unsaved.put(e.getKey(), e.getValue().text());
        open.put(e.getKey(), e.getValue());
        if (!files.contains(e.getKey())) {
          program.add(e.getKey()); // a new buffer not saved yet
        }
      }
    }
    return new View(new Snapshot(program, unsaved, options), open);
  }

  static String apply(String text, TextDocumentContentChangeEvent change) {
    if (change.getRange() == null) {
      return change.getText();
    }
    LineIndex lines = new LineIndex(text);
    int start = lines.offset(change.getRange().getStart().getLine(), change.getRange().getStart().getCharacter());
    int end = lines.offset(change.getRange().getEnd().getLine(), change.getRange().getEnd().getCharacter());
    if (end < start) {
      int t = start;
      start = end;
      end = t;
    }
    return text.substring(0, start) + change.getText() + text.substring(end);
  }

  /** Build output ({@code target}, {@code build}) and hidden folders, anywhere below a workspace folder. */
  static boolean excluded(Path relativeFolder) {
    for (Path part : relativeFolder) {
      String name = part.toString();
      if (BUILD_OUTPUT.contains(name) || (name.startsWith(".") && name.length() > 1)) {
        return true;
      }
    }
    return false;
  }

  static List<Path> scan(Path folder) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(folder)) {
      return out;
    }
    Files.walkFileTree(folder, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(folder) || !excluded(folder.relativize(dir)) ? FileVisitResult.CONTINUE
            : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && file.getFileName().toString().endsWith(".java")) {
          out.add(file.toAbsolutePath().normalize());
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE; // unreadable: not part of the program
      }
    });
    return out;
  }

  private static String readOrNull(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}

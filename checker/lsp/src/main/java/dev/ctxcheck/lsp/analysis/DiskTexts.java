package dev.ctxcheck.lsp.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The texts of a snapshot: an open buffer's unsaved text, else its file's content, read again only
 * when the file's modification time or size changed.
 */
final class DiskTexts {

  /** The texts of the files that could be read, and what could not be. */
  record Read(Map<Path, String> texts, List<Outcome.Problem> unreadable) {}

  private record DiskText(FileTime modified, long size, String text) {}

  private final Map<Path, DiskText> cache = new ConcurrentHashMap<>();

  Read read(Snapshot snapshot) {
    Map<Path, String> texts = new ConcurrentHashMap<>();
    List<Outcome.Problem> unreadable = Collections.synchronizedList(new ArrayList<>());
    snapshot.files().parallelStream().forEach(file -> {
      String unsaved = snapshot.unsaved().get(file);
      if (unsaved != null) {
        texts.put(file, unsaved);
        return;
      }
      try {
        texts.put(file, read(file));
      } catch (IOException e) {
        // Deleted or unreadable since the workspace was listed: left out, and said so.
        cache.remove(file);
        unreadable.add(new Outcome.Problem(file, 0, "cannot be read: " + e.getMessage()));
      }
    });
    cache.keySet().retainAll(new HashSet<>(snapshot.files()));
    List<Outcome.Problem> sorted = new ArrayList<>(unreadable);
    sorted.sort(java.util.Comparator.comparing(p -> p.file().toString()));
    return new Read(texts, sorted);
  }

  private String read(Path file) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    DiskText cached = cache.get(file);
    if (cached != null && cached.modified().equals(attributes.lastModifiedTime())
        && cached.size() == attributes.size()) {
      return cached.text();
    }
    // UTF-8, malformed bytes replaced, as the source engine reads files itself.
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    cache.put(file, new DiskText(attributes.lastModifiedTime(), attributes.size(), text));
    return text;
  }
}

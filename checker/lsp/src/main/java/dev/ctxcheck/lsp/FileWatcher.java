package dev.ctxcheck.lsp;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's own watch of the workspace folders, for clients that do not send {@code
 * workspace/didChangeWatchedFiles}: every folder of the program is watched, new folders as they
 * appear, build output and hidden folders not.
 */
final class FileWatcher implements AutoCloseable {

  /** What the watch saw. */
  interface Events {
    void created(Path path);

    void changed(Path path);

    void deleted(Path path);

    /** Events were lost: list everything again. */
    void overflow();
  }

  private final WatchService service;
  private final Map<WatchKey, Path> folders = new HashMap<>();
  private final Events events;
  private final Thread thread;

  FileWatcher(List<Path> roots, Events events) throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    this.events = events;
    for (Path root : roots) {
      register(root, root);
    }
    this.thread = new Thread(this::loop, "ctxcheck-watch");
    thread.setDaemon(true);
    thread.start();
  }

  private void register(Path root, Path start) throws IOException {
    if (!Files.isDirectory(start)) {
      return;
    }
    Files.walkFileTree(start, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        if (!dir.equals(root) && Workspace.excluded(root.relativize(dir))) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        WatchKey key = dir.register(service, StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY);
        synchronized (folders) {
          folders.put(key, dir);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
  }

  private Path rootOf(Path dir) {
    synchronized (folders) {
      Path best = dir;
      for (Path f : folders.values()) {
        if (dir.startsWith(f) && f.getNameCount() < best.getNameCount()) {
          best = f;
        }
      }
      return best;
    }
  }

  private void loop() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      Path dir;
      synchronized (folders) {
        dir = folders.get(key);
      }
      for (WatchEvent<?> event : key.pollEvents()) {
        if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
          events.overflow();
          continue;
        }
        Path path = dir.resolve((Path) event.context()).toAbsolutePath().normalize();
        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE) {
          if (Files.isDirectory(path)) {
            try {
              register(rootOf(dir), path);
              // Files may have been written into it before it was watched.
              for (Path file : Workspace.scan(path)) {
                events.created(file);
              }
            } catch (IOException e) {
              events.overflow();
            }
          } else {
            events.created(path);
          }
        } else if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
          events.deleted(path);
        } else {
          events.changed(path);
        }
      }
      if (!key.reset()) {
        synchronized (folders) {
          folders.remove(key);
        }
      }
    }
  }

  @Override
  public void close() throws IOException {
    service.close();
    thread.interrupt();
  }
}

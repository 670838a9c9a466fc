package dev.ctxcheck.engine.summary;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Summaries in class outputs and jars: {@link Summary#RESOURCE} under a folder, or an entry of a jar. */
public final class SummaryFiles {

  private SummaryFiles() {}

  /**
   * The summary of a class path or module path entry; null if it has none (or is not there).
   *
   * @throws SummaryException if it has one that cannot be used (damaged, another format, unreadable)
   */
  public static Summary read(Path entry) throws SummaryException {
    try {
      if (Files.isDirectory(entry)) {
        Path file = entry.resolve(Summary.RESOURCE);
        if (!Files.isRegularFile(file)) {
          return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
          return SummaryCodec.decode(in);
        }
      }
      if (!Files.isRegularFile(entry)) {
        return null;
      }
      try (ZipFile jar = new ZipFile(entry.toFile())) {
        ZipEntry e = jar.getEntry(Summary.RESOURCE);
        if (e == null) {
          return null;
        }
        try (InputStream in = jar.getInputStream(e)) {
          return SummaryCodec.decode(in);
        }
      }
    } catch (IOException e) {
      // Not a zip file, or one that cannot be read: nothing javac can use either; say so and go on.
      throw new SummaryException("it cannot be read (" + e + ")", e);
    }
  }

  /**
   * Writes {@code summary} under the class output {@code folder}: to a temporary file beside its
   * place, then moved there, so that a reader never sees half a summary.
   *
   * @return the file written
   */
  public static Path write(Path folder, Summary summary) throws IOException {
    Path file = folder.resolve(Summary.RESOURCE);
    Files.createDirectories(file.getParent());
    Path temp = Files.createTempFile(file.getParent(), "summary", ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temp)) {
        SummaryCodec.encode(summary, out);
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
    return file;
  }

  /** Removes the summary under {@code folder}, if any (the module no longer has facts to leave). */
  public static void delete(Path folder) throws IOException {
    Files.deleteIfExists(folder.resolve(Summary.RESOURCE));
  }
}

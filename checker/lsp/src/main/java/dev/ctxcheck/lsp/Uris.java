package dev.ctxcheck.lsp;

import java.net.URI;
import java.nio.file.Path;

/** Between the URIs a client sends and the paths (and file ids) the analysis uses. */
final class Uris {

  private Uris() {}

  /** The absolute, normalised path of a {@code file:} URI; null for any other scheme or a bad URI. */
  static Path path(String uri) {
    if (uri == null) {
      return null;
    }
    try {
      URI parsed = URI.create(uri);
      if (!"file".equalsIgnoreCase(parsed.getScheme())) {
        return null;
      }
      return Path.of(parsed).toAbsolutePath().normalize();
    } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }

  /** The URI of a path, as the analysis names files ({@code file:///...}). */
  static String uri(Path path) {
    return path.toUri().toString();
  }
}

package dev.ctxcheck.engine.analysis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where each check's documentation page is: the base of the documentation folder, against which
 * {@link Check#docsPage()} resolves. There is no web site: by default the base is the {@code docs/}
 * folder of the checkout the checker was built from (a {@code file:} URL, used only while that
 * folder exists), or the URL given at build time with {@code -Dctxcheck.docsUrl=...}; an
 * organisation that hosts the pages gives its own base at run time
 * ({@code -XepOpt:Ctxcheck:DocsUrl=...}, {@code bin/ctxcheck --docs-url}). With no base, nothing
 * links anywhere rather than to an address that does not exist.
 */
public final class CheckDocs {

  private static final String RESOURCES = "/dev/ctxcheck/engine/docs/";

  /** No base: no links. */
  public static final CheckDocs NONE = new CheckDocs(null);

  private final URI base;

  private CheckDocs(URI base) {
    this.base = base;
  }

  /**
   * The base given by a user: an absolute URL ({@code https://example.org/ctxcheck/docs/}) or an
   * absolute path of a folder holding the pages.
   *
   * @throws IllegalArgumentException naming the problem with {@code text}
   */
  public static CheckDocs at(String text) {
    return new CheckDocs(parse(text));
  }

  /** The base the build recorded (see the class comment), or {@link #NONE}. */
  public static CheckDocs recorded() {
    return Recorded.DOCS;
  }

  /** The base, or null if no page can be linked. */
  public URI base() {
    return base;
  }

  /** The address of {@code check}'s page, or null if no page can be linked. */
  public URI url(Check check) {
    if (base == null) {
      return null;
    }
    // Through a path, a file URL keeps its "file:///" form, which URI.resolve shortens.
    return "file".equals(base.getScheme()) ? Path.of(base).resolve(check.docsPage()).toUri()
        : base.resolve(check.docsPage());
  }

  /** The text (Markdown) of {@code check}'s page, as bundled with the engine by the build. */
  public static String page(Check check) {
    String name = RESOURCES + check.docsPage();
    try (InputStream in = CheckDocs.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the build bundled no page " + name + " for " + check.checkName());
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static URI parse(String text) {
    String t = text.strip();
    URI uri;
    try {
      uri = new URI(t);
    } catch (URISyntaxException e) {
      uri = null;
    }
    // A one-letter scheme is a Windows drive: a path.
    if (uri == null || uri.getScheme() == null || uri.getScheme().length() == 1) {
      Path path;
      try {
        path = Path.of(t);
      } catch (InvalidPathException e) {
        path = null;
      }
      if (path == null || !path.isAbsolute()) {
        throw new IllegalArgumentException("'" + text + "' is neither an absolute URL nor an absolute path");
      }
      uri = path.normalize().toUri();
    } else if (uri.isOpaque()) {
      throw new IllegalArgumentException("'" + text + "' is not a URL that pages can be resolved against");
    }
    return uri.getPath() != null && uri.getPath().endsWith("/") ? uri : URI.create(uri + "/");
  }

  /** The build's record, read once. */
  private static final class Recorded {
    static final CheckDocs DOCS = read();

    private static CheckDocs read() {
      Properties p = new Properties();
      try (InputStream in = CheckDocs.class.getResourceAsStream(RESOURCES + "docs.properties")) {
        if (in == null) {
          return NONE;
        }
        p.load(in);
      } catch (IOException e) {
        return NONE;
      }
      String url = p.getProperty("url", "").strip();
      if (!url.isEmpty() && !url.startsWith("${")) {
        try {
          return new CheckDocs(parse(url));
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException("the checker was built with -Dctxcheck.docsUrl=" + url + ": " + e.getMessage());
        }
      }
      String checkout = p.getProperty("checkout", "").strip();
      if (checkout.isEmpty() || checkout.startsWith("${")) {
        return NONE;
      }
      try {
        Path folder = Path.of(URI.create(checkout).normalize());
        return Files.isDirectory(folder) ? new CheckDocs(parse(folder.toString())) : NONE;
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        return NONE;
      }
    }
  }
}

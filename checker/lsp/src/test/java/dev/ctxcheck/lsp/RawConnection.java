package dev.ctxcheck.lsp;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * JSON-RPC over LSP's framing, with no library in between: what a test needs to see exactly which
 * bytes a server writes (nothing but framed messages) and to speak to it message by message.
 */
final class RawConnection implements AutoCloseable {

  private final OutputStream out;
  private final BlockingQueue<JsonObject> received = new LinkedBlockingQueue<>();
  private final Thread reader;
  private volatile IOException failure;

  RawConnection(InputStream in, OutputStream out) {
    this.out = out;
    this.reader = new Thread(() -> {
      try {
        while (true) {
          JsonObject message = read(in);
          if (message == null) {
            return;
          }
          received.add(message);
        }
      } catch (IOException e) {
        failure = e;
      }
    }, "raw-lsp-reader");
    reader.setDaemon(true);
    reader.start();
  }

  synchronized void send(String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    out.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  /** The next message matching {@code wanted}; the others before it are dropped. */
  JsonObject await(String what, Predicate<JsonObject> wanted, long timeoutMillis) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (true) {
      long left = deadline - System.currentTimeMillis();
      JsonObject m = left <= 0 ? null : received.poll(left, TimeUnit.MILLISECONDS);
      if (m == null) {
        throw new AssertionError("timed out waiting for " + what + (failure != null ? "; " + failure : ""));
      }
      if (wanted.test(m)) {
        return m;
      }
    }
  }

  static Predicate<JsonObject> response(int id) {
    return m -> m.has("id") && !m.has("method") && m.get("id").getAsInt() == id;
  }

  static Predicate<JsonObject> notification(String method) {
    return m -> m.has("method") && !m.has("id") && m.get("method").getAsString().equals(method);
  }

  /**
   * One framed message; null at the end of the stream. Anything that is not a header, a blank line
   * or a body of the announced length fails: a stray line on standard output would.
   */
  static JsonObject read(InputStream in) throws IOException {
    int length = -1;
    while (true) {
      String header = line(in);
      if (header == null) {
        return null;
      }
      if (header.isEmpty()) {
        break;
      }
      if (header.startsWith("Content-Length: ")) {
        length = Integer.parseInt(header.substring("Content-Length: ".length()).trim());
      } else if (!header.startsWith("Content-Type: ")) {
        throw new IOException("not an LSP header: " + header);
      }
    }
    if (length < 0) {
      throw new IOException("a message without Content-Length");
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("the stream ended inside a message");
    }
    JsonElement json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
    if (!json.isJsonObject() || !json.getAsJsonObject().has("jsonrpc")) {
      throw new IOException("not a JSON-RPC message: " + json);
    }
    return json.getAsJsonObject();
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = buffer.toString(StandardCharsets.US_ASCII);
        if (!s.endsWith("\r")) {
          throw new IOException("not an LSP header line: " + s);
        }
        return s.substring(0, s.length() - 1);
      }
      buffer.write(c);
    }
    if (buffer.size() > 0) {
      throw new IOException("stray output: " + buffer.toString(StandardCharsets.UTF_8));
    }
    return null;
  }

  IOException failure() {
    return failure;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}

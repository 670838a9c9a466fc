package dev.ctxcheck.javaparser;

/**
 * Keeps what parses of a file JavaParser cannot parse as a whole. JavaParser recovers from a broken
 * statement by itself; a broken declaration (a method header, a field, a body whose braces do not
 * close) loses the file. Then the class member around the error is blanked out — every character
 * but line breaks becomes a space, so positions in the rest of the file do not move — and the file
 * is parsed again.
 */
final class Recovery {

  private Recovery() {}

  /** A blanked region, by line, for the report. */
  record Blanked(String text, int firstLine, int lastLine) {}

  /**
   * {@code text} with the member of a class body (brace depth 1) that holds {@code errorOffset}
   * blanked out; null if there is no such member or blanking changes nothing.
   */
  static Blanked blankMemberAt(String text, int errorOffset) {
    int[] depth = depths(text);
    int n = text.length();
    int at = Math.max(0, Math.min(errorOffset, n - 1));
    if (n == 0 || depth[at] < 1) {
      return null;
    }
    // Back to just after the previous ';', '{' or '}' that leaves the class body at depth 1.
    int start = at;
    while (start > 0) {
      char c = text.charAt(start - 1);
      boolean delimiter = depth[start - 1] >= 0 && (c == ';' || c == '{' || c == '}') && isCode(text, depth, start - 1);
      if (delimiter && depthAfter(depth, text, start - 1) == 1) {
        break;
      }
      start--;
    }
    // On to the ';' or '}' that brings the depth back to 1; else up to the last '}' (the class's).
    int end = -1;
    for (int i = Math.max(at, start); i < n; i++) {
      char c = text.charAt(i);
      if (!isCode(text, depth, i)) {
        continue;
      }
      if ((c == ';' || c == '}') && depthAfter(depth, text, i) == 1 && i >= at) {
        end = i + 1;
        break;
      }
      if (c == '}' && depthAfter(depth, text, i) < 1) {
        end = i; // the class closes: keep its brace
        break;
      }
    }
    if (end < 0) {
      end = text.lastIndexOf('}');
      if (end <= start) {
        return null;
      }
    }
    StringBuilder out = new StringBuilder(text);
    boolean changed = false;
    for (int i = start; i < end; i++) {
      char c = out.charAt(i);
      if (c != '\n' && c != '\r' && c != ' ') {
        out.setCharAt(i, ' ');
        changed = true;
      }
    }
    if (!changed) {
      return null;
    }
    return new Blanked(out.toString(), lineOf(text, start), lineOf(text, Math.max(start, end - 1)));
  }

  /**
   * {@code text} with the braces it leaves open closed at its end (a method being typed at the end
   * of a file), which moves nothing before; null if every brace closes.
   */
  static String closeOpenBraces(String text) {
    int[] depth = depths(text);
    int open = 0;
    for (int i = depth.length - 1; i >= 0; i--) {
      if (depth[i] >= 0) {
        open = depthAfter(depth, text, i);
        break;
      }
    }
    return open <= 0 ? null : text + "\n" + "}".repeat(open);
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static boolean isCode(String text, int[] depth, int i) {
    return depth[i] >= 0;
  }

  /** The depth just after character {@code i} (a brace changes it). */
  private static int depthAfter(int[] depth, String text, int i) {
    char c = text.charAt(i);
    return c == '{' ? depth[i] + 1 : c == '}' ? depth[i] - 1 : depth[i];
  }

  /**
   * Brace depth before each character, or -1 inside comments, strings, character literals and text
   * blocks (whose braces do not count).
   */
  static int[] depths(String text) {
    int n = text.length();
    int[] out = new int[n];
    int depth = 0;
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : 0;
      if (c == '/' && next == '/') {
        int e = text.indexOf('\n', i);
        e = e < 0 ? n : e;
        fill(out, i, e, -1);
        i = e;
      } else if (c == '/' && next == '*') {
        int e = text.indexOf("*/", i + 2);
        e = e < 0 ? n : e + 2;
        fill(out, i, e, -1);
        i = e;
      } else if (c == '"' && text.startsWith("\"\"\"", i)) {
        int e = text.indexOf("\"\"\"", i + 3);
        e = e < 0 ? n : e + 3;
        fill(out, i, e, -1);
        i = e;
      } else if (c == '"' || c == '\'') {
        int e = i + 1;
        while (e < n && text.charAt(e) != c && text.charAt(e) != '\n') {
          e += text.charAt(e) == '\\' ? 2 : 1;
        }
        e = Math.min(n, e + 1);
        fill(out, i, e, -1);
        i = e;
      } else {
        out[i] = depth;
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
        }
        i++;
      }
    }
    return out;
  }

  private static void fill(int[] a, int from, int to, int v) {
    for (int i = from; i < to && i < a.length; i++) {
      a[i] = v;
    }
  }
}

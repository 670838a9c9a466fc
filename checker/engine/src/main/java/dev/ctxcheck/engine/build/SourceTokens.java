package dev.ctxcheck.engine.build;

import dev.ctxcheck.engine.facts.TextRange;

/**
 * Finds a token in source text next to a position a front end knows: a declaration's name after
 * its return type, a lambda's arrow before its body. Skips white space and comments.
 */
public final class SourceTokens {

  private SourceTokens() {}

  /** The Java identifier that starts at or after {@code from} (past white space and comments); null if none. */
  public static TextRange identifierAfter(CharSequence text, int from) {
    if (text == null || from < 0) {
      return null;
    }
    int i = skipSpace(text, from);
    if (i >= text.length() || !Character.isJavaIdentifierStart(text.charAt(i))) {
      return null;
    }
    int end = i + 1;
    while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
      end++;
    }
    return new TextRange(i, end);
  }

  /** The {@code ->} that ends before {@code bodyStart} (past white space and comments); null if none. */
  public static TextRange arrowBefore(CharSequence text, int bodyStart) {
    if (text == null || bodyStart < 2 || bodyStart > text.length()) {
      return null;
    }
    int i = bodyStart - 1;
    while (i >= 1) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i--;
      } else if (c == '/' && text.charAt(i - 1) == '*') {
        int open = lastIndexOf(text, "/*", i - 1);
        if (open < 0) {
          return null;
        }
        i = open - 1;
      } else {
        break;
      }
    }
    return i >= 1 && text.charAt(i) == '>' && text.charAt(i - 1) == '-' ? new TextRange(i - 1, i + 1) : null;
  }

  /**
   * The operator token that starts at or after {@code from} (past white space and comments): an
   * assignment's ({@code =}, {@code +=}, {@code >>>=}: up to its {@code =}) or else an increment's
   * or decrement's ({@code ++}, {@code --}); null if none.
   */
  public static TextRange operatorAfter(CharSequence text, int from, boolean assignment) {
    if (text == null || from < 0) {
      return null;
    }
    int i = skipSpace(text, from);
    int end = i;
    if (assignment) {
      while (end < text.length() && "+-*/%&|^<>".indexOf(text.charAt(end)) >= 0) {
        end++;
      }
      if (end >= text.length() || text.charAt(end) != '=') {
        return null;
      }
      return new TextRange(i, end + 1);
    }
    boolean twice = i + 1 < text.length() && text.charAt(i) == text.charAt(i + 1)
        && (text.charAt(i) == '+' || text.charAt(i) == '-');
    return twice ? new TextRange(i, i + 2) : null;
  }

  private static int skipSpace(CharSequence text, int i) {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int close = indexOf(text, "*/", i + 2);
        i = close < 0 ? n : close + 2;
      } else {
        break;
      }
    }
    return i;
  }

  private static int indexOf(CharSequence text, String s, int from) {
    for (int i = from; i + s.length() <= text.length(); i++) {
      if (text.charAt(i) == s.charAt(0) && text.charAt(i + 1) == s.charAt(1)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOf(CharSequence text, String s, int from) {
    for (int i = Math.min(from, text.length() - 2); i >= 0; i--) {
      if (text.charAt(i) == s.charAt(0) && text.charAt(i + 1) == s.charAt(1)) {
        return i;
      }
    }
    return -1;
  }
}

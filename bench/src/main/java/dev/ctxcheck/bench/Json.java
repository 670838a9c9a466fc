package dev.ctxcheck.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** A small JSON writer for maps, lists, strings, numbers and booleans. */
final class Json {

  private Json() {}

  static String write(Object o) {
    StringBuilder sb = new StringBuilder();
    write(o, sb, 0);
    return sb.toString();
  }

  private static void write(Object o, StringBuilder sb, int indent) {
    if (o == null) {
      sb.append("null");
    } else if (o instanceof Map<?, ?> m) {
      sb.append("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
        first = false;
        string(String.valueOf(e.getKey()), sb);
        sb.append(": ");
        write(e.getValue(), sb, indent + 1);
      }
      sb.append(first ? "}" : "\n" + "  ".repeat(indent) + "}");
    } else if (o instanceof Collection<?> c) {
      sb.append("[");
      boolean first = true;
      for (Object x : c) {
        sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
        first = false;
        write(x, sb, indent + 1);
      }
      sb.append(first ? "]" : "\n" + "  ".repeat(indent) + "]");
    } else if (o instanceof Double d) {
      sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.4f", d));
    } else if (o instanceof Number || o instanceof Boolean) {
      sb.append(o);
    } else {
      string(o.toString(), sb);
    }
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    sb.append('"');
  }
}

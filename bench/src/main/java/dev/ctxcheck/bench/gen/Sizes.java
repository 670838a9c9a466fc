package dev.ctxcheck.bench.gen;

/** Sizes written as 10k, 100k, 1M or plain numbers. */
public final class Sizes {

  private Sizes() {}

  public static long parse(String s) {
    String t = s.trim().toLowerCase();
    long mult = 1;
    if (t.endsWith("k")) {
      mult = 1_000;
      t = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      mult = 1_000_000;
      t = t.substring(0, t.length() - 1);
    }
    return Math.round(Double.parseDouble(t) * mult);
  }

  public static String format(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "M";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Long.toString(n);
  }
}

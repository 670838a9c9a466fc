package dev.ctxcheck.lsp;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.ctxcheck.lsp.analysis.Options;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The user's settings, from {@code initializationOptions}, {@code workspace/configuration} (section
 * {@code ctxcheck}) or {@code workspace/didChangeConfiguration}. Each accepts the settings nested
 * ({@code {"ctxcheck": {"classpath": ...}}}), dotted ({@code {"ctxcheck.classpath": ...}}) or bare
 * ({@code {"classpath": ...}}).
 *
 * @param options what changes the analysis
 * @param debounceMillis how long a burst of edits must pause before a new analysis starts
 */
record Settings(Options options, int debounceMillis) {

  /**
   * Short: it is part of every edit's latency, and keystrokes come further apart than this anyway.
   * What it coalesces is an editor's own bursts (a paste, a multi-cursor edit, a save that formats),
   * and a run a later keystroke makes stale is cancelled regardless.
   */
  static final int DEFAULT_DEBOUNCE_MILLIS = 50;
  static final Settings DEFAULT = new Settings(Options.DEFAULT, DEFAULT_DEBOUNCE_MILLIS);

  /** Reads settings over {@code base}: what {@code json} does not say stays as it was. */
  static Settings read(Object json, Settings base, Path relativeTo) throws BadSettings {
    JsonObject object = section(json);
    if (object == null) {
      return base;
    }
    List<Path> classpath = base.options().classpath();
    boolean raw = base.options().reportAcceptedRaces();
    boolean preemptRt = base.options().preemptRt();
    int debounce = base.debounceMillis();
    JsonElement cp = object.get("classpath");
    if (cp != null && !cp.isJsonNull()) {
      classpath = classpath(cp, relativeTo);
    }
    raw = bool(object, "reportAcceptedRaces", raw);
    preemptRt = bool(object, "preemptRt", preemptRt);
    JsonElement d = object.get("debounceMillis");
    if (d != null && !d.isJsonNull()) {
      if (!(d instanceof JsonPrimitive p) || !p.isNumber() || p.getAsInt() < 0) {
        throw new BadSettings("ctxcheck.debounceMillis must be a number of milliseconds, not " + d);
      }
      debounce = p.getAsInt();
    }
    return new Settings(new Options(classpath, raw, preemptRt), debounce);
  }

  /** The settings object inside whatever shape the client sent; null if it has none. */
  private static JsonObject section(Object json) {
    if (!(json instanceof JsonObject object)) {
      return null;
    }
    if (object.get("ctxcheck") instanceof JsonObject nested) {
      return nested;
    }
    JsonObject dotted = new JsonObject();
    for (var e : object.entrySet()) {
      if (e.getKey().startsWith("ctxcheck.")) {
        dotted.add(e.getKey().substring("ctxcheck.".length()), e.getValue());
      }
    }
    return dotted.size() > 0 ? dotted : object;
  }

  private static boolean bool(JsonObject object, String key, boolean otherwise) throws BadSettings {
    JsonElement e = object.get(key);
    if (e == null || e.isJsonNull()) {
      return otherwise;
    }
    if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
      throw new BadSettings("ctxcheck." + key + " must be true or false, not " + e);
    }
    return p.getAsBoolean();
  }

  /** A list of paths, or one string of paths joined by the platform's separator ({@code :}). */
  private static List<Path> classpath(JsonElement cp, Path relativeTo) throws BadSettings {
    List<String> entries = new ArrayList<>();
    if (cp instanceof JsonArray array) {
      for (JsonElement e : array) {
        if (!(e instanceof JsonPrimitive p) || !p.isString()) {
          throw new BadSettings("ctxcheck.classpath entries must be strings, not " + e);
        }
        entries.add(p.getAsString());
      }
    } else if (cp instanceof JsonPrimitive p && p.isString()) {
      for (String s : p.getAsString().split(File.pathSeparator)) {
        entries.add(s);
      }
    } else {
      throw new BadSettings("ctxcheck.classpath must be a list of paths or a string of paths, not " + cp);
    }
    List<Path> out = new ArrayList<>();
    for (String s : entries) {
      if (s.isBlank()) {
        continue;
      }
      Path p = Path.of(s);
      out.add((p.isAbsolute() || relativeTo == null ? p : relativeTo.resolve(p)).normalize());
    }
    return out;
  }

  /** Settings the server cannot use; the message says which and why. */
  static final class BadSettings extends Exception {
    BadSettings(String message) {
      super(message);
    }
  }
}

package dev.ctxcheck.errorprone;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.ctxcheck.engine.analysis.Analysis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code -XepOpt:Ctxcheck:StatsFile=PATH}: the analysed program's size and ctxcheck's time per phase
 * as JSON, for benchmarks and build dashboards (docs/performance.md, "The stats record"). Written
 * once per javac run, after the analysis, whole or not at all (a temporary file moved into place); a
 * later javac run with the same PATH replaces it. A relative PATH is taken against javac's working
 * directory.
 *
 * @param program sizes, by name
 * @param phaseNanos ctxcheck's phases in the order they run; together they are its whole time
 * @param factsPartNanos parts of the {@code facts} phase, already counted in it
 */
record StatsFile(Map<String, Long> program, Map<String, Long> phaseNanos, Map<String, Long> factsPartNanos) {

  /** The version of the record's layout; it changes when a field changes meaning or goes away. */
  static final int FORMAT = 1;

  void write(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path parent = target.getParent();
    Files.createDirectories(parent);
    Path temporary = Files.createTempFile(parent, target.getFileName().toString(), ".tmp");
    try {
      try (JsonGenerator json = new JsonFactory().createGenerator(temporary.toFile(), JsonEncoding.UTF8)) {
        json.useDefaultPrettyPrinter();
        json.writeStartObject();
        json.writeNumberField("format", FORMAT);
        object(json, "program", program);
        object(json, "phaseNanos", phaseNanos);
        json.writeObjectFieldStart("phasePartNanos");
        object(json, "facts", factsPartNanos);
        json.writeEndObject();
        json.writeEndObject();
      }
      Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static void object(JsonGenerator json, String name, Map<String, Long> values) throws IOException {
    json.writeObjectFieldStart(name);
    for (Map.Entry<String, Long> e : values.entrySet()) {
      json.writeNumberField(e.getKey(), e.getValue());
    }
    json.writeEndObject();
  }

  /** The record of one run: the engine's figures, and the javac front end's before them. */
  static StatsFile of(Analysis.Stats s, int files, long factsNanos, int flowsBuilt, long flowNanos, int flowFailures) {
    Map<String, Long> program = new java.util.LinkedHashMap<>();
    program.put("files", (long) files);
    program.put("methods", (long) s.methods());
    program.put("callSites", (long) s.callSites());
    program.put("callEdges", (long) s.callEdges());
    program.put("entryPoints", (long) s.entryPoints());
    program.put("reachedMethods", (long) s.reachedMethods());
    program.put("updateSites", (long) s.updateSites());
    program.put("controlFlowGraphs", (long) flowsBuilt);
    program.put("straightLineFallbacks", (long) flowFailures);
    Map<String, Long> phases = new java.util.LinkedHashMap<>();
    phases.put("facts", factsNanos);
    phases.putAll(s.phaseNanos());
    return new StatsFile(program, phases, Map.of("flows", flowNanos));
  }
}

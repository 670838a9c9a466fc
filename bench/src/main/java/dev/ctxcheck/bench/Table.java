package dev.ctxcheck.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown tables of docs/performance.md, from the summaries. */
final class Table {

  private Table() {}

  @SuppressWarnings("unchecked")
  static String markdown(Map<String, Map<String, Object>> sizes, List<String> configs) {
    StringBuilder sb = new StringBuilder();
    sb.append("| lines | call edges | runs | javac | EP default | EP default + ctxcheck | EP, ctxcheck only |"
        + " (EP+ctxcheck) / EP | ctxcheck engine | engine / javac | findings vs manifest |\n");
    sb.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Map<String, Object> s : sizes.values()) {
      Map<String, Object> cs = (Map<String, Object>) s.get("configs");
      Map<String, Object> ratios = (Map<String, Object>) s.get("ratios");
      Map<String, Object> engineCfg = (Map<String, Object>) (cs.containsKey(Bench.CTX) ? cs.get(Bench.CTX)
          : cs.get(Bench.EP_CTX));
      Map<String, Long> prog = engineCfg == null ? Map.of() : (Map<String, Long>) engineCfg.getOrDefault("program", Map.of());
      sb.append("| ").append(String.format(Locale.ROOT, "%,d", (Long) s.get("lines")))
          .append(" | ").append(prog.containsKey("callEdges") ? String.format(Locale.ROOT, "%,d", prog.get("callEdges")) : "–")
          .append(" | ").append(s.get("runs"));
      for (String c : List.of(Bench.JAVAC, Bench.EP, Bench.EP_CTX, Bench.CTX)) {
        Map<String, Object> x = (Map<String, Object>) cs.get(c);
        sb.append(" | ").append(x == null ? "–" : String.format(Locale.ROOT, "%.1f s (cpu %.1f s)", (Double) x.get("wallS"),
            (Double) x.get("cpuS")));
      }
      Object r = ratios.get(Bench.EP_CTX + "/" + Bench.EP + " wall");
      Object rc = ratios.get(Bench.EP_CTX + "/" + Bench.EP + " cpu");
      sb.append(" | ").append(r == null ? "–" : String.format(Locale.ROOT, "%.3f (cpu %.3f)", (Double) r, (Double) rc));
      sb.append(" | ").append(engineCfg == null ? "–" : String.format(Locale.ROOT, "%,.0f ms", (Double) engineCfg.get("engineMs")));
      Object ej = ratios.get("engine/javac wall");
      sb.append(" | ").append(ej == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * (Double) ej));
      sb.append(" | ").append(engineCfg == null ? "–" : engineCfg.get("findings") + " / " + s.get("expectedFindings")
          + " expected");
      sb.append(" |\n");
    }
    sb.append("\n| lines | ctxcheck phases, ms (facts / of which control-flow graphs / graph / masks / contexts / variables / rules) |"
        + " methods | reached | update sites | peak RSS javac / EP / EP+ctxcheck / ctxcheck only |"
        + " peak heap javac / EP / EP+ctxcheck / ctxcheck only |\n");
    sb.append("|---:|---|---:|---:|---:|---|---|\n");
    for (Map<String, Object> s : sizes.values()) {
      Map<String, Object> cs = (Map<String, Object>) s.get("configs");
      Map<String, Object> engineCfg = (Map<String, Object>) (cs.containsKey(Bench.CTX) ? cs.get(Bench.CTX)
          : cs.get(Bench.EP_CTX));
      sb.append("| ").append(String.format(Locale.ROOT, "%,d", (Long) s.get("lines"))).append(" | ");
      if (engineCfg != null) {
        Map<String, Double> ph = (Map<String, Double>) engineCfg.get("phasesMs");
        StringBuilder p = new StringBuilder();
        for (Double v : ph.values()) {
          p.append(p.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%,.0f", v));
        }
        sb.append(p);
        Map<String, Long> prog = (Map<String, Long>) engineCfg.getOrDefault("program", Map.of());
        sb.append(" | ").append(prog.getOrDefault("methods", -1L)).append(" | ").append(prog.getOrDefault("reachedMethods", -1L))
            .append(" | ").append(prog.getOrDefault("updateSites", -1L));
      } else {
        sb.append("– | – | – | –");
      }
      StringBuilder rss = new StringBuilder();
      StringBuilder heap = new StringBuilder();
      for (String c : List.of(Bench.JAVAC, Bench.EP, Bench.EP_CTX, Bench.CTX)) {
        Map<String, Object> x = (Map<String, Object>) cs.get(c);
        rss.append(rss.length() == 0 ? "" : " / ").append(x == null ? "–" : String.format(Locale.ROOT, "%,.0f",
            (Double) x.get("peakRssMb")));
        heap.append(heap.length() == 0 ? "" : " / ").append(x == null ? "–" : String.format(Locale.ROOT, "%,.0f",
            (Double) x.get("peakHeapMb")));
      }
      sb.append(" | ").append(rss).append(" MB | ").append(heap).append(" MB |\n");
    }
    if (configs.contains(Bench.SOURCE)) {
      sb.append("\n| lines | javac | source mode | source / javac | lines per second | source peak heap (max heap) |"
          + " findings vs manifest |\n");
      sb.append("|---:|---:|---:|---:|---:|---:|---|\n");
      for (Map<String, Object> s : sizes.values()) {
        Map<String, Object> cs = (Map<String, Object>) s.get("configs");
        Map<String, Object> ratios = (Map<String, Object>) s.get("ratios");
        Map<String, Object> src = (Map<String, Object>) cs.get(Bench.SOURCE);
        Map<String, Object> javac = (Map<String, Object>) cs.get(Bench.JAVAC);
        if (src == null) {
          continue;
        }
        long lines = (Long) s.get("lines");
        Object ratio = ratios.get(Bench.SOURCE + "/javac wall");
        Object ratioCpu = ratios.get(Bench.SOURCE + "/javac cpu");
        sb.append("| ").append(String.format(Locale.ROOT, "%,d", lines))
            .append(" | ").append(javac == null ? "–" : String.format(Locale.ROOT, "%.1f s (cpu %.1f s)",
                (Double) javac.get("wallS"), (Double) javac.get("cpuS")))
            .append(" | ").append(String.format(Locale.ROOT, "%.1f s (cpu %.1f s)", (Double) src.get("wallS"),
                (Double) src.get("cpuS")))
            .append(" | ").append(ratio == null ? "–" : String.format(Locale.ROOT, "%.2f (cpu %.2f)", (Double) ratio,
                (Double) ratioCpu))
            .append(" | ").append(String.format(Locale.ROOT, "%,.0f", lines / (Double) src.get("wallS")))
            .append(" | ").append(String.format(Locale.ROOT, "%,.0f MB (%s)", (Double) src.get("peakHeapMb"),
                src.get("maxHeap")))
            .append(" | ").append(src.get("findings")).append(" / ").append(s.get("expectedFindings")).append(" expected |\n");
      }
    }
    return sb.toString();
  }
}

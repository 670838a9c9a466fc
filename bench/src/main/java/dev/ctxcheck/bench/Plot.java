package dev.ctxcheck.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The PNG of engine time against lines and against call edges (log-log), with a linear reference. */
final class Plot {

  /** One size: lines, call edges, and median engine times in ms. */
  record Point(double lines, double edges, double engineMs, double factsMs, double analysisMs) {}

  private Plot() {}

  static void write(List<Point> points, String subtitle, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    JFreeChart byLines = chart(points, true, subtitle);
    JFreeChart byEdges = chart(points, false, subtitle);
    int w = 720;
    int h = 520;
    BufferedImage img = new BufferedImage(2 * w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    byLines.draw(g, new java.awt.geom.Rectangle2D.Double(0, 0, w, h));
    byEdges.draw(g, new java.awt.geom.Rectangle2D.Double(w, 0, w, h));
    g.dispose();
    ImageIO.write(img, "png", png.toFile());
  }

  private static JFreeChart chart(List<Point> points, boolean lines, String subtitle) {
    XYSeries engine = new XYSeries("engine total (facts + analysis)");
    XYSeries facts = new XYSeries("facts (javac front end)");
    XYSeries analysis = new XYSeries("analysis (graph .. rules)");
    XYSeries linear = new XYSeries("linear through the largest size");
    Point ref = null;
    for (Point p : points) {
      double x = lines ? p.lines() : p.edges();
      if (x <= 0) {
        continue;
      }
      engine.add(x, Math.max(p.engineMs(), 1));
      facts.add(x, Math.max(p.factsMs(), 1));
      analysis.add(x, Math.max(p.analysisMs(), 1));
      if (ref == null || (lines ? p.lines() : p.edges()) > (lines ? ref.lines() : ref.edges())) {
        ref = p;
      }
    }
    if (ref != null) {
      double rx = lines ? ref.lines() : ref.edges();
      for (Point p : points) {
        double x = lines ? p.lines() : p.edges();
        if (x > 0) {
          linear.add(x, Math.max(ref.engineMs() * x / rx, 1));
        }
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    data.addSeries(engine);
    data.addSeries(facts);
    data.addSeries(analysis);
    data.addSeries(linear);
    JFreeChart chart = ChartFactory.createXYLineChart(
        "ctxcheck engine time vs " + (lines ? "lines of code" : "call edges"),
        lines ? "lines (log)" : "call edges (log)", "ms, median (log)", data, PlotOrientation.VERTICAL, true, false, false);
    chart.addSubtitle(new org.jfree.chart.title.TextTitle(subtitle, new Font("SansSerif", Font.PLAIN, 11)));
    XYPlot plot = chart.getXYPlot();
    LogAxis x = new LogAxis(lines ? "lines (log)" : "call edges (log)");
    x.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
    LogAxis y = new LogAxis("ms, median (log)");
    y.setNumberFormatOverride(new java.text.DecimalFormat("#,##0"));
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    r.setSeriesPaint(0, new Color(0xC0392B));
    r.setSeriesPaint(1, new Color(0x2E86C1));
    r.setSeriesPaint(2, new Color(0x27AE60));
    r.setSeriesPaint(3, Color.GRAY);
    r.setSeriesStroke(0, new BasicStroke(2.5f));
    r.setSeriesStroke(3, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
    r.setSeriesShapesVisible(3, false);
    plot.setRenderer(r);
    chart.setBackgroundPaint(Color.WHITE);
    return chart;
  }
}

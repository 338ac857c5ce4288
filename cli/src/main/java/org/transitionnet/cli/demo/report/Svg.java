package org.transitionnet.cli.demo.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Small inline SVG charts for the self-contained HTML report: nothing is loaded from anywhere.
 * Every chart has a title, labelled axes and the numbers it shows as text, so it reads without
 * colour.
 */
public final class Svg {
  private static final int W = 560;
  private static final int H = 300;
  private static final int LEFT = 70;
  private static final int RIGHT = 20;
  private static final int TOP = 36;
  private static final int BOTTOM = 50;
  private static final String[] COLOURS = {
    "#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93", "#00798c", "#8d6a9f", "#5c5c5c",
    "#b5651d", "#e377c2", "#17becf"
  };

  private Svg() {}

  /** A bar chart of one value per label. */
  public static String bars(String title, String yLabel, Map<String, ? extends Number> values) {
    StringBuilder s = open(title);
    double max = values.values().stream().mapToDouble(Number::doubleValue).max().orElse(1);
    max = max <= 0 ? 1 : max * 1.1;
    axes(s, yLabel, "", 0, max);
    int n = Math.max(1, values.size());
    double slot = (W - LEFT - RIGHT) / (double) n;
    int i = 0;
    for (var e : values.entrySet()) {
      double v = e.getValue().doubleValue();
      double h = (H - TOP - BOTTOM) * v / max;
      double x = LEFT + i * slot + slot * 0.15;
      double y = H - BOTTOM - h;
      s.append(
          f(
              "<rect x='%.1f' y='%.1f' width='%.1f' height='%.1f' fill='%s'><title>%s: %s</title></rect>",
              x, y, slot * 0.7, h, COLOURS[i % COLOURS.length], esc(e.getKey()), num(v)));
      s.append(
          f(
              "<text x='%.1f' y='%.1f' text-anchor='middle' font-size='12'>%s</text>",
              x + slot * 0.35, y - 4, num(v)));
      s.append(
          f(
              "<text x='%.1f' y='%d' text-anchor='middle' font-size='12'>%s</text>",
              x + slot * 0.35, H - BOTTOM + 18, esc(e.getKey())));
      i++;
    }
    return s.append("</svg>").toString();
  }

  /**
   * Lines of y over x, one per series (e.g. a learning curve per method).
   *
   * @param series name -> points as {x, y} pairs
   */
  public static String lines(
      String title, String xLabel, String yLabel, Map<String, List<double[]>> series) {
    StringBuilder s = open(title);
    double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE;
    double minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
    for (List<double[]> pts : series.values()) {
      for (double[] p : pts) {
        minX = Math.min(minX, p[0]);
        maxX = Math.max(maxX, p[0]);
        minY = Math.min(minY, p[1]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    if (minX > maxX) {
      return s.append(noData()).append("</svg>").toString();
    }
    if (maxX == minX) {
      maxX = minX + 1;
    }
    if (maxY == minY) {
      maxY = minY + 1;
    }
    axes(s, yLabel, xLabel, minY, maxY);
    s.append(
        f(
            "<text x='%d' y='%d' font-size='11'>%s</text><text x='%d' y='%d' font-size='11' text-anchor='end'>%s</text>",
            LEFT, H - BOTTOM + 16, num(minX), W - RIGHT, H - BOTTOM + 16, num(maxX)));
    int i = 0;
    for (var e : series.entrySet()) {
      String colour = COLOURS[i % COLOURS.length];
      StringBuilder path = new StringBuilder();
      for (double[] p : e.getValue()) {
        path.append(path.length() == 0 ? "M" : "L")
            .append(f("%.1f %.1f", px(p[0], minX, maxX), py(p[1], minY, maxY)));
      }
      s.append(f("<path d='%s' fill='none' stroke='%s' stroke-width='2'/>", path, colour));
      s.append(
          f(
              "<text x='%d' y='%d' font-size='12' fill='%s'>%s</text>",
              LEFT + 8, TOP + 14 + 15 * i, colour, esc(e.getKey())));
      i++;
    }
    return s.append("</svg>").toString();
  }

  /** A matrix of values with row and column labels (e.g. trained-on x evaluated-on). */
  public static String heatmap(
      String title, List<String> rows, List<String> columns, double[][] values, String legend) {
    int cell = 64;
    int left = 130;
    int top = 60;
    // wide enough for the title (15 px bold) and the legend (11 px) as well as the grid
    int width =
        Math.max(
            left + cell * columns.size() + 20,
            Math.max(20 + title.length() * 9, 20 + legend.length() * 6));
    int height = top + cell * rows.size() + 40;
    StringBuilder s =
        new StringBuilder(
            f(
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img' aria-label='%s'>",
                width, height, esc(title)));
    s.append(f("<text x='10' y='20' font-size='15' font-weight='bold'>%s</text>", esc(title)));
    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
    for (double[] row : values) {
      for (double v : row) {
        if (!Double.isNaN(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    for (int c = 0; c < columns.size(); c++) {
      s.append(
          f(
              "<text x='%d' y='%d' text-anchor='middle' font-size='12'>%s</text>",
              left + c * cell + cell / 2, top - 8, esc(columns.get(c))));
    }
    for (int r = 0; r < rows.size(); r++) {
      s.append(
          f(
              "<text x='%d' y='%d' text-anchor='end' font-size='12'>%s</text>",
              left - 6, top + r * cell + cell / 2 + 4, esc(rows.get(r))));
      for (int c = 0; c < columns.size(); c++) {
        double v = values[r][c];
        double t = Double.isNaN(v) || max == min ? 0.5 : (v - min) / (max - min);
        String fill = Double.isNaN(v) ? "#eeeeee" : shade(t);
        s.append(
            f(
                "<rect x='%d' y='%d' width='%d' height='%d' fill='%s' stroke='#fff'/>",
                left + c * cell, top + r * cell, cell, cell, fill));
        s.append(
            f(
                "<text x='%d' y='%d' text-anchor='middle' font-size='12'>%s</text>",
                left + c * cell + cell / 2,
                top + r * cell + cell / 2 + 4,
                Double.isNaN(v) ? "n/a" : num(v)));
      }
    }
    s.append(f("<text x='10' y='%d' font-size='11'>%s</text>", height - 12, esc(legend)));
    return s.append("</svg>").toString();
  }

  private static StringBuilder open(String title) {
    StringBuilder s =
        new StringBuilder(
            f(
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' role='img' aria-label='%s'>",
                W, H, esc(title)));
    s.append(f("<text x='10' y='20' font-size='15' font-weight='bold'>%s</text>", esc(title)));
    return s;
  }

  private static void axes(StringBuilder s, String yLabel, String xLabel, double min, double max) {
    s.append(
        f("<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>", LEFT, TOP, LEFT, H - BOTTOM));
    s.append(
        f(
            "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#333'/>",
            LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM));
    for (int k = 0; k <= 4; k++) {
      double v = min + (max - min) * k / 4;
      double y = py(v, min, max);
      s.append(
          f(
              "<text x='%d' y='%.1f' text-anchor='end' font-size='11'>%s</text>",
              LEFT - 6, y + 4, num(v)));
      s.append(
          f("<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#ddd'/>", LEFT, y, W - RIGHT, y));
    }
    s.append(
        f(
            "<text x='14' y='%d' font-size='12' transform='rotate(-90 14 %d)' text-anchor='middle'>%s</text>",
            (H - BOTTOM + TOP) / 2, (H - BOTTOM + TOP) / 2, esc(yLabel)));
    if (!xLabel.isEmpty()) {
      s.append(
          f(
              "<text x='%d' y='%d' text-anchor='middle' font-size='12'>%s</text>",
              (LEFT + W - RIGHT) / 2, H - 10, esc(xLabel)));
    }
  }

  private static String noData() {
    return f("<text x='%d' y='%d' font-size='13'>no data</text>", LEFT + 10, H / 2);
  }

  private static double px(double x, double min, double max) {
    return LEFT + (W - LEFT - RIGHT) * (x - min) / (max - min);
  }

  private static double py(double y, double min, double max) {
    return H - BOTTOM - (H - TOP - BOTTOM) * (y - min) / (max - min);
  }

  private static String shade(double t) {
    int r = (int) Math.round(255 - t * (255 - 27));
    int g = (int) Math.round(255 - t * (255 - 108));
    int b = (int) Math.round(255 - t * (255 - 168));
    return f("#%02x%02x%02x", r, g, b);
  }

  /** A number as the charts print it: integers whole, others to 3 significant places. */
  public static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e9) {
      return Long.toString((long) v);
    }
    return f(Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 1 ? "%.2f" : "%.3f", v);
  }

  /** Escapes text for XML and HTML. */
  public static String esc(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace("\"", "&quot;");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}

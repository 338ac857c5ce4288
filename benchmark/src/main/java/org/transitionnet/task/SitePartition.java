package org.transitionnet.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;

/**
 * Assigns records to sites for a benchmark: the sites the records carry, the values of a column, or
 * K simulated sites by subject ({@code iid}, {@code dirichlet:ALPHA} for skewed site sizes, {@code
 * dirichlet:ALPHA:COLUMN} for sites whose mix of a column's values is skewed). A subject's records
 * always stay together. Deterministic from the seed; sites come out sorted by name.
 */
public final class SitePartition {

  /** Fewest subjects a simulated site may get (enough for a train and a test set). */
  public static final int MIN_SUBJECTS_PER_SITE =
      Splits.MIN_TRAIN_SUBJECTS + Splits.MIN_TEST_SUBJECTS;

  private SitePartition() {}

  /** Groups records by the site they carry. */
  public static Map<String, List<TransitionRecord>> bySiteField(List<TransitionRecord> records) {
    Map<String, List<TransitionRecord>> m = new TreeMap<>();
    for (TransitionRecord r : records) {
      if (r.site().isEmpty()) {
        throw new TaskRefusedException(
            "record of " + r.describe() + " has no site; name a site column or simulate sites");
      }
      m.computeIfAbsent(r.site(), k -> new ArrayList<>()).add(r);
    }
    return new LinkedHashMap<>(m);
  }

  /**
   * Groups subjects by a context or baseline-state variable's value at their first transition (the
   * natural site column); the site is named after the value.
   */
  public static Map<String, List<TransitionRecord>> byColumn(
      List<TransitionRecord> records, String column) {
    Map<String, String> value = subjectValues(records, column);
    Map<String, List<TransitionRecord>> m = new TreeMap<>();
    for (TransitionRecord r : records) {
      String site = value.get(r.subject());
      m.computeIfAbsent(site, k -> new ArrayList<>()).add(withSite(r, site));
    }
    return new LinkedHashMap<>(m);
  }

  /**
   * Simulates {@code sites} sites by subject.
   *
   * @param rule {@code iid}, {@code dirichlet:ALPHA} or {@code dirichlet:ALPHA:COLUMN}
   */
  public static Map<String, List<TransitionRecord>> simulate(
      List<TransitionRecord> records, int sites, String rule, long seed) {
    if (sites < 1) {
      throw new TaskRefusedException("need at least one site, asked for " + sites);
    }
    Map<String, List<TransitionRecord>> subjects = Splits.bySubjectSorted(records);
    List<String> ids = new ArrayList<>(subjects.keySet());
    int n = ids.size();
    if (n < sites * MIN_SUBJECTS_PER_SITE) {
      throw new TaskRefusedException(
          n
              + " subjects cannot make "
              + sites
              + " sites of at least "
              + MIN_SUBJECTS_PER_SITE
              + " subjects each ("
              + Splits.MIN_TRAIN_SUBJECTS
              + " train, "
              + Splits.MIN_TEST_SUBJECTS
              + " test)");
    }
    Random rnd = new Random(seed);
    Collections.shuffle(ids, rnd);
    String[] parts = rule.split(":");
    Map<String, Integer> assignment = new HashMap<>();
    if (parts[0].equals("iid") && parts.length == 1) {
      for (int i = 0; i < n; i++) {
        assignment.put(ids.get(i), i % sites);
      }
    } else if (parts[0].equals("dirichlet") && parts.length == 2) {
      double[] p = dirichlet(alpha(parts[1], rule), sites, rnd);
      int[] sizes = sizes(p, n - sites * MIN_SUBJECTS_PER_SITE);
      int i = 0;
      for (int s = 0; s < sites; s++) {
        for (int c = 0; c < sizes[s] + MIN_SUBJECTS_PER_SITE; c++) {
          assignment.put(ids.get(i++), s);
        }
      }
    } else if (parts[0].equals("dirichlet") && parts.length == 3) {
      double alpha = alpha(parts[1], rule);
      Map<String, String> value = subjectValues(records, parts[2]);
      Map<String, double[]> mix = new TreeMap<>();
      value.values().stream().sorted().distinct().forEach(v -> mix.put(v, null));
      mix.replaceAll((v, ignored) -> dirichlet(alpha, sites, rnd));
      for (String id : ids) {
        assignment.put(id, draw(mix.get(value.get(id)), rnd));
      }
      int[] counts = new int[sites];
      assignment.values().forEach(s -> counts[s]++);
      for (int s = 0; s < sites; s++) {
        if (counts[s] < MIN_SUBJECTS_PER_SITE) {
          throw new TaskRefusedException(
              "split "
                  + rule
                  + " with seed "
                  + seed
                  + " gave "
                  + siteName(s, sites)
                  + " only "
                  + counts[s]
                  + " subjects (need "
                  + MIN_SUBJECTS_PER_SITE
                  + "): use a larger alpha, fewer sites or another seed");
        }
      }
    } else {
      throw new TaskRefusedException(
          "unknown site split '" + rule + "' (use iid, dirichlet:ALPHA or dirichlet:ALPHA:COLUMN)");
    }
    Map<String, List<TransitionRecord>> out = new LinkedHashMap<>();
    for (int s = 0; s < sites; s++) {
      out.put(siteName(s, sites), new ArrayList<>());
    }
    for (TransitionRecord r : records) {
      String site = siteName(assignment.get(r.subject()), sites);
      out.get(site).add(withSite(r, site));
    }
    return out;
  }

  /** {@code site-a}, {@code site-b}, ... (or {@code site-01}, ... beyond 26 sites). */
  public static String siteName(int index, int sites) {
    if (sites <= 26) {
      return "site-" + (char) ('a' + index);
    }
    return String.format("site-%02d", index + 1);
  }

  private static double alpha(String s, String rule) {
    try {
      double a = Double.parseDouble(s);
      if (a > 0 && Double.isFinite(a)) {
        return a;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new TaskRefusedException("split " + rule + ": ALPHA must be a positive number, was " + s);
  }

  private static int[] sizes(double[] p, int extra) {
    int[] sizes = new int[p.length];
    double[] remainder = new double[p.length];
    int given = 0;
    for (int s = 0; s < p.length; s++) {
      double exact = p[s] * extra;
      sizes[s] = (int) Math.floor(exact);
      remainder[s] = exact - sizes[s];
      given += sizes[s];
    }
    while (given < extra) {
      int best = 0;
      for (int s = 1; s < p.length; s++) {
        if (remainder[s] > remainder[best]) {
          best = s;
        }
      }
      sizes[best]++;
      remainder[best] = -1;
      given++;
    }
    return sizes;
  }

  private static int draw(double[] p, Random rnd) {
    double u = rnd.nextDouble();
    double c = 0;
    for (int s = 0; s < p.length; s++) {
      c += p[s];
      if (u < c) {
        return s;
      }
    }
    return p.length - 1;
  }

  static double[] dirichlet(double alpha, int k, Random rnd) {
    double[] g = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      g[i] = gamma(alpha, rnd);
      sum += g[i];
    }
    for (int i = 0; i < k; i++) {
      g[i] = sum > 0 ? g[i] / sum : 1.0 / k;
    }
    return g;
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (2000); shape < 1 by the U^(1/shape) boost. */
  static double gamma(double shape, Random rnd) {
    if (shape < 1) {
      return gamma(shape + 1, rnd) * Math.pow(rnd.nextDouble(), 1 / shape);
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = rnd.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = rnd.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }

  private static Map<String, String> subjectValues(List<TransitionRecord> records, String column) {
    Map<String, TransitionRecord> first = new HashMap<>();
    for (TransitionRecord r : records) {
      first.merge(
          r.subject(), r, (a, b) -> b.baseline().timeDays() < a.baseline().timeDays() ? b : a);
    }
    Map<String, String> values = new HashMap<>();
    first.forEach(
        (subject, r) -> {
          Variable v = find(r, column);
          if (v == null) {
            throw new TaskRefusedException(
                "no context or state variable '"
                    + column
                    + "' in the records ("
                    + r.describe()
                    + ")");
          }
          values.put(subject, v.value() == null ? "missing" : label(v.value()));
        });
    return values;
  }

  private static String label(Value v) {
    if (v instanceof Value.Category c) {
      return c.level();
    }
    if (v instanceof Value.Flag f) {
      return String.valueOf(f.value());
    }
    double d = v.asDouble();
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static Variable find(TransitionRecord r, String name) {
    for (Variable v : r.context()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    for (Variable v : r.baseline().variables()) {
      if (v.name().equals(name)) {
        return v;
      }
    }
    return null;
  }

  private static TransitionRecord withSite(TransitionRecord r, String site) {
    return new TransitionRecord(
        r.subject(),
        site,
        r.baseline(),
        r.context(),
        r.actions(),
        r.followUp(),
        r.intervalDays(),
        r.evidenceChain(),
        r.provenance());
  }
}

package org.transitionnet.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.transitionnet.record.TransitionRecord;

/**
 * Deterministic train/test splits within each site, and the check that refuses a task whose train
 * and test share a subject.
 */
public final class Splits {

  /** Fraction of each site's subjects in the test set under {@link SplitRule#SUBJECT}. */
  public static final double TEST_FRACTION = 0.2;

  /** Fewest subjects a site may have in train, and in test. */
  public static final int MIN_TRAIN_SUBJECTS = 3;

  public static final int MIN_TEST_SUBJECTS = 2;

  private Splits() {}

  /**
   * Splits every site's records; sites in the given order.
   *
   * @throws TaskRefusedException when a site has too few subjects for train and test
   */
  public static List<SiteSplit> split(
      Map<String, List<TransitionRecord>> bySite, SplitRule rule, long seed) {
    List<SiteSplit> out = new ArrayList<>();
    for (Map.Entry<String, List<TransitionRecord>> site : bySite.entrySet()) {
      SiteSplit s =
          rule == SplitRule.SUBJECT
              ? bySubject(site.getKey(), site.getValue(), seed)
              : temporal(site.getKey(), site.getValue());
      check(s, rule);
      out.add(s);
    }
    return out;
  }

  private static SiteSplit bySubject(String site, List<TransitionRecord> records, long seed) {
    Map<String, List<TransitionRecord>> subjects = bySubjectSorted(records);
    int n = subjects.size();
    int test = Math.max(MIN_TEST_SUBJECTS, (int) Math.round(TEST_FRACTION * n));
    if (n - test < MIN_TRAIN_SUBJECTS) {
      throw new TaskRefusedException(
          "site "
              + site
              + " has "
              + n
              + " subjects; a subject split needs at least "
              + (MIN_TRAIN_SUBJECTS + MIN_TEST_SUBJECTS)
              + " ("
              + MIN_TRAIN_SUBJECTS
              + " train, "
              + MIN_TEST_SUBJECTS
              + " test): use fewer sites or another partition");
    }
    List<String> ids = new ArrayList<>(subjects.keySet());
    Collections.shuffle(ids, new Random(seed ^ site.hashCode()));
    Set<String> testIds = new HashSet<>(ids.subList(0, test));
    List<TransitionRecord> tr = new ArrayList<>();
    List<TransitionRecord> te = new ArrayList<>();
    for (TransitionRecord r : records) {
      (testIds.contains(r.subject()) ? te : tr).add(r);
    }
    return new SiteSplit(site, tr, te);
  }

  private static SiteSplit temporal(String site, List<TransitionRecord> records) {
    Map<String, TransitionRecord> last = new HashMap<>();
    for (TransitionRecord r : records) {
      last.merge(
          r.subject(), r, (a, b) -> b.baseline().timeDays() > a.baseline().timeDays() ? b : a);
    }
    List<TransitionRecord> tr = new ArrayList<>();
    List<TransitionRecord> te = new ArrayList<>();
    for (TransitionRecord r : records) {
      (last.get(r.subject()) == r ? te : tr).add(r);
    }
    long trainSubjects = tr.stream().map(TransitionRecord::subject).distinct().count();
    if (trainSubjects < MIN_TRAIN_SUBJECTS || te.size() < MIN_TEST_SUBJECTS) {
      throw new TaskRefusedException(
          "site "
              + site
              + ": a temporal split needs at least "
              + MIN_TRAIN_SUBJECTS
              + " subjects with two or more transitions; it has "
              + trainSubjects);
    }
    return new SiteSplit(site, tr, te);
  }

  /**
   * Refuses a split whose train and test share a subject ({@link SplitRule#SUBJECT}), or where a
   * subject's test transition starts before one of its train transitions ends ({@link
   * SplitRule#TEMPORAL}).
   */
  public static void check(SiteSplit s, SplitRule rule) {
    Map<String, Double> trainEnd = new HashMap<>();
    for (TransitionRecord r : s.train()) {
      trainEnd.merge(r.subject(), r.followUp().timeDays(), Math::max);
    }
    for (TransitionRecord r : s.test()) {
      Double end = trainEnd.get(r.subject());
      if (end == null) {
        continue;
      }
      if (rule == SplitRule.SUBJECT) {
        throw new TaskRefusedException(
            "site " + s.site() + ": subject " + r.subject() + " is in both train and test");
      }
      if (r.baseline().timeDays() < end) {
        throw new TaskRefusedException(
            "site "
                + s.site()
                + ": subject "
                + r.subject()
                + " has a test transition starting at day "
                + r.baseline().timeDays()
                + " before its training data ends (day "
                + end
                + ")");
      }
    }
  }

  static Map<String, List<TransitionRecord>> bySubjectSorted(List<TransitionRecord> records) {
    Map<String, List<TransitionRecord>> m = new TreeMap<>();
    for (TransitionRecord r : records) {
      m.computeIfAbsent(r.subject(), k -> new ArrayList<>()).add(r);
    }
    return new LinkedHashMap<>(m);
  }
}

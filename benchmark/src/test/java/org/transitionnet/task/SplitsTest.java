package org.transitionnet.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.testing.SyntheticTrial;

class SplitsTest {

  private static final List<TransitionRecord> RECORDS = SyntheticTrial.records(60, 3, 3);

  private static Set<String> subjects(List<TransitionRecord> rs) {
    return rs.stream().map(TransitionRecord::subject).collect(Collectors.toSet());
  }

  @Test
  void subjectSplit_isDisjointDeterministicAndAboutTwentyPercent() {
    Map<String, List<TransitionRecord>> sites = SitePartition.simulate(RECORDS, 3, "iid", 5);
    List<SiteSplit> a = Splits.split(sites, SplitRule.SUBJECT, 9);
    List<SiteSplit> b = Splits.split(sites, SplitRule.SUBJECT, 9);
    assertThat(a).isEqualTo(b);
    for (SiteSplit s : a) {
      Set<String> overlap = new HashSet<>(subjects(s.train()));
      overlap.retainAll(subjects(s.test()));
      assertThat(overlap).isEmpty();
      assertThat(subjects(s.test())).hasSize(4); // 20% of 20 subjects
    }
    assertThat(Splits.split(sites, SplitRule.SUBJECT, 10)).isNotEqualTo(a);
  }

  @Test
  void sharedSubject_isRefusedNamingIt() {
    TransitionRecord r = RECORDS.get(0);
    SiteSplit bad = new SiteSplit("site-a", List.of(r), List.of(RECORDS.get(1)));
    assertThatThrownBy(() -> Splits.check(bad, SplitRule.SUBJECT))
        .isInstanceOf(TaskRefusedException.class)
        .hasMessageContaining("subject " + r.subject())
        .hasMessageContaining("both train and test");
  }

  @Test
  void temporalSplit_putsEachSubjectsLastTransitionInTest() {
    List<SiteSplit> s = Splits.split(Map.of("site-a", RECORDS), SplitRule.TEMPORAL, 1);
    assertThat(s.get(0).test()).hasSize(60);
    assertThat(s.get(0).train()).hasSize(120);
  }

  @Test
  void tinySite_isRefusedWithTheReason() {
    List<TransitionRecord> four = SyntheticTrial.records(4, 2, 1);
    assertThatThrownBy(() -> Splits.split(Map.of("site-x", four), SplitRule.SUBJECT, 1))
        .isInstanceOf(TaskRefusedException.class)
        .hasMessageContaining("site site-x has 4 subjects");
  }

  @Test
  void iidSites_keepSubjectsTogetherAndBalanceSizes() {
    Map<String, List<TransitionRecord>> sites = SitePartition.simulate(RECORDS, 3, "iid", 1);
    assertThat(sites.keySet()).containsExactly("site-a", "site-b", "site-c");
    Set<String> seen = new HashSet<>();
    for (var e : sites.entrySet()) {
      assertThat(subjects(e.getValue())).hasSize(20);
      assertThat(e.getValue()).allMatch(r -> r.site().equals(e.getKey()));
      for (String s : subjects(e.getValue())) {
        assertThat(seen.add(s)).as("subject %s in one site only", s).isTrue();
      }
    }
  }

  @Test
  void dirichletSizes_areSkewedButEverySiteGetsTheMinimum() {
    Map<String, List<TransitionRecord>> sites =
        SitePartition.simulate(RECORDS, 3, "dirichlet:0.3", 2);
    List<Integer> sizes = sites.values().stream().map(r -> subjects(r).size()).toList();
    assertThat(sizes).allMatch(n -> n >= SitePartition.MIN_SUBJECTS_PER_SITE);
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(60);
    assertThat(sizes).doesNotHaveDuplicates();
  }

  @Test
  void dirichletByColumn_skewsTheColumnsMixAcrossSites() {
    List<TransitionRecord> many = SyntheticTrial.records(300, 1, 4);
    Map<String, List<TransitionRecord>> sites =
        SitePartition.simulate(many, 2, "dirichlet:0.2:sex", 4);
    double[] female =
        sites.values().stream()
            .mapToDouble(
                rs ->
                    rs.stream()
                            .filter(r -> r.context().get(1).value().toString().contains("f"))
                            .count()
                        / (double) rs.size())
            .toArray();
    assertThat(Math.abs(female[0] - female[1])).isGreaterThan(0.2);
  }

  @Test
  void unknownSiteRule_isRefused() {
    assertThatThrownBy(() -> SitePartition.simulate(RECORDS, 3, "random", 1))
        .isInstanceOf(TaskRefusedException.class)
        .hasMessageContaining("iid, dirichlet:ALPHA or dirichlet:ALPHA:COLUMN");
  }
}

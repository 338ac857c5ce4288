package org.transitionnet.crosssite;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;
import org.transitionnet.metrics.Metric;

/**
 * How well a model trained at one site predicts at every other site: row {@code i} is the model
 * {@code local:<trainedAt[i]>}, column {@code j} the test set of {@code evaluatedAt[j]}, and each
 * cell the macro metric (mean over targets) from that site's additive metric sums — the same
 * numbers the leaderboard reports per site, arranged so the diagonal (home site) can be compared
 * with the rest (transfer). A cell is {@code null} where the site had fewer than {@code k} records.
 *
 * <p>In {@code leaderboard.json} it is the extra top-level key {@value #KEY} (an extension of §8:
 * the contract keys are unchanged).
 *
 * @param trainedAt the row sites (their {@code local:<site>} models), in leaderboard order
 * @param evaluatedAt the column sites, in leaderboard order
 * @param macro per metric key, the matrix {@code [row][column]}
 */
@JsonPropertyOrder({"trained_at", "evaluated_at", "macro"})
public record CrossSiteMatrix(
    List<String> trainedAt, List<String> evaluatedAt, Map<String, List<List<Double>>> macro) {

  /** The leaderboard key. */
  public static final String KEY = "cross_site";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  public CrossSiteMatrix {
    trainedAt = List.copyOf(trainedAt);
    evaluatedAt = List.copyOf(evaluatedAt);
    Map<String, List<List<Double>>> copy = new LinkedHashMap<>();
    for (Map.Entry<String, List<List<Double>>> e : macro.entrySet()) {
      if (e.getValue().size() != trainedAt.size()) {
        throw new IllegalArgumentException(e.getKey() + ": one row per training site needed");
      }
      List<List<Double>> r = new ArrayList<>();
      for (List<Double> row : e.getValue()) {
        if (row.size() != evaluatedAt.size()) {
          throw new IllegalArgumentException(e.getKey() + ": one column per test site needed");
        }
        r.add(Collections.unmodifiableList(new ArrayList<>(row)));
      }
      copy.put(e.getKey(), List.copyOf(r));
    }
    macro = Collections.unmodifiableMap(copy);
  }

  /**
   * The matrix of a leaderboard's {@code local:<site>} methods (rows in site order; sites without a
   * local model get no row).
   */
  public static CrossSiteMatrix of(Leaderboard leaderboard) {
    List<String> rows = new ArrayList<>();
    List<MethodEntry> locals = new ArrayList<>();
    for (String site : leaderboard.sites()) {
      Optional<MethodEntry> m = leaderboard.method("local:" + site);
      if (m.isPresent()) {
        rows.add(site);
        locals.add(m.get());
      }
    }
    Map<String, List<List<Double>>> macro = new LinkedHashMap<>();
    for (Metric metric : Metric.values()) {
      List<List<Double>> matrix = new ArrayList<>();
      for (MethodEntry m : locals) {
        List<Double> row = new ArrayList<>();
        for (String site : leaderboard.sites()) {
          SiteResult r = m.results().get(site);
          row.add(r == null ? null : r.macro().get(metric.key()));
        }
        matrix.add(row);
      }
      macro.put(metric.key(), matrix);
    }
    return new CrossSiteMatrix(rows, leaderboard.sites(), macro);
  }

  /** One cell: the model of {@code trainedAt} on the test set of {@code evaluatedAt}. */
  public Optional<Double> cell(String metric, String trainedAtSite, String evaluatedAtSite) {
    int i = trainedAt.indexOf(trainedAtSite);
    int j = evaluatedAt.indexOf(evaluatedAtSite);
    List<List<Double>> m = macro.get(metric);
    if (i < 0 || j < 0 || m == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(m.get(i).get(j));
  }

  /**
   * The leaderboard JSON with this matrix under {@value #KEY} (added last, or replacing an older
   * one); every other key is kept as it was.
   */
  public String addTo(String leaderboardJson) {
    try {
      JsonNode root = JSON.readTree(leaderboardJson);
      if (!(root instanceof ObjectNode object)) {
        throw new IllegalArgumentException("a leaderboard is a JSON object");
      }
      object.remove(KEY);
      object.set(KEY, JSON.valueToTree(this));
      return JSON.writeValueAsString(object) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a leaderboard: " + e.getOriginalMessage(), e);
    }
  }

  /** The matrix a leaderboard JSON carries, if any. */
  public static Optional<CrossSiteMatrix> from(String leaderboardJson)
      throws JsonProcessingException {
    JsonNode node = JSON.readTree(leaderboardJson).get(KEY);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    return Optional.of(JSON.treeToValue(node, CrossSiteMatrix.class));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrossSiteMatrix m
        && trainedAt.equals(m.trainedAt)
        && evaluatedAt.equals(m.evaluatedAt)
        && macro.equals(m.macro);
  }

  @Override
  public int hashCode() {
    return Objects.hash(trainedAt, evaluatedAt, macro);
  }
}

package org.transitionnet.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One method of the leaderboard.
 *
 * @param name e.g. {@code no-change}, {@code pooled}, {@code local:site-a}, {@code fedavg}
 * @param kind {@code baseline}, {@code pooled}, {@code local}, {@code federated} or {@code loso}
 * @param secureAggregation whether updates were securely aggregated
 * @param dp the differential privacy setting, or {@code null} for none
 * @param rounds federated rounds, or {@code null} for methods without rounds
 * @param results per site name, then {@code pooled} and {@code worst_site}
 */
@JsonPropertyOrder({"name", "kind", "secure_aggregation", "dp", "rounds", "results"})
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonIgnoreProperties(
    ignoreUnknown = true) // extensions (e.g. a task leaderboard's "job") stay readable
public record MethodEntry(
    String name,
    String kind,
    boolean secureAggregation,
    DpSetting dp,
    Integer rounds,
    Map<String, SiteResult> results) {

  /** The method kinds of §8. */
  public static final Set<String> KINDS =
      Set.of("baseline", "pooled", "local", "federated", "loso");

  /** Result key of the pooled test set. */
  public static final String POOLED = "pooled";

  /** Result key of the worst site. */
  public static final String WORST_SITE = "worst_site";

  public MethodEntry {
    Objects.requireNonNull(name, "name");
    if (!KINDS.contains(kind)) {
      throw new IllegalArgumentException("method " + name + ": unknown kind " + kind);
    }
    results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
  }
}

package org.transitionnet.leaderboard;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The leaderboard of a task (§8, contract {@code leaderboard.json}).
 *
 * @param task the task name
 * @param created ISO-8601 instant of creation (the only field that differs between reruns)
 * @param sites the site names, in order
 * @param targets the target names, in order
 * @param settings how the leaderboard was made (seed, split, k, model size, ...); free-form
 * @param methods the methods, baselines first
 */
@JsonPropertyOrder({"task", "created", "sites", "targets", "settings", "methods"})
@JsonIgnoreProperties(ignoreUnknown = true) // extensions of §8 (e.g. cross_site) stay readable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Leaderboard(
    String task,
    String created,
    List<String> sites,
    List<String> targets,
    Map<String, Object> settings,
    List<MethodEntry> methods) {

  public Leaderboard {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(created, "created");
    sites = List.copyOf(sites);
    targets = List.copyOf(targets);
    settings =
        settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    methods = List.copyOf(methods);
  }

  /** The method of that name. */
  public java.util.Optional<MethodEntry> method(String name) {
    return methods.stream().filter(m -> m.name().equals(name)).findFirst();
  }

  /** A copy with one more method (e.g. a federated run joining the benchmark). */
  public Leaderboard withMethod(MethodEntry method) {
    List<MethodEntry> all = new java.util.ArrayList<>(methods);
    all.add(method);
    return new Leaderboard(task, created, sites, targets, settings, all);
  }
}

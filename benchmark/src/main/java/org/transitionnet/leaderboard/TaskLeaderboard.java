package org.transitionnet.leaderboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A task's leaderboard: every evaluated job's §8 document of one task in one §8 document. Its
 * {@code methods} are each job's methods in job order, each with the extra key {@code job} (two
 * jobs may both have {@code fedavg}); {@code sites} is the union in order of appearance; {@code
 * settings.jobs} lists each job with the settings that decide whether its numbers compare with
 * another's ({@code seed}, hence the test splits, {@code k}, {@code protocol}, {@code strategy},
 * {@code rounds}, {@code model_spec}); the jobs' cross-site matrices are kept under {@code
 * cross_site_by_job}. Nothing is recomputed: every number is the one its job's leaderboard holds.
 */
public final class TaskLeaderboard {

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private static final String[] JOB_SETTINGS = {
    "seed", "k", "protocol", "strategy", "rounds", "local_steps", "model_spec", "split"
  };

  private TaskLeaderboard() {}

  /**
   * Merges the jobs' leaderboards of one task.
   *
   * @param task the task id
   * @param created the document's time (ISO-8601)
   * @param jobs per job id, in order, its §8 leaderboard JSON
   * @throws IllegalArgumentException when a document is not a leaderboard of {@code task}
   */
  public static String merge(String task, String created, Map<String, String> jobs) {
    Objects.requireNonNull(task, "task");
    Set<String> sites = new LinkedHashSet<>();
    Set<String> targets = new LinkedHashSet<>();
    ArrayNode methods = JSON.createArrayNode();
    ArrayNode described = JSON.createArrayNode();
    ObjectNode matrices = JSON.createObjectNode();
    for (Map.Entry<String, String> job : jobs.entrySet()) {
      JsonNode board;
      try {
        board = JSON.readTree(job.getValue());
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "the leaderboard of job " + job.getKey() + " is not JSON: " + e.getOriginalMessage(),
            e);
      }
      if (!task.equals(board.path("task").asText())) {
        throw new IllegalArgumentException(
            "the leaderboard of job "
                + job.getKey()
                + " is for task '"
                + board.path("task").asText()
                + "', not '"
                + task
                + "'");
      }
      board.path("sites").forEach(s -> sites.add(s.asText()));
      board.path("targets").forEach(t -> targets.add(t.asText()));
      for (JsonNode method : board.path("methods")) {
        ObjectNode copy = JSON.createObjectNode();
        copy.put("job", job.getKey());
        copy.setAll((ObjectNode) method);
        methods.add(copy);
      }
      ObjectNode settings = described.addObject();
      settings.put("job", job.getKey());
      settings.put("created", board.path("created").asText());
      JsonNode s = board.path("settings");
      for (String key : JOB_SETTINGS) {
        if (s.has(key)) {
          settings.set(key, s.get(key));
        }
      }
      settings.put("methods", board.path("methods").size());
      if (board.has("cross_site")) {
        matrices.set(job.getKey(), board.get("cross_site"));
      }
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("task", task);
    out.put("created", created);
    ArrayNode siteArray = out.putArray("sites");
    sites.forEach(siteArray::add);
    ArrayNode targetArray = out.putArray("targets");
    targets.forEach(targetArray::add);
    ObjectNode settings = out.putObject("settings");
    settings.set("jobs", described);
    settings.put(
        "comparable",
        "methods of jobs with the same seed were evaluated on the same test splits; compare"
            + " across seeds with care");
    out.set("methods", methods);
    if (!matrices.isEmpty()) {
      out.set("cross_site_by_job", matrices);
    }
    try {
      return JSON.writeValueAsString(out) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serializes", e);
    }
  }
}

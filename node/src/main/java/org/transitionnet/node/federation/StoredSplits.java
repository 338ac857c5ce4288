package org.transitionnet.node.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.SiteSplit;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Splits;
import org.transitionnet.task.Task;
import org.transitionnet.task.TaskRefusedException;

/**
 * The site's train/test split of a task's stored dataset, made exactly as the benchmark and the
 * simulator make it ({@link Splits}, by subject, {@link Splits#TEST_FRACTION} of the subjects in
 * test, shuffled by the job's seed and the site id), so a subject is never in both. A split is read
 * from the store when a job's statistics step asks for it and reused by that job's training and
 * evaluation.
 */
final class StoredSplits {

  /** The task file, the dataset it reads and this site's split of it. */
  record TaskSplit(Task task, String dataset, SiteSplit split) {}

  private record Key(String task, long seed) {}

  private final String siteId;
  private final Path tasksDir;
  private final Function<String, Optional<String>> datasets;
  private final DatasetRecords data;
  private final Map<Key, TaskSplit> splits = new ConcurrentHashMap<>();
  private final ObjectMapper json = new ObjectMapper();

  /**
   * @param siteId this site (part of the split's shuffle seed, as in the benchmark)
   * @param tasksDir where the task files {@code <task>.json} are
   * @param datasets the stored dataset configured for a task
   * @param data the stored records of a dataset
   */
  StoredSplits(
      String siteId,
      Path tasksDir,
      Function<String, Optional<String>> datasets,
      DatasetRecords data) {
    this.siteId = siteId;
    this.tasksDir = tasksDir;
    this.datasets = datasets;
    this.data = data;
  }

  /** Reads the dataset now and splits it (the statistics step: a job's first look at the data). */
  TaskSplit fresh(String taskId, long seed) throws TrainingException {
    Task task = task(taskId);
    String dataset =
        datasets
            .apply(taskId)
            .orElseThrow(
                () ->
                    new TrainingException(
                        "no dataset configured for task "
                            + taskId
                            + " (federation.dataset or federation.dataset."
                            + taskId
                            + ")"));
    List<TransitionRecord> records = data.records(dataset);
    if (records.isEmpty()) {
      throw new TrainingException("dataset " + dataset + " holds no records");
    }
    SiteSplit split;
    try {
      split = Splits.split(Map.of(siteId, records), SplitRule.SUBJECT, seed).get(0);
    } catch (TaskRefusedException e) {
      throw new TrainingException("dataset " + dataset + ": " + e.getMessage(), e);
    }
    TaskSplit result = new TaskSplit(task, dataset, split);
    splits.put(new Key(taskId, seed), result);
    return result;
  }

  /** The split the statistics step made, or a fresh one (e.g. after the node restarted). */
  TaskSplit split(String taskId, long seed) throws TrainingException {
    TaskSplit known = splits.get(new Key(taskId, seed));
    return known != null ? known : fresh(taskId, seed);
  }

  Task task(String taskId) throws TrainingException {
    if (!taskId.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new TrainingException("task id '" + taskId + "' is not a file name");
    }
    Path file = tasksDir.resolve(taskId + ".json");
    if (!Files.isRegularFile(file)) {
      throw new TrainingException("no task file " + file);
    }
    try {
      return json.readValue(file.toFile(), Task.class);
    } catch (IOException e) {
      throw new TrainingException("task file " + file + " is unreadable", e);
    }
  }
}

package org.transitionnet.coordinator.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.ModelSpec;
import org.transitionnet.model.ModelSpecException;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.task.Task;

/**
 * Initial models from task files: {@code <tasks.dir>/<task>.json} is the benchmark {@link Task} as
 * JSON (the same file every node holds). The parameters are the transition model's seeded initial
 * weights for that task and the job's model spec.
 */
@ApplicationScoped
public class TaskFileInitialModels implements InitialModels {

  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  @Inject
  @ConfigProperty(name = "tasks.dir", defaultValue = "tasks")
  String tasksDir;

  private final ObjectMapper json = new ObjectMapper();

  @Override
  public double[] initialParameters(String taskId, String modelSpec, long seed)
      throws UnknownModelException {
    ModelConfig config;
    try {
      config = ModelSpec.parse(modelSpec).config(seed);
    } catch (ModelSpecException e) {
      throw new UnknownModelException("modelSpec", e.getMessage());
    }
    Task task = task(taskId);
    FeatureEncoder encoder = new FeatureEncoder(task, FeatureStatistics.of(task, List.of()));
    return TransitionModel.create(encoder, config).parameters();
  }

  private Task task(String taskId) throws UnknownModelException {
    if (!TASK_ID.matcher(taskId).matches()) {
      throw new UnknownModelException("task", "task id '" + taskId + "' is not a file name");
    }
    Path file = Path.of(tasksDir).resolve(taskId + ".json");
    if (!Files.isRegularFile(file)) {
      throw new UnknownModelException(
          "task", "no task file " + taskId + ".json in the coordinator's tasks directory");
    }
    try {
      return json.readValue(file.toFile(), Task.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new UnknownModelException(
          "task", "task file " + file + " is unreadable: " + e.getMessage());
    }
  }
}

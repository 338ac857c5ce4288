package org.transitionnet.coordinator.jobs;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.task.Task;

/**
 * The coordinator's task files: {@code <tasks.dir>/<task>.json} is the benchmark {@link Task} as
 * JSON (the same file every node holds).
 */
@ApplicationScoped
public class TaskFiles {

  private static final Pattern TASK_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  @Inject
  @ConfigProperty(name = "tasks.dir", defaultValue = "tasks")
  String tasksDir;

  private final ObjectMapper json = new ObjectMapper();

  /**
   * @throws UnknownModelException naming the {@code task} field when there is no readable file
   */
  public Task task(String taskId) throws UnknownModelException {
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

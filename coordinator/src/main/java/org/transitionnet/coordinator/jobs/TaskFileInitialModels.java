package org.transitionnet.coordinator.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.ModelSpec;
import org.transitionnet.model.ModelSpecException;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.task.Task;

/**
 * Initial models from task files ({@link TaskFiles}). The parameters are the transition model's
 * seeded initial weights for that task and the job's model spec.
 */
@ApplicationScoped
public class TaskFileInitialModels implements InitialModels {

  @Inject TaskFiles tasks;

  @Override
  public double[] initialParameters(String taskId, String modelSpec, long seed)
      throws UnknownModelException {
    ModelConfig config;
    try {
      config = ModelSpec.parse(modelSpec).config(seed);
    } catch (ModelSpecException e) {
      throw new UnknownModelException("modelSpec", e.getMessage());
    }
    Task task = tasks.task(taskId);
    FeatureEncoder encoder = new FeatureEncoder(task, FeatureStatistics.of(task, List.of()));
    return TransitionModel.create(encoder, config).parameters();
  }
}

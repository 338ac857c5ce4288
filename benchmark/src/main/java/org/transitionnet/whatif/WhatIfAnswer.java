package org.transitionnet.whatif;

import java.util.List;
import java.util.Map;

/**
 * The answer to "which intervention might shift this trajectory": the follow-up predicted under
 * every action of the task, side by side, with intervals and the evidence the data carries —
 * labelled, always, a research hypothesis.
 *
 * @param label {@link WhatIf#HYPOTHESIS_LABEL}
 * @param caveats what the prediction does and does not mean for this model and state
 * @param task the task name
 * @param method the method that trained the model
 * @param state the state as given (variable name to text; null for missing)
 * @param intervalDays the Δt predicted over
 * @param missingInputs inputs not given (the model imputes the training mean)
 * @param distance how far the state lies from the training data
 * @param referenceAction the action shifts are measured against
 * @param forecasts one per action of the task
 */
public record WhatIfAnswer(
    String label,
    List<String> caveats,
    String task,
    String method,
    Map<String, String> state,
    double intervalDays,
    List<String> missingInputs,
    StateDistance distance,
    String referenceAction,
    List<ActionForecast> forecasts) {

  public WhatIfAnswer {
    caveats = List.copyOf(caveats);
    missingInputs = List.copyOf(missingInputs);
    forecasts = List.copyOf(forecasts);
  }
}

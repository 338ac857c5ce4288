package org.transitionnet.model;

import java.util.List;
import org.transitionnet.features.Example;

/** Anything that predicts a Gaussian per target for encoded transitions: the model, a baseline. */
public interface TransitionPredictor {

  /** One prediction per example, in order. */
  List<Prediction> predict(List<Example> examples);
}

package org.transitionnet.coordinator.jobs;

import java.util.ArrayList;
import java.util.List;
import org.transitionnet.model.ModelConfig;

/**
 * The model spec a job names: {@code transition-mlp} with optional {@code :hidden=W1,W2,...}
 * (default {@code 32,32}), the benchmark module's DL4J transition model. Nodes parse the same text;
 * both sides build the model from the task file and the job's seed, so the flat parameter vectors
 * line up.
 */
record ModelSpec(List<Integer> hiddenLayers) {

  static final String FAMILY = "transition-mlp";

  static ModelSpec parse(String text) throws UnknownModelException {
    String trimmed = text.trim();
    if (!trimmed.equals(FAMILY) && !trimmed.startsWith(FAMILY + ":")) {
      throw new UnknownModelException(
          "modelSpec", "unknown model family in '" + text + "', expected " + FAMILY);
    }
    List<Integer> hidden = List.of(32, 32);
    if (trimmed.startsWith(FAMILY + ":")) {
      for (String option : trimmed.substring(FAMILY.length() + 1).split(";")) {
        String[] kv = option.split("=", 2);
        if (kv.length != 2 || !kv[0].trim().equals("hidden")) {
          throw new UnknownModelException(
              "modelSpec", "unknown option '" + option + "', expected hidden=W1,W2,...");
        }
        List<Integer> widths = new ArrayList<>();
        for (String w : kv[1].split(",")) {
          try {
            widths.add(Integer.parseInt(w.trim()));
          } catch (NumberFormatException e) {
            throw new UnknownModelException("modelSpec", "layer width '" + w + "' is no integer");
          }
        }
        hidden = List.copyOf(widths);
      }
    }
    return new ModelSpec(hidden);
  }

  ModelConfig config(long seed) throws UnknownModelException {
    try {
      return ModelConfig.defaults().withHiddenLayers(hiddenLayers).withSeed(seed);
    } catch (IllegalArgumentException e) {
      throw new UnknownModelException("modelSpec", e.getMessage());
    }
  }
}

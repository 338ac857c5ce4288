package org.transitionnet.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The model a federated job names, as text: {@code transition-mlp} with an optional {@code
 * :hidden=W1,W2,...} (default {@code 32,32}), the {@link TransitionModel}. The coordinator and
 * every node parse the same text with this class and build the model from the task and the job's
 * seed, so their flat parameter vectors line up.
 *
 * @param hiddenLayers the hidden layer widths
 */
public record ModelSpec(List<Integer> hiddenLayers) {

  /** The only model family so far. */
  public static final String FAMILY = "transition-mlp";

  /** The hidden layers of {@code transition-mlp} without options. */
  public static final List<Integer> DEFAULT_HIDDEN_LAYERS = List.of(32, 32);

  private static final String HIDDEN = "hidden";

  public ModelSpec {
    hiddenLayers = List.copyOf(hiddenLayers);
  }

  /**
   * Reads {@code transition-mlp[:hidden=W1,W2,...]} (surrounding blanks ignored).
   *
   * @throws ModelSpecException naming the unknown family, option or width
   */
  public static ModelSpec parse(String text) throws ModelSpecException {
    String trimmed = text == null ? "" : text.trim();
    if (trimmed.equals(FAMILY)) {
      return new ModelSpec(DEFAULT_HIDDEN_LAYERS);
    }
    if (!trimmed.startsWith(FAMILY + ":")) {
      throw new ModelSpecException(
          "unknown model family in '" + text + "', expected " + FAMILY + "[:hidden=W1,W2,...]");
    }
    String option = trimmed.substring(FAMILY.length() + 1);
    String[] keyValue = option.split("=", 2);
    if (keyValue.length != 2 || !keyValue[0].trim().equals(HIDDEN)) {
      throw new ModelSpecException(
          "unknown option '" + option + "' in '" + text + "', expected hidden=W1,W2,...");
    }
    List<Integer> widths = new ArrayList<>();
    for (String width : keyValue[1].split(",", -1)) {
      try {
        widths.add(Integer.parseInt(width.trim()));
      } catch (NumberFormatException e) {
        throw new ModelSpecException(
            "layer width '" + width.trim() + "' in '" + text + "' is no integer");
      }
    }
    return new ModelSpec(widths);
  }

  /**
   * The default model configuration with these hidden layers and {@code seed}.
   *
   * @throws ModelSpecException when a width is not positive
   */
  public ModelConfig config(long seed) throws ModelSpecException {
    try {
      return ModelConfig.defaults().withHiddenLayers(hiddenLayers).withSeed(seed);
    } catch (IllegalArgumentException e) {
      throw new ModelSpecException(e.getMessage());
    }
  }
}

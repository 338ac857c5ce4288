package org.transitionnet.validation;

import java.util.Arrays;
import java.util.Optional;

/** The kind of value a declared variable holds. */
public enum VariableType {
  /** A measured quantity in a UCUM unit. */
  NUMERIC("numeric"),
  /** Present or absent. */
  BINARY("binary"),
  /** One of a declared list of levels. */
  CATEGORICAL("categorical");

  private final String key;

  VariableType(String key) {
    this.key = key;
  }

  /** The name used in mapping files ({@code numeric}, {@code binary}, {@code categorical}). */
  public String key() {
    return key;
  }

  public static Optional<VariableType> fromKey(String key) {
    return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
  }
}

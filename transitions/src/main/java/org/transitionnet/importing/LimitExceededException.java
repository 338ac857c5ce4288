package org.transitionnet.importing;

import java.util.Objects;

/**
 * An import's input went beyond one of its {@link InputLimits}: the whole import is refused and
 * nothing of it may be stored. Unchecked, so that it passes unchanged through readers that catch
 * only {@link java.io.IOException} (a CSV parser, a {@code BufferedReader}, an NDJSON reader).
 */
public class LimitExceededException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final InputLimits.Limit limit;
  private final String max;
  private final String seen;

  /**
   * @param limit the limit that was exceeded
   * @param max the limit's value, as the setting holds it (e.g. {@code 1048576})
   * @param seen what the input held, in words (e.g. {@code line 12 is longer than 4096 bytes})
   */
  public LimitExceededException(InputLimits.Limit limit, String max, String seen) {
    super(
        Objects.requireNonNull(limit, "limit").setting()
            + " ("
            + max
            + (limit.unit().isEmpty() ? "" : " " + limit.unit())
            + ") exceeded: "
            + seen);
    this.limit = limit;
    this.max = max;
    this.seen = seen;
  }

  /** The limit that was exceeded. */
  public InputLimits.Limit limit() {
    return limit;
  }

  /** The setting that holds the limit, e.g. {@code import.max-request-bytes}. */
  public String setting() {
    return limit.setting();
  }

  /** The limit's value in force. */
  public String max() {
    return max;
  }

  /** What the input held. */
  public String seen() {
    return seen;
  }
}

package org.transitionnet.node.ingest;

import java.util.Locale;

/** How an import treats rejected rows. */
public enum ImportMode {
  /** Store every valid record of the request; list each rejected row with its reason. */
  PARTIAL,
  /** Store nothing if any row of the request is rejected. */
  ALL_OR_NOTHING;

  /**
   * Parses the {@code mode} query parameter: {@code partial} (the default when absent) or {@code
   * all-or-nothing}.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static ImportMode parse(String value) {
    if (value == null || value.isBlank()) {
      return PARTIAL;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "partial" -> PARTIAL;
      case "all-or-nothing" -> ALL_OR_NOTHING;
      default ->
          throw new IllegalArgumentException(
              "mode must be 'partial' or 'all-or-nothing', was '" + value + "'");
    };
  }

  /** The query-parameter spelling. */
  public String label() {
    return this == PARTIAL ? "partial" : "all-or-nothing";
  }
}

package org.transitionnet.task;

import java.util.Set;

/**
 * The declared transforms of the mapping format ({@code log}, {@code log1p}, {@code sqrt}; empty
 * for none). A value outside a transform's domain becomes NaN, i.e. missing.
 */
public final class Transforms {

  /** The keys a mapping may declare; the empty string is "no transform". */
  public static final Set<String> KEYS = Set.of("", "log", "log1p", "sqrt");

  private Transforms() {}

  /** Checks a transform key, mapping {@code null} to the empty key. */
  public static String check(String key, String variable) {
    String k = key == null ? "" : key;
    if (!KEYS.contains(k)) {
      throw new IllegalArgumentException(
          "variable " + variable + ": unknown transform '" + key + "' (known: log, log1p, sqrt)");
    }
    return k;
  }

  /** The value on the transformed scale, or NaN when it lies outside the transform's domain. */
  public static double apply(String key, double x) {
    return switch (key) {
      case "" -> x;
      case "log" -> x > 0 ? Math.log(x) : Double.NaN;
      case "log1p" -> x > -1 ? Math.log1p(x) : Double.NaN;
      case "sqrt" -> x >= 0 ? Math.sqrt(x) : Double.NaN;
      default -> throw new IllegalArgumentException("unknown transform " + key);
    };
  }
}

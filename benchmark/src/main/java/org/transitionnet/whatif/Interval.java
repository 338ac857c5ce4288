package org.transitionnet.whatif;

/**
 * A central prediction interval in the variable's own unit.
 *
 * @param level nominal coverage (0.5 or 0.9)
 * @param low lower bound
 * @param high upper bound
 */
public record Interval(double level, double low, double high) {}

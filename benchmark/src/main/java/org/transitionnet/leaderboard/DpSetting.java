package org.transitionnet.leaderboard;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The differential privacy a method ran under.
 *
 * @param level {@code record} or {@code client}
 * @param epsilon the spent budget ε
 * @param delta δ
 */
@JsonPropertyOrder({"level", "epsilon", "delta"})
public record DpSetting(String level, double epsilon, double delta) {}

package org.transitionnet.whatif;

/**
 * The predicted follow-up distribution of one target under one action.
 *
 * @param target the target variable
 * @param unit its UCUM unit (empty when unknown)
 * @param transform the scale the model predicts on ({@code log}, {@code log1p}, {@code sqrt} or
 *     empty)
 * @param baseline the baseline value given, in the unit; {@code null} when not given
 * @param mean predictive mean on the transformed scale
 * @param sd predictive standard deviation on the transformed scale
 * @param median predictive median, back-transformed to the unit
 * @param interval50 central 50% interval in the unit
 * @param interval90 central 90% interval in the unit
 * @param shiftSd difference of the mean from the reference action's mean, in training standard
 *     deviations of the target (0 for the reference action itself)
 */
public record TargetForecast(
    String target,
    String unit,
    String transform,
    Double baseline,
    double mean,
    double sd,
    double median,
    Interval interval50,
    Interval interval90,
    double shiftSd) {}

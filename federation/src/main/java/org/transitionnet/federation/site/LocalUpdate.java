package org.transitionnet.federation.site;

/**
 * The result of local training at a site.
 *
 * @param parameters the site's parameters after training (same length as the global model)
 * @param sampleCount training examples behind it (the FedAvg weight)
 * @param loss mean training loss at the end, for the operator's view
 * @param dpEpsilonSpent ε the job has spent at this site so far, at the job's δ (0 without DP)
 */
public record LocalUpdate(
    double[] parameters, long sampleCount, double loss, double dpEpsilonSpent) {

  /** An update trained without differential privacy. */
  public LocalUpdate(double[] parameters, long sampleCount, double loss) {
    this(parameters, sampleCount, loss, 0);
  }

  public LocalUpdate {
    if (sampleCount < 1) {
      throw new IllegalArgumentException("sampleCount must be >= 1, was " + sampleCount);
    }
  }
}

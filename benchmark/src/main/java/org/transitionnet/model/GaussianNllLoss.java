package org.transitionnet.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Masked Gaussian negative log-likelihood for {@code T} targets. The network's output has {@code
 * 2T} columns: means, then log-variances. The labels also have {@code 2T} columns: the values, then
 * a 0/1 mask; a masked entry adds nothing to score or gradient (missing follow-ups are not
 * imputed). Per example the score is {@code Σ_j m_j [½ log 2π + ½ v_j + ½ (y_j − μ_j)² e^{−v_j}]},
 * with the log-variance {@code v_j} clamped to [{@value #MIN_LOG_VARIANCE}, {@value
 * #MAX_LOG_VARIANCE}] (no gradient beyond the clamp).
 */
public final class GaussianNllLoss implements ILossFunction {

  private static final long serialVersionUID = 1L;
  static final double MIN_LOG_VARIANCE = -9;
  static final double MAX_LOG_VARIANCE = 9;
  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

  @Override
  public double computeScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    double total =
        computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
    return average ? total / labels.size(0) : total;
  }

  @Override
  public INDArray computeScoreArray(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    double[][] out = activationFn.getActivation(preOutput.dup(), true).toDoubleMatrix();
    double[][] lab = labels.toDoubleMatrix();
    int t = out[0].length / 2;
    double[][] scores = new double[out.length][1];
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (int j = 0; j < t; j++) {
        if (lab[i][t + j] != 0) {
          double v = clamp(out[i][t + j]);
          double r = lab[i][j] - out[i][j];
          s += HALF_LOG_2PI + 0.5 * v + 0.5 * r * r * Math.exp(-v);
        }
      }
      scores[i][0] = s;
    }
    return Nd4j.create(scores).castTo(preOutput.dataType());
  }

  @Override
  public INDArray computeGradient(
      INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
    INDArray output = activationFn.getActivation(preOutput.dup(), true);
    double[][] out = output.toDoubleMatrix();
    double[][] lab = labels.toDoubleMatrix();
    int t = out[0].length / 2;
    double[][] grad = new double[out.length][2 * t];
    for (int i = 0; i < out.length; i++) {
      for (int j = 0; j < t; j++) {
        if (lab[i][t + j] != 0) {
          double raw = out[i][t + j];
          double v = clamp(raw);
          double precision = Math.exp(-v);
          double r = lab[i][j] - out[i][j];
          grad[i][j] = -r * precision;
          grad[i][t + j] = raw == v ? 0.5 - 0.5 * r * r * precision : 0;
        }
      }
    }
    INDArray dLdOut = Nd4j.create(grad).castTo(preOutput.dataType());
    return activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
  }

  @Override
  public Pair<Double, INDArray> computeGradientAndScore(
      INDArray labels,
      INDArray preOutput,
      IActivation activationFn,
      INDArray mask,
      boolean average) {
    return new Pair<>(
        computeScore(labels, preOutput, activationFn, mask, average),
        computeGradient(labels, preOutput, activationFn, mask));
  }

  @Override
  public String name() {
    return "GaussianNLL";
  }

  private static double clamp(double v) {
    return Math.max(MIN_LOG_VARIANCE, Math.min(MAX_LOG_VARIANCE, v));
  }

  @Override
  public String toString() {
    return name();
  }
}

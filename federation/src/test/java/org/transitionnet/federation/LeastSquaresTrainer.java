package org.transitionnet.federation;

import java.util.Random;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.RoundPlan;

/**
 * A test trainer at the LocalTrainer seam: full-batch gradient descent on a site's own linear
 * least-squares problem {@code mean((x·w - y)²)/2}, with FedProx's proximal term.
 */
public final class LeastSquaresTrainer implements LocalTrainer {

  private final double[][] x;
  private final double[] y;

  public LeastSquaresTrainer(double[][] x, double[] y) {
    this.x = x;
    this.y = y;
  }

  /** A site with {@code n} rows drawn around {@code trueWeights} shifted by {@code bias}. */
  public static LeastSquaresTrainer synthetic(double[] trueWeights, int n, double bias, long seed) {
    Random random = new Random(seed);
    double[][] x = new double[n][trueWeights.length];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double dot = 0;
      for (int j = 0; j < trueWeights.length; j++) {
        x[i][j] = random.nextGaussian() + bias;
        dot += x[i][j] * trueWeights[j];
      }
      y[i] = dot + 0.01 * random.nextGaussian();
    }
    return new LeastSquaresTrainer(x, y);
  }

  public double[] gradient(double[] w) {
    double[] g = new double[w.length];
    for (int i = 0; i < x.length; i++) {
      double r = -y[i];
      for (int j = 0; j < w.length; j++) {
        r += x[i][j] * w[j];
      }
      for (int j = 0; j < w.length; j++) {
        g[j] += r * x[i][j] / x.length;
      }
    }
    return g;
  }

  public int size() {
    return x.length;
  }

  @Override
  public LocalUpdate train(double[] global, RoundPlan plan) {
    double[] w = global.clone();
    for (int step = 0; step < plan.localSteps(); step++) {
      double[] g = gradient(w);
      for (int j = 0; j < w.length; j++) {
        w[j] -= plan.learningRate() * (g[j] + plan.proximalMu() * (w[j] - global[j]));
      }
    }
    return new LocalUpdate(w, x.length, loss(w));
  }

  public double loss(double[] w) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double r = -y[i];
      for (int j = 0; j < w.length; j++) {
        r += x[i][j] * w[j];
      }
      sum += r * r / 2;
    }
    return sum / x.length;
  }
}

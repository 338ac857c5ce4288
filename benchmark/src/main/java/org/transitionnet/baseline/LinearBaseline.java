package org.transitionnet.baseline;

import java.util.List;
import org.transitionnet.features.Example;
import org.transitionnet.model.Prediction;
import org.transitionnet.model.TransitionPredictor;

/**
 * {@code linear}: per target, ridge regression of {@code y1} on the encoded inputs (standardized
 * baseline state and context with missing indicators, action one-hot, Δt) with an unpenalized
 * intercept; {@code σ} = training residual SD. Fitted by the normal equations, whose sums ({@code
 * XᵀX}, {@code Xᵀy}) add across sites.
 */
public final class LinearBaseline implements TransitionPredictor {

  public static final String NAME = "linear";

  /** The ridge penalty on standardized inputs. */
  public static final double DEFAULT_LAMBDA = 1.0;

  private final double[][] weights; // per target: intercept, then one per input
  private final double[] sd;

  private LinearBaseline(double[][] weights, double[] sd) {
    this.weights = weights;
    this.sd = sd;
  }

  public static LinearBaseline fit(List<Example> train, int targets, double lambda) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("no training examples");
    }
    int p = train.get(0).inputs().length + 1;
    double[][] w = new double[targets][];
    for (int j = 0; j < targets; j++) {
      double[][] xtx = new double[p][p];
      double[] xty = new double[p];
      for (Example e : train) {
        if (!e.observed(j)) {
          continue;
        }
        double[] x = row(e);
        double y = e.followUp()[j];
        for (int a = 0; a < p; a++) {
          xty[a] += x[a] * y;
          for (int b = a; b < p; b++) {
            xtx[a][b] += x[a] * x[b];
          }
        }
      }
      for (int a = 0; a < p; a++) {
        for (int b = 0; b < a; b++) {
          xtx[a][b] = xtx[b][a];
        }
        if (a > 0) {
          xtx[a][a] += lambda;
        }
      }
      xtx[0][0] += 1e-9;
      w[j] = solve(xtx, xty);
    }
    LinearBaseline unscaled = new LinearBaseline(w, new double[targets]);
    double[] sd = Residuals.rms(train, targets, (e, j) -> unscaled.mean(e, j));
    return new LinearBaseline(w, sd);
  }

  public static LinearBaseline fit(List<Example> train, int targets) {
    return fit(train, targets, DEFAULT_LAMBDA);
  }

  private double mean(Example e, int j) {
    double[] x = row(e);
    double m = 0;
    for (int a = 0; a < x.length; a++) {
      m += weights[j][a] * x[a];
    }
    return m;
  }

  private static double[] row(Example e) {
    double[] x = new double[e.inputs().length + 1];
    x[0] = 1;
    System.arraycopy(e.inputs(), 0, x, 1, e.inputs().length);
    return x;
  }

  /** Solves a symmetric positive definite system by Cholesky decomposition. */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k <= i; k++) {
        double s = a[i][k];
        for (int m = 0; m < k; m++) {
          s -= l[i][m] * l[k][m];
        }
        if (i == k) {
          if (s <= 0) {
            throw new IllegalStateException("normal equations are not positive definite");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][k] = s / l[k][k];
        }
      }
    }
    double[] z = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int m = 0; m < i; m++) {
        s -= l[i][m] * z[m];
      }
      z[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = z[i];
      for (int m = i + 1; m < n; m++) {
        s -= l[m][i] * x[m];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }

  @Override
  public List<Prediction> predict(List<Example> examples) {
    return examples.stream()
        .map(
            e -> {
              double[] mean = new double[sd.length];
              for (int j = 0; j < sd.length; j++) {
                mean[j] = mean(e, j);
              }
              return new Prediction(mean, sd.clone());
            })
        .toList();
  }
}

package org.transitionnet.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.transitionnet.features.Example;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.metrics.TargetScale;
import org.transitionnet.record.TransitionRecord;

/**
 * The transition model: a multilayer perceptron (Deeplearning4j) from the encoded baseline state,
 * context, action and Δt to a Gaussian per target. It predicts the standardized change {@code (y1 −
 * y0)/s_j} (mean and log-variance heads) and is trained by the masked Gaussian negative
 * log-likelihood ({@link GaussianNllLoss}); {@link #predict} returns {@code N(y0 + s_j μ, (s_j
 * σ)²)} on the transformed scale.
 *
 * <p>All weights form <b>one flat vector</b> ({@link #parameters()}, {@link #setParameters}) — the
 * unit a federation exchanges and averages. Training is Adam on that vector, implemented here on
 * top of DL4J's backpropagation ({@link #gradient}): this is what lets the FedProx proximal term
 * {@code μ/2 ||w − w_global||²} enter as {@code μ (w − w_global)} added to every step's gradient,
 * and DP-SGD replace the gradient by clipped, noised per-example gradients ({@link
 * #perExampleGradients}, {@link #applyGradient}). Initial weights and batch order are functions of
 * {@link ModelConfig#seed()}. Not thread-safe.
 */
public final class TransitionModel implements TransitionPredictor {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final FeatureEncoder encoder;
  private final ModelConfig config;
  private final MultiLayerNetwork network;
  private final int targets;
  private final double[] targetSd;
  private final double[] targetMean;
  private double[] adamM;
  private double[] adamV;
  private long adamStep;
  private double proximalMu;
  private double[] proximalAnchor;

  private TransitionModel(FeatureEncoder encoder, ModelConfig config) {
    NdThreads.configure(config.threads());
    this.encoder = encoder;
    this.config = config;
    this.targets = encoder.targetCount();
    this.targetSd = encoder.targetScales().stream().mapToDouble(TargetScale::trainingSd).toArray();
    this.targetMean = encoder.targetMeans();
    NeuralNetConfiguration.ListBuilder list =
        new NeuralNetConfiguration.Builder()
            .seed(config.seed())
            .dataType(DataType.DOUBLE)
            .weightInit(WeightInit.XAVIER)
            .updater(new NoOp())
            .trainingWorkspaceMode(WorkspaceMode.NONE)
            .inferenceWorkspaceMode(WorkspaceMode.NONE)
            .list();
    int in = encoder.inputCount();
    int layer = 0;
    for (int width : config.hiddenLayers()) {
      list.layer(
          layer++,
          new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.TANH).build());
      in = width;
    }
    list.layer(
        layer,
        new OutputLayer.Builder(new GaussianNllLoss())
            .nIn(in)
            .nOut(2 * targets)
            .activation(Activation.IDENTITY)
            .build());
    MultiLayerConfiguration conf = list.build();
    this.network = new MultiLayerNetwork(conf);
    this.network.init();
    resetOptimizer();
  }

  /** A freshly initialised model (weights from {@code config.seed()}). */
  public static TransitionModel create(FeatureEncoder encoder, ModelConfig config) {
    return new TransitionModel(encoder, config);
  }

  public FeatureEncoder encoder() {
    return encoder;
  }

  public ModelConfig config() {
    return config;
  }

  // ---- the flat parameter vector -------------------------------------------------------------

  /** Number of weights and biases. */
  public int parameterCount() {
    return (int) network.numParams();
  }

  /** A copy of all weights and biases as one flat vector. */
  public double[] parameters() {
    return network.params().toDoubleVector();
  }

  /** Replaces all weights and biases (e.g. with the global model of a round). */
  public void setParameters(double[] parameters) {
    if (parameters.length != parameterCount()) {
      throw new IllegalArgumentException(
          "model has " + parameterCount() + " parameters, got " + parameters.length);
    }
    network.setParams(Nd4j.createFromArray(parameters));
  }

  // ---- training ------------------------------------------------------------------------------

  /** Forgets Adam's moment estimates (e.g. at the start of a federated round). */
  public void resetOptimizer() {
    adamM = new double[parameterCount()];
    adamV = new double[parameterCount()];
    adamStep = 0;
  }

  /**
   * Adds the FedProx proximal term {@code mu/2 ||w − anchor||²} to every following step's loss, by
   * adding {@code mu (w − anchor)} to its gradient. {@code mu = 0} removes it.
   */
  public void setProximalTerm(double mu, double[] anchor) {
    if (mu < 0) {
      throw new IllegalArgumentException("proximal mu must be >= 0, was " + mu);
    }
    if (mu > 0 && anchor.length != parameterCount()) {
      throw new IllegalArgumentException("anchor must have " + parameterCount() + " entries");
    }
    this.proximalMu = mu;
    this.proximalAnchor = mu > 0 ? anchor.clone() : null;
  }

  /**
   * Makes {@code steps} local optimisation steps on batches drawn from {@code batches}, from the
   * current weights (FedAvg's "N local steps from given weights").
   *
   * @return the mean batch loss over the steps
   */
  public double trainSteps(Iterator<List<Example>> batches, int steps, TrainingListener listener) {
    double total = 0;
    for (int s = 1; s <= steps; s++) {
      List<Example> batch = batches.next();
      double[] w = parameters();
      GradientAndLoss gl = gradientAndLoss(batch);
      applyGradient(gl.gradient(), w);
      total += gl.loss();
      listener.onStep(s, steps, gl.loss());
    }
    return steps == 0 ? Double.NaN : total / steps;
  }

  public double trainSteps(Iterator<List<Example>> batches, int steps) {
    return trainSteps(batches, steps, TrainingListener.NONE);
  }

  /** Trains {@code epochs} passes over the examples with the configured batch size and seed. */
  public double fitExamples(List<Example> examples, int epochs, TrainingListener listener) {
    ExampleBatches batches = new ExampleBatches(examples, config.batchSize(), config.seed());
    return trainSteps(batches, epochs * batches.stepsPerEpoch(), listener);
  }

  /** Encodes the records with this model's encoder and trains {@code epochs} passes over them. */
  public double fit(List<TransitionRecord> records, int epochs) {
    return fitExamples(encoder.encodeAll(records), epochs, TrainingListener.NONE);
  }

  /**
   * One Adam step with a given gradient of the mean loss (e.g. clipped and noised for DP-SGD); the
   * proximal term and weight decay are added here.
   */
  public void applyGradient(double[] gradient) {
    applyGradient(gradient, parameters());
  }

  private void applyGradient(double[] gradient, double[] w) {
    if (gradient.length != w.length) {
      throw new IllegalArgumentException(
          "gradient must have " + w.length + " entries, had " + gradient.length);
    }
    adamStep++;
    double lr = config.learningRate();
    double c1 = 1 - Math.pow(BETA1, adamStep);
    double c2 = 1 - Math.pow(BETA2, adamStep);
    for (int i = 0; i < w.length; i++) {
      double g = gradient[i];
      if (proximalMu > 0) {
        g += proximalMu * (w[i] - proximalAnchor[i]);
      }
      adamM[i] = BETA1 * adamM[i] + (1 - BETA1) * g;
      adamV[i] = BETA2 * adamV[i] + (1 - BETA2) * g * g;
      double mHat = adamM[i] / c1;
      double vHat = adamV[i] / c2;
      w[i] -= lr * (mHat / (Math.sqrt(vHat) + EPSILON) + config.weightDecay() * w[i]);
    }
    network.setParams(Nd4j.createFromArray(w));
  }

  // ---- loss and gradients --------------------------------------------------------------------

  /** The mean masked Gaussian NLL of the examples (standardized change scale). */
  public double loss(List<Example> examples) {
    return gradientAndLoss(examples).loss();
  }

  /**
   * The gradient of the mean loss over the examples, as a flat vector aligned with {@link
   * #parameters()} (without proximal term or weight decay).
   */
  public double[] gradient(List<Example> examples) {
    return gradientAndLoss(examples).gradient();
  }

  /** The gradient of each example's loss, one flat vector per example (for DP-SGD clipping). */
  public List<double[]> perExampleGradients(List<Example> examples) {
    List<double[]> out = new ArrayList<>(examples.size());
    for (Example e : examples) {
      out.add(gradient(List.of(e)));
    }
    return out;
  }

  private record GradientAndLoss(double[] gradient, double loss) {}

  private GradientAndLoss gradientAndLoss(List<Example> batch) {
    if (batch.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    network.setInput(inputs(batch));
    network.setLabels(labels(batch));
    network.computeGradientAndScore();
    double[] g = network.gradient().gradient().toDoubleVector();
    int n = batch.size();
    for (int i = 0; i < g.length; i++) {
      g[i] /= n;
    }
    double loss = network.score();
    network.clear();
    return new GradientAndLoss(g, loss);
  }

  // ---- prediction ----------------------------------------------------------------------------

  @Override
  public List<Prediction> predict(List<Example> examples) {
    if (examples.isEmpty()) {
      return List.of();
    }
    double[][] out = network.output(inputs(examples), false).toDoubleMatrix();
    List<Prediction> predictions = new ArrayList<>(examples.size());
    for (int i = 0; i < examples.size(); i++) {
      double[] y0 = examples.get(i).baseline();
      double[] mean = new double[targets];
      double[] sd = new double[targets];
      for (int j = 0; j < targets; j++) {
        double origin = Double.isNaN(y0[j]) ? targetMean[j] : y0[j];
        double v =
            Math.max(
                GaussianNllLoss.MIN_LOG_VARIANCE,
                Math.min(GaussianNllLoss.MAX_LOG_VARIANCE, out[i][targets + j]));
        mean[j] = origin + targetSd[j] * out[i][j];
        sd[j] = targetSd[j] * Math.exp(0.5 * v);
      }
      predictions.add(new Prediction(mean, sd));
    }
    return predictions;
  }

  private INDArray inputs(List<Example> batch) {
    double[][] x = new double[batch.size()][];
    for (int i = 0; i < batch.size(); i++) {
      x[i] = batch.get(i).inputs();
    }
    return Nd4j.createFromArray(x);
  }

  private INDArray labels(List<Example> batch) {
    double[][] y = new double[batch.size()][2 * targets];
    for (int i = 0; i < batch.size(); i++) {
      Example e = batch.get(i);
      for (int j = 0; j < targets; j++) {
        if (e.observed(j)) {
          y[i][j] = (e.followUp()[j] - e.baseline()[j]) / targetSd[j];
          y[i][targets + j] = 1;
        }
      }
    }
    return Nd4j.createFromArray(y);
  }
}

package org.transitionnet.federation.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.features.Example;
import org.transitionnet.federation.job.RoundId;
import org.transitionnet.federation.simulation.PbcTrial;
import org.transitionnet.federation.site.LocalUpdate;
import org.transitionnet.federation.site.RoundPlan;
import org.transitionnet.federation.site.TrainingException;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Task;

/** Record-level DP-SGD at one pbc site: the budget holds over the planned steps, then refuses. */
class DpTransitionModelTrainerTest {

  private static RoundPlan plan(int round, int steps) {
    return new RoundPlan(new RoundId("dp-job", round, 1), round - 1, steps, 0.01, 0, round);
  }

  @Test
  void plannedStepsSpendTheBudget_thenTheNextRoundIsRefused() throws Exception {
    PbcTrial pbc = PbcTrial.load();
    List<TransitionRecord> records = pbc.records();
    Task task = pbc.task();
    Map<String, List<TransitionRecord>> sites =
        SitePartition.simulate(records, 3, "dirichlet:1.0", 1);
    BenchmarkOptions options =
        new BenchmarkOptions(
            1, 10, ModelConfig.defaults().withSeed(1), 1, SplitRule.parse("subject"));
    Benchmark benchmark = new Benchmark(task, sites, options, BenchmarkProgress.SILENT);
    TransitionModel model = TransitionModel.create(benchmark.encoder(), options.model());
    List<Example> examples = benchmark.encoder().encodeAll(benchmark.splits().get(0).train());
    double[] global = model.parameters();
    DpTransitionModelTrainer trainer =
        new DpTransitionModelTrainer(
            model, examples, new DpTransitionModelTrainer.Settings(3.0, 1e-5, 1.0, 6), 7);

    assertThat(trainer.samplingRate())
        .isEqualTo(Math.min(1, options.model().batchSize() / (double) examples.size()));
    assertThat(trainer.noiseMultiplier()).isPositive();
    LocalUpdate first = trainer.train(global, plan(1, 3));
    assertThat(trainer.epsilonSpent()).isBetween(0.5, 3.0);
    assertThat(first.parameters()).isNotEqualTo(global);
    assertThat(first.sampleCount()).isEqualTo(examples.size());
    trainer.train(first.parameters(), plan(2, 3));
    assertThat(trainer.epsilonSpent()).isBetween(2.9, 3.0 + 1e-5);
    assertThat(trainer.ledger().entries()).hasSize(2);

    assertThatThrownBy(() -> trainer.train(global, plan(3, 1)))
        .isInstanceOf(TrainingException.class)
        .hasMessageContaining("privacy budget of the job spent");
    assertThat(trainer.ledger().entries()).hasSize(2);
  }
}

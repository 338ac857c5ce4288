package org.transitionnet.federation.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Task;

/**
 * The simulator's acceptance: pbc over three non-IID sites, FedAvg through the real protocol,
 * against pooled and the local models trained with the same budget from the same initial model.
 */
class PbcFederatedAcceptanceTest {

  static Leaderboard run(long seed, StrategyKind strategy, int rounds) throws Exception {
    return run(seed, strategy, rounds, 30);
  }

  static Leaderboard run(long seed, StrategyKind strategy, int rounds, int epochs)
      throws Exception {
    PbcTrial pbc = PbcTrial.load();
    List<TransitionRecord> records = pbc.records();
    Task task = pbc.task();
    Map<String, List<TransitionRecord>> sites =
        SitePartition.simulate(records, 3, "dirichlet:1.0", seed);
    BenchmarkOptions options =
        new BenchmarkOptions(
            seed, 10, ModelConfig.defaults().withSeed(seed), epochs, SplitRule.parse("subject"));
    Benchmark benchmark = new Benchmark(task, sites, options, BenchmarkProgress.SILENT);
    Leaderboard board = benchmark.run();
    MethodEntry federated =
        FederatedSimulation.run(
            benchmark,
            options,
            FederatedSimulation.Settings.of(strategy, rounds, 0),
            BenchmarkProgress.SILENT);
    return board.withMethod(federated);
  }

  static double pooledMacro(Leaderboard board, String method, String metric) {
    return board.method(method).orElseThrow().results().get(MethodEntry.POOLED).macro().get(metric);
  }

  @Test
  void fedAvgOnNonIidPbc_matchesPooledAndBeatsLocalModels() throws Exception {
    Leaderboard board = run(1, StrategyKind.FEDAVG, 30);

    double fedCrps = pooledMacro(board, "fedavg", "crps");
    double fedSkill = pooledMacro(board, "fedavg", "skill");
    double pooledCrps = pooledMacro(board, "pooled", "crps");
    double pooledSkill = pooledMacro(board, "pooled", "skill");
    List<String> locals =
        board.methods().stream()
            .map(MethodEntry::name)
            .filter(n -> n.startsWith("local:"))
            .toList();
    double localCrps =
        locals.stream().mapToDouble(n -> pooledMacro(board, n, "crps")).average().orElseThrow();
    double localSkill =
        locals.stream().mapToDouble(n -> pooledMacro(board, n, "skill")).average().orElseThrow();
    System.out.printf(
        "fedavg crps %.4f skill %.4f | pooled crps %.4f skill %.4f | local mean crps %.4f skill %.4f%n",
        fedCrps, fedSkill, pooledCrps, pooledSkill, localCrps, localSkill);

    assertThat(fedCrps / pooledCrps).isLessThanOrEqualTo(1.02);
    assertThat(fedSkill).isGreaterThanOrEqualTo(pooledSkill - 0.01);
    assertThat(fedCrps).isLessThan(localCrps);
    assertThat(fedSkill).isGreaterThan(localSkill);
  }

  @Test
  void sameSeed_sameFederatedResult() throws Exception {
    Leaderboard first = run(7, StrategyKind.FEDADAM, 3, 1);
    Leaderboard second = run(7, StrategyKind.FEDADAM, 3, 1);
    assertThat(second.method("fedadam").orElseThrow().results())
        .isEqualTo(first.method("fedadam").orElseThrow().results());
  }
}

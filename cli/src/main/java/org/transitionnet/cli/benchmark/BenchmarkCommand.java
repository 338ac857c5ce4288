package org.transitionnet.cli.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transitionnet.benchmark.Benchmark;
import org.transitionnet.benchmark.BenchmarkOptions;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.leaderboard.Leaderboard;
import org.transitionnet.leaderboard.LeaderboardJson;
import org.transitionnet.leaderboard.LeaderboardMarkdown;
import org.transitionnet.leaderboard.MethodEntry;
import org.transitionnet.leaderboard.SiteResult;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.mapping.VariableMapping;
import org.transitionnet.metrics.MetricsAccumulator;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.SplitRule;
import org.transitionnet.task.Task;
import org.transitionnet.task.TaskRefusedException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tnet benchmark}: imports a CSV with its mapping (or the built-in pbc task), partitions it
 * into sites, runs the baselines, {@code pooled} and {@code local:<site>}, and writes {@code
 * leaderboard.json} and {@code leaderboard.md}.
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
      "Run the local benchmark of a task: baselines, pooled and local:<site> models, evaluated on"
          + " every site's test set, the pooled test set and the worst site.",
      "Without --data it runs the built-in task pbc-labs-v1 (the shipped Mayo PBC trial) with"
          + " --sites 3 --split iid."
    })
public final class BenchmarkCommand implements Callable<Integer> {

  /** The built-in task. */
  public static final String PBC_TASK = "pbc-labs-v1";

  @Option(names = "--data", paramLabel = "FILE.csv", description = "the CSV to benchmark")
  Path data;

  @Option(
      names = "--mapping",
      paramLabel = "MAP.json",
      description = "the mapping file of the CSV (required with --data)")
  Path mapping;

  @Option(
      names = "--task",
      description = "task name in the leaderboard (default: pbc-labs-v1 or the mapping's dataset)")
  String taskName;

  static final class SiteChoice {
    @Option(
        names = "--sites-by",
        paramLabel = "COLUMN",
        description = "a natural site column (a CSV column or a declared variable)")
    String sitesBy;

    @Option(names = "--sites", paramLabel = "K", description = "simulate K sites by subject")
    Integer sites;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  SiteChoice siteChoice;

  @Option(
      names = "--split",
      paramLabel = "RULE",
      defaultValue = "iid",
      description =
          "with --sites: iid, dirichlet:ALPHA or dirichlet:ALPHA:COLUMN (default: ${DEFAULT-VALUE})")
  String split;

  @Option(
      names = "--test-split",
      defaultValue = "subject",
      description =
          "train/test rule within sites: subject (20%% of subjects) or temporal (default: ${DEFAULT-VALUE})")
  String testSplit;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "seed of splits, weights and batches (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out/benchmark",
      description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(
      names = "--k",
      defaultValue = "10",
      description = "report null below this many records (default: ${DEFAULT-VALUE})")
  int k = MetricsAccumulator.DEFAULT_K;

  @Option(
      names = "--epochs",
      defaultValue = "30",
      description =
          "training budget in passes over the pooled training set; every model gets as many steps (default: ${DEFAULT-VALUE})")
  int epochs;

  @Option(
      names = "--hidden",
      split = ",",
      paramLabel = "WIDTH",
      description = "hidden layer widths (default: 32,32)")
  List<Integer> hidden;

  @Option(
      names = "--batch-size",
      defaultValue = "64",
      description = "examples per step (default: ${DEFAULT-VALUE})")
  int batchSize;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "ND4J threads; one is fastest on few cores (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(
      names = {"-q", "--quiet"},
      description = "no progress output on stderr")
  boolean quiet;

  @Override
  public Integer call() throws IOException {
    PrintStream err = System.err;
    try {
      Leaderboard lb = run(new ProgressBar(err, quiet));
      Files.createDirectories(out);
      Files.writeString(out.resolve("leaderboard.json"), LeaderboardJson.write(lb));
      Files.writeString(out.resolve("leaderboard.md"), LeaderboardMarkdown.render(lb));
      System.out.print(summary(lb));
      System.out.println("wrote " + out.resolve("leaderboard.json") + " and leaderboard.md");
      return 0;
    } catch (TaskRefusedException e) {
      err.println("tnet benchmark: refused: " + e.getMessage());
      return 2;
    } catch (MappingException e) {
      err.println("tnet benchmark: bad mapping: " + e.getMessage());
      return 2;
    }
  }

  /** Imports, partitions and runs; the leaderboard is not written. */
  Leaderboard run(ProgressBar progress) throws IOException, MappingException {
    if ((data == null) != (mapping == null)) {
      throw new TaskRefusedException("--data and --mapping go together");
    }
    String mappingJson;
    byte[] csv;
    String source;
    boolean builtIn = data == null;
    if (builtIn) {
      mappingJson = new String(resource("datasets/pbc/pbc-mapping.json"), StandardCharsets.UTF_8);
      csv = resource("datasets/pbc/pbcseq.csv");
      source = "pbcseq.csv";
    } else {
      mappingJson = Files.readString(mapping, StandardCharsets.UTF_8);
      csv = Files.readAllBytes(data);
      source = data.getFileName().toString();
    }
    Mapping m = Mapping.parse(mappingJson);
    String siteColumn = siteChoice == null ? null : siteChoice.sitesBy;
    String siteVariable = null;
    if (siteColumn != null) {
      siteVariable = declaredVariable(m, siteColumn);
      if (siteVariable == null && !m.siteColumn().map(siteColumn::equals).orElse(false)) {
        // a natural site column the mapping does not name: import it as the records' site
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(mappingJson);
        tree.put("site", siteColumn);
        m = Mapping.parse(tree.toString());
      }
    }
    ImportResult imported = new CsvImporter(m).read(new ByteArrayInputStream(csv), source);
    progress.info(
        String.format(
            Locale.ROOT,
            "imported %s: %d rows -> %d transitions (%d rejected%s)",
            source,
            imported.unitsRead(),
            imported.records().size(),
            imported.rejections().size(),
            imported.rejections().isEmpty() ? "" : ": " + imported.rejectedByReason()));
    List<TransitionRecord> records = imported.records();
    if (records.isEmpty()) {
      throw new TaskRefusedException("the import made no transitions from " + source);
    }
    String name = taskName != null ? taskName : builtIn ? PBC_TASK : m.dataset();
    Task task = MappingTask.fromMapping(name, m, records);
    Map<String, List<TransitionRecord>> sites;
    if (siteVariable != null) {
      sites = SitePartition.byColumn(records, siteVariable);
    } else if (siteColumn != null) {
      sites = SitePartition.bySiteField(records);
    } else if (siteChoice != null && siteChoice.sites != null) {
      sites = SitePartition.simulate(records, siteChoice.sites, split, seed);
    } else if (!builtIn && records.stream().noneMatch(r -> r.site().isEmpty())) {
      sites = SitePartition.bySiteField(records);
    } else {
      sites = SitePartition.simulate(records, 3, split, seed);
    }
    ModelConfig model =
        ModelConfig.defaults().withSeed(seed).withBatchSize(batchSize).withThreads(threads);
    if (hidden != null) {
      model = model.withHiddenLayers(hidden);
    }
    BenchmarkOptions options =
        new BenchmarkOptions(seed, k, model, epochs, SplitRule.parse(testSplit));
    return new Benchmark(task, sites, options, progress).run();
  }

  private static String declaredVariable(Mapping m, String column) {
    List<VariableMapping> all = new java.util.ArrayList<>(m.context());
    all.addAll(m.state());
    for (VariableMapping v : all) {
      if (column.equals(v.column()) || column.equals(v.name())) {
        return v.name();
      }
    }
    return null;
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = BenchmarkCommand.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("built-in resource " + path + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  private static String summary(Leaderboard lb) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%-16s %8s %8s %8s %8s%n",
            "method",
            "skill",
            "crps",
            "nll",
            "worst skill"));
    for (MethodEntry m : lb.methods()) {
      SiteResult p = m.results().get(MethodEntry.POOLED);
      SiteResult w = m.results().get(MethodEntry.WORST_SITE);
      s.append(
          String.format(
              Locale.ROOT,
              "%-16s %8s %8s %8s %8s%n",
              m.name(),
              fmt(p.macro().get("skill")),
              fmt(p.macro().get("crps")),
              fmt(p.macro().get("nll")),
              fmt(w.macro().get("skill"))));
    }
    return s.toString();
  }

  private static String fmt(Double v) {
    return v == null ? "null" : String.format(Locale.ROOT, "%.3f", v);
  }
}

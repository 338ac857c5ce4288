package org.transitionnet.cli.research;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.transitionnet.cli.benchmark.TaskData;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.Task;
import org.transitionnet.task.TaskRefusedException;
import org.transitionnet.whatif.BaselineState;
import org.transitionnet.whatif.InputReference;
import org.transitionnet.whatif.ModelFile;
import org.transitionnet.whatif.ModelFileException;
import org.transitionnet.whatif.WhatIf;
import org.transitionnet.whatif.WhatIfAnswer;
import org.transitionnet.whatif.WhatIfRefusedException;
import org.transitionnet.whatif.WhatIfReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tnet whatif}: the follow-up a model predicts for a baseline state under each action, side
 * by side, with 50%/90% intervals and the evidence chain per action — always labelled a research
 * hypothesis; states far outside the training data are refused (exit code 3).
 */
@Command(
    name = "whatif",
    mixinStandardHelpOptions = true,
    description = {
      "Ask a model which action might shift a trajectory: the predicted follow-up under every"
          + " action, with 50%%/90%% intervals and the evidence chain per action.",
      "The answer is a RESEARCH HYPOTHESIS, not a recommendation. States far outside the"
          + " training data (any standardized input |z| > 6, or squared Mahalanobis distance"
          + " above the 99.9th percentile of the training records) are refused (exit 3).",
      "The model: --model FILE (a transitionnet-model/v1 file); or --parameters FILE.f64 (a"
          + " version from `tnet job model`) with the task's data; or, with neither, a quick"
          + " model trained here on --data/--mapping (default: the built-in pbc trial)."
    })
public final class WhatIfCommand implements Callable<Integer> {

  /** Exit code of a refused question. */
  public static final int REFUSED = 3;

  /** Exit code of unreadable inputs. */
  public static final int BAD_INPUT = 2;

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", paramLabel = "FILE", description = "a transitionnet-model/v1 file")
  Path modelFile;

  @Option(
      names = "--parameters",
      paramLabel = "FILE.f64",
      description =
          "a model version downloaded with `tnet job model`; standardization statistics and the"
              + " training reference come from --data/--mapping (they must be what it was trained"
              + " with)")
  Path parameters;

  @Option(
      names = "--hidden",
      split = ",",
      paramLabel = "W",
      description = "hidden layer widths of --parameters or a trained model (default 32,32)")
  List<Integer> hidden = List.of(32, 32);

  @Option(names = "--data", paramLabel = "CSV", description = "records (with --mapping)")
  Path data;

  @Option(names = "--mapping", paramLabel = "JSON", description = "mapping file of --data")
  Path mapping;

  @Option(
      names = "--epochs",
      defaultValue = "10",
      description = "epochs of the quick model trained when no model is given (default 10)")
  int epochs;

  @Option(names = "--seed", defaultValue = "42", description = "seed of the quick model")
  long seed;

  @Option(
      names = "--save-model",
      paramLabel = "FILE",
      description = "write the model used as a transitionnet-model/v1 file")
  Path saveModel;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description =
          "baseline state: JSON object of variable name to value (number, true/false, level,"
              + " null), Δt as interval_days")
  Path stateFile;

  @Option(
      names = "--var",
      paramLabel = "NAME=VALUE",
      description = "a baseline value (repeatable; overrides --state; interval_days=N sets Δt)")
  Map<String, String> vars = new LinkedHashMap<>();

  @Option(
      names = "--evidence",
      paramLabel = "FILE",
      description =
          "curated evidence per action label: {\"drug:X\": [{\"target\", \"pathway\","
              + " \"biomarker\", \"expectedDirection\": \"UP|DOWN|FLAT\", \"validationSource\"}]}")
  Path evidence;

  @Option(names = "--json", description = "print the answer as JSON")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModelFile file;
    try {
      file = model(err);
      if (evidence != null) {
        file =
            file.withEvidence(
                ModelFile.readEvidence(Files.readString(evidence), evidence.toString()));
      }
      if (saveModel != null) {
        file.write(saveModel);
        err.println("wrote " + saveModel);
      }
    } catch (IOException
        | ModelFileException
        | MappingException
        | IllegalArgumentException
        | TaskRefusedException e) {
      err.println("tnet whatif: " + e.getMessage());
      return BAD_INPUT;
    }
    try {
      BaselineState state =
          stateFile == null
              ? BaselineState.empty()
              : BaselineState.fromJson(Files.readString(stateFile));
      state = state.with(vars);
      WhatIfAnswer answer = new WhatIf(file).ask(state);
      out.print(json ? WhatIfReport.json(answer) : WhatIfReport.text(answer));
      out.flush();
      return 0;
    } catch (WhatIfRefusedException e) {
      err.println("tnet whatif: refused: " + e.getMessage());
      err.println(WhatIf.HYPOTHESIS_LABEL);
      return REFUSED;
    } catch (IOException e) {
      err.println("tnet whatif: " + e.getMessage());
      return BAD_INPUT;
    }
  }

  private ModelFile model(PrintWriter err)
      throws IOException, ModelFileException, MappingException {
    if (modelFile != null) {
      return ModelFile.read(modelFile);
    }
    Training t = training();
    FeatureStatistics stats = FeatureStatistics.of(t.task(), t.records());
    ModelConfig config = ModelConfig.defaults().withHiddenLayers(hidden).withSeed(seed);
    if (parameters != null) {
      double[] values = JobCommand.readParameters(parameters);
      return ModelFile.fromParameters(
          parameters.getFileName().toString(),
          t.task(),
          config,
          stats,
          values,
          InputReference.of(t.task(), stats, t.records()),
          units(t.records()));
    }
    err.println(
        "training a quick model on "
            + t.records().size()
            + " records of "
            + t.task().name()
            + " ("
            + epochs
            + " epochs; use --model for a benchmarked one)...");
    err.flush();
    TransitionModel model = TransitionModel.create(new FeatureEncoder(t.task(), stats), config);
    model.fit(t.records(), epochs);
    return ModelFile.of("quick:" + t.task().name(), model, t.records());
  }

  private record Training(Task task, List<TransitionRecord> records) {}

  private Training training() throws IOException, MappingException {
    TaskData input = TaskData.of(data, mapping);
    Mapping m = input.mapping();
    List<TransitionRecord> records = input.importWith(m).records();
    if (records.size() < 2) {
      throw new IOException(
          input.source() + " gave " + records.size() + " transitions; need at least 2");
    }
    return new Training(MappingTask.fromMapping(input.taskName(null, m), m, records), records);
  }

  private static Map<String, String> units(List<TransitionRecord> records) {
    Map<String, String> units = new LinkedHashMap<>();
    for (TransitionRecord r : records) {
      r.baseline()
          .variables()
          .forEach(
              v -> {
                if (!v.unit().isEmpty()) units.putIfAbsent(v.name(), v.unit());
              });
      r.context()
          .forEach(
              v -> {
                if (!v.unit().isEmpty()) units.putIfAbsent(v.name(), v.unit());
              });
    }
    return units;
  }
}

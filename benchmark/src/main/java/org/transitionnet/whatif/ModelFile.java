package org.transitionnet.whatif;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.record.EvidenceLink;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Variable;
import org.transitionnet.task.Task;

/**
 * A trained transition model as a self-contained file ({@value #FORMAT}, JSON): everything needed
 * to predict again without the training data — the task (the same JSON as a coordinator task file),
 * the model size, the feature statistics vector ({@link FeatureStatistics#toVector()}), the flat
 * parameter vector ({@link TransitionModel#parameters()}), the training {@link InputReference} for
 * refusing far-away states, the unit of each variable, how many training records had each action,
 * and the evidence chain the data carried for each action.
 *
 * <p>{@code tnet benchmark}/{@code simulate} write one per trained method; a model version
 * downloaded from the coordinator (flat float64 values) becomes one with {@link #fromParameters}.
 *
 * @param format always {@value #FORMAT}
 * @param method the method that trained it ({@code pooled}, {@code local:site-a}, {@code fedavg})
 * @param created ISO-8601 instant
 * @param task the task
 * @param model the model size and training settings
 * @param featureStatistics the standardization statistics as a vector
 * @param parameters the flat parameter vector
 * @param reference where the training inputs lie
 * @param units UCUM unit per variable name (empty when unknown)
 * @param actionCounts training records per action label
 * @param evidence evidence links per action label
 */
@JsonPropertyOrder({
  "format",
  "method",
  "created",
  "task",
  "model",
  "units",
  "actionCounts",
  "evidence",
  "reference",
  "featureStatistics",
  "parameters"
})
public record ModelFile(
    String format,
    String method,
    String created,
    Task task,
    ModelConfig model,
    double[] featureStatistics,
    double[] parameters,
    InputReference reference,
    Map<String, String> units,
    Map<String, Long> actionCounts,
    Map<String, List<EvidenceLink>> evidence) {

  /** The format tag of version 1. */
  public static final String FORMAT = "transitionnet-model/v1";

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public ModelFile {
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(
          "format: expected " + FORMAT + ", was " + (format == null ? "absent" : format));
    }
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(featureStatistics, "featureStatistics");
    Objects.requireNonNull(parameters, "parameters");
    Objects.requireNonNull(reference, "reference");
    method = method == null ? "" : method;
    created = created == null ? "" : created;
    units = Collections.unmodifiableMap(new TreeMap<>(units == null ? Map.of() : units));
    actionCounts =
        Collections.unmodifiableMap(new TreeMap<>(actionCounts == null ? Map.of() : actionCounts));
    Map<String, List<EvidenceLink>> ev = new TreeMap<>();
    if (evidence != null) {
      evidence.forEach((a, links) -> ev.put(a, List.copyOf(links)));
    }
    evidence = Collections.unmodifiableMap(ev);
  }

  /**
   * The file of a model trained on {@code training} (the records whose statistics it was
   * standardized with): reference with the empirical threshold, units, action counts and evidence
   * from the records.
   */
  public static ModelFile of(
      String method, TransitionModel model, List<TransitionRecord> training) {
    FeatureEncoder encoder = model.encoder();
    Task task = encoder.task();
    return new ModelFile(
        FORMAT,
        method,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        task,
        model.config(),
        encoder.statistics().toVector(),
        model.parameters(),
        InputReference.of(task, encoder.statistics(), training),
        units(training),
        actionCounts(training),
        evidence(training));
  }

  /**
   * The file of a model known only by its flat parameters (e.g. a version downloaded from the
   * coordinator), with the task, size and statistics it was trained under and a reference built
   * elsewhere.
   */
  public static ModelFile fromParameters(
      String method,
      Task task,
      ModelConfig config,
      FeatureStatistics statistics,
      double[] parameters,
      InputReference reference,
      Map<String, String> units) {
    return new ModelFile(
        FORMAT,
        method,
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        task,
        config,
        statistics.toVector(),
        parameters,
        reference,
        units,
        Map.of(),
        Map.of());
  }

  /** The model, restored: encoder from the statistics, weights from the parameters. */
  public TransitionModel restore() {
    FeatureEncoder encoder =
        new FeatureEncoder(task, FeatureStatistics.fromVector(task, featureStatistics));
    TransitionModel m = TransitionModel.create(encoder, model);
    m.setParameters(parameters);
    return m;
  }

  /** A copy with more evidence links per action label (e.g. from a curated evidence file). */
  public ModelFile withEvidence(Map<String, List<EvidenceLink>> more) {
    Map<String, List<EvidenceLink>> all = new LinkedHashMap<>();
    evidence.forEach((a, l) -> all.put(a, new ArrayList<>(l)));
    more.forEach(
        (a, l) -> {
          Set<EvidenceLink> merged = new LinkedHashSet<>(all.getOrDefault(a, List.of()));
          merged.addAll(l);
          all.put(a, new ArrayList<>(merged));
        });
    return new ModelFile(
        format,
        method,
        created,
        task,
        model,
        featureStatistics,
        parameters,
        reference,
        units,
        actionCounts,
        all);
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a model file always serializes", e);
    }
  }

  public void write(Path file) throws IOException {
    Files.writeString(file, toJson());
  }

  /**
   * Reads a model file.
   *
   * @throws ModelFileException when the text is not a {@value #FORMAT} file; names the field
   */
  public static ModelFile fromJson(String json, String source) throws ModelFileException {
    try {
      return JSON.readValue(json, ModelFile.class);
    } catch (JsonProcessingException e) {
      throw new ModelFileException(source, "not a " + FORMAT + " file: " + e.getOriginalMessage());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new ModelFileException(source, "not a " + FORMAT + " file: " + e.getMessage());
    }
  }

  public static ModelFile read(Path file) throws IOException, ModelFileException {
    return fromJson(Files.readString(file), file.toString());
  }

  /** The evidence links of a JSON object {@code {"<action label>": [EvidenceLink...]}}. */
  public static Map<String, List<EvidenceLink>> readEvidence(String json, String source)
      throws ModelFileException {
    try {
      return JSON.readValue(
          json,
          JSON.getTypeFactory()
              .constructMapType(
                  LinkedHashMap.class,
                  JSON.getTypeFactory().constructType(String.class),
                  JSON.getTypeFactory().constructCollectionType(List.class, EvidenceLink.class)));
    } catch (JsonProcessingException e) {
      throw new ModelFileException(
          source,
          "not an evidence file ({\"<action label>\": [{\"target\", \"pathway\", \"biomarker\","
              + " \"expectedDirection\", \"validationSource\"}]}): "
              + e.getOriginalMessage());
    }
  }

  static Map<String, String> units(List<TransitionRecord> records) {
    Map<String, String> units = new TreeMap<>();
    for (TransitionRecord r : records) {
      List<Variable> all = new ArrayList<>(r.baseline().variables());
      all.addAll(r.followUp().variables());
      all.addAll(r.context());
      for (Variable v : all) {
        if (!v.unit().isEmpty()) {
          units.putIfAbsent(v.name(), v.unit());
        }
      }
    }
    return units;
  }

  static Map<String, Long> actionCounts(List<TransitionRecord> records) {
    Map<String, Long> counts = new TreeMap<>();
    records.forEach(r -> counts.merge(Task.actionLabel(r), 1L, Long::sum));
    return counts;
  }

  static Map<String, List<EvidenceLink>> evidence(List<TransitionRecord> records) {
    Map<String, Set<EvidenceLink>> links = new TreeMap<>();
    for (TransitionRecord r : records) {
      if (!r.evidenceChain().isEmpty()) {
        links
            .computeIfAbsent(Task.actionLabel(r), k -> new LinkedHashSet<>())
            .addAll(r.evidenceChain());
      }
    }
    Map<String, List<EvidenceLink>> out = new TreeMap<>();
    links.forEach((a, s) -> out.put(a, List.copyOf(s)));
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelFile f
        && method.equals(f.method)
        && created.equals(f.created)
        && task.equals(f.task)
        && model.equals(f.model)
        && java.util.Arrays.equals(featureStatistics, f.featureStatistics)
        && java.util.Arrays.equals(parameters, f.parameters)
        && reference.equals(f.reference)
        && units.equals(f.units)
        && actionCounts.equals(f.actionCounts)
        && evidence.equals(f.evidence);
  }

  @Override
  public int hashCode() {
    return Objects.hash(method, created, task, java.util.Arrays.hashCode(parameters));
  }

  @Override
  public String toString() {
    return "ModelFile[" + method + ", task " + task.name() + ", " + parameters.length + " params]";
  }
}

package org.transitionnet.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.transitionnet.validation.DeclaredVariable;
import org.transitionnet.validation.VariableCatalog;

/**
 * A parsed mapping file: how one tabular dataset becomes transition records (see {@code
 * docs/transitionnet-spec.md}, "The mapping file"). Immutable.
 */
public final class Mapping {

  /** The {@code direction_tolerance} of a target the file does not list. */
  public static final double DEFAULT_DIRECTION_TOLERANCE = 0.1;

  private final String dataset;
  private final Layout layout;
  private final String subjectColumn;
  private final TimeAxis time;
  private final String siteColumn;
  private final Pairing pairing;
  private final Double maxIntervalDays;
  private final List<VariableMapping> context;
  private final List<VariableMapping> state;
  private final List<ActionMapping> actions;
  private final List<String> targets;
  private final Map<String, Double> directionTolerance;
  private final List<String> missingValues;
  private final String version;
  private final VariableCatalog variables;

  Mapping(
      String dataset,
      Layout layout,
      String subjectColumn,
      TimeAxis time,
      String siteColumn,
      Pairing pairing,
      Double maxIntervalDays,
      List<VariableMapping> context,
      List<VariableMapping> state,
      List<ActionMapping> actions,
      List<String> targets,
      Map<String, Double> directionTolerance,
      List<String> missingValues,
      String version) {
    this.dataset = Objects.requireNonNull(dataset);
    this.layout = Objects.requireNonNull(layout);
    this.subjectColumn = subjectColumn;
    this.time = Objects.requireNonNull(time);
    this.siteColumn = siteColumn;
    this.pairing = Objects.requireNonNull(pairing);
    this.maxIntervalDays = maxIntervalDays;
    this.context = List.copyOf(context);
    this.state = List.copyOf(state);
    this.actions = List.copyOf(actions);
    this.targets = List.copyOf(targets);
    this.directionTolerance = Collections.unmodifiableMap(new LinkedHashMap<>(directionTolerance));
    this.missingValues = List.copyOf(missingValues);
    this.version = Objects.requireNonNull(version);
    List<DeclaredVariable> declared = new ArrayList<>();
    context.forEach(v -> declared.add(v.declared()));
    state.forEach(v -> declared.add(v.declared()));
    this.variables = new VariableCatalog(declared);
  }

  /**
   * Parses a mapping file's text; {@link #version()} is the SHA-256 of its UTF-8 bytes.
   *
   * @throws MappingException naming the JSON path at fault
   */
  public static Mapping parse(String json) throws MappingException {
    Objects.requireNonNull(json, "json");
    return MappingParser.parse(json, sha256(json.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Reads a mapping file; {@link #version()} is the SHA-256 of the file's bytes.
   *
   * @throws MappingException naming the JSON path at fault, or {@code $} when the file is not UTF-8
   * @throws IOException when the file cannot be read
   */
  public static Mapping read(Path file) throws IOException, MappingException {
    byte[] bytes = Files.readAllBytes(file);
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MappingException("$", "the mapping file " + file + " is not valid UTF-8");
    }
    return MappingParser.parse(json, sha256(bytes));
  }

  private static String sha256(byte[] bytes) {
    try {
      return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The dataset name records carry in their provenance. */
  public String dataset() {
    return dataset;
  }

  public Layout layout() {
    return layout;
  }

  /** The subject column; empty in a wide layout without one (the row number is the subject). */
  public Optional<String> subjectColumn() {
    return Optional.ofNullable(subjectColumn);
  }

  public TimeAxis time() {
    return time;
  }

  /** The column naming each row's site, when the file pools several sites. */
  public Optional<String> siteColumn() {
    return Optional.ofNullable(siteColumn);
  }

  public Pairing pairing() {
    return pairing;
  }

  /** Pairs further apart than this many days are dropped; empty when there is no limit. */
  public Optional<Double> maxIntervalDays() {
    return Optional.ofNullable(maxIntervalDays);
  }

  public List<VariableMapping> context() {
    return context;
  }

  public List<VariableMapping> state() {
    return state;
  }

  /** The components of the intervention (one for a single {@code action} object). */
  public List<ActionMapping> actions() {
    return actions;
  }

  /** Whether every action component was assigned at random. */
  public boolean randomized() {
    return !actions.isEmpty() && actions.stream().allMatch(ActionMapping::randomized);
  }

  /** The state variables a model predicts, by name. */
  public List<String> targets() {
    return targets;
  }

  /** Per target, in units of the target's training standard deviation (default 0.1). */
  public Map<String, Double> directionTolerance() {
    return directionTolerance;
  }

  /** Cell texts that mean "not observed" (always includes the empty cell). */
  public List<String> missingValues() {
    return missingValues;
  }

  /** SHA-256 (hex) of the mapping file's bytes; goes into each record's provenance. */
  public String version() {
    return version;
  }

  /** The declared variables (context and state) that records of this dataset must respect. */
  public VariableCatalog variables() {
    return variables;
  }

  @Override
  public String toString() {
    return "Mapping[" + dataset + ", " + layout + ", " + pairing + ", version " + version + "]";
  }
}

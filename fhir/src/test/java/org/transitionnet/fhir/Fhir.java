package org.transitionnet.fhir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.Map;
import org.hl7.fhir.r4.model.ResourceType;
import org.transitionnet.importing.ImportResult;

/** Small hand-written FHIR resources (one NDJSON line each) and the shipped tasks, for tests. */
final class Fhir {

  static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  static final String LISINOPRIL_10 = "314076";
  static final String AMLODIPINE_2_5 = "308136";
  static final String METFORMIN_500 = "860975";

  /** Import time of the tests: 2026-01-01; dates after it are in the future. */
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private Fhir() {}

  static ExtractionTask task(String name) {
    try {
      return ExtractionTask.parse(Files.readString(Path.of("../tasks/fhir/" + name + ".json")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static FhirImporter importer() {
    return new FhirImporter("test-site", CLOCK, new UcumUnitConverter());
  }

  static String patient(String id, String birthDate, String gender) {
    return "{\"resourceType\":\"Patient\",\"id\":\""
        + id
        + "\",\"gender\":\""
        + gender
        + "\",\"birthDate\":\""
        + birthDate
        + "\"}";
  }

  static String bloodPressure(String id, String patient, String time, double sys, double dia) {
    return bloodPressure(id, patient, time, sys, dia, "mm[Hg]");
  }

  static String bloodPressure(
      String id, String patient, String time, double sys, double dia, String unit) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
        + "\"code\":\"85354-9\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"encounter\":{\"reference\":\"Encounter/gone-"
        + id
        + "\"},\"effectiveDateTime\":\""
        + time
        + "\",\"component\":["
        + component("8462-4", dia, unit)
        + ","
        + component("8480-6", sys, unit)
        + "]}";
  }

  private static String component(String loinc, double value, String unit) {
    return "{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\""
        + loinc
        + "\"}]},\"valueQuantity\":"
        + quantity(value, unit)
        + "}";
  }

  private static String quantity(double value, String unit) {
    return "{\"value\":"
        + value
        + ",\"unit\":\""
        + unit
        + "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\""
        + unit
        + "\"}";
  }

  /** A laboratory Observation with a quantity value ({@code unit} null: no value at all). */
  static String lab(
      String id, String patient, String loinc, String time, double value, String unit) {
    return "{\"resourceType\":\"Observation\",\"id\":\""
        + id
        + "\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\","
        + "\"code\":\""
        + loinc
        + "\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"effectiveDateTime\":\""
        + time
        + "\""
        + (unit == null ? "" : ",\"valueQuantity\":" + quantity(value, unit))
        + "}";
  }

  static String medicationRequest(String id, String patient, String rxnorm, String authoredOn) {
    return "{\"resourceType\":\"MedicationRequest\",\"id\":\""
        + id
        + "\",\"status\":\"active\",\"intent\":\"order\",\"medicationCodeableConcept\":"
        + "{\"coding\":[{\"system\":\""
        + RXNORM
        + "\",\"code\":\""
        + rxnorm
        + "\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"authoredOn\":\""
        + authoredOn
        + "\",\"dosageInstruction\":[{\"timing\":{\"repeat\":{\"frequency\":1,\"period\":1.0,"
        + "\"periodUnit\":\"d\"}},\"doseAndRate\":[{\"doseQuantity\":{\"value\":2.0}}]}]}";
  }

  static String condition(String id, String patient, String snomed, String onset) {
    return "{\"resourceType\":\"Condition\",\"id\":\""
        + id
        + "\",\"code\":{\"coding\":[{\"system\":\"http://snomed.info/sct\",\"code\":\""
        + snomed
        + "\"}]},\"subject\":{\"reference\":\"Patient/"
        + patient
        + "\"},\"onsetDateTime\":\""
        + onset
        + "\"}";
  }

  static InputStream ndjson(String... lines) {
    return new ByteArrayInputStream(
        (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Imports NDJSON given per resource type as lines. */
  static ImportResult importLines(
      ExtractionTask task,
      String[] patients,
      String[] observations,
      String[] requests,
      String[] conditions) {
    Map<ResourceType, InputStream> files = new EnumMap<>(ResourceType.class);
    files.put(ResourceType.Patient, ndjson(patients));
    files.put(ResourceType.Observation, ndjson(observations));
    files.put(ResourceType.MedicationRequest, ndjson(requests));
    files.put(ResourceType.Condition, ndjson(conditions));
    return importer().importNdjson(files, task);
  }
}

package org.transitionnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transitionnet.fhir.Fhir.bloodPressure;
import static org.transitionnet.fhir.Fhir.medicationRequest;
import static org.transitionnet.fhir.Fhir.patient;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.TransitionRecord;

class BundleImportTest {

  private static final ExtractionTask BP = Fhir.task("bp-antihypertensive");

  private static ImportResult importBundle(String type, List<String> entries) {
    StringBuilder json =
        new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[");
    for (int i = 0; i < entries.size(); i++) {
      json.append(i == 0 ? "" : ",").append(entries.get(i));
    }
    json.append("]}");
    return Fhir.importer()
        .importBundle(
            new ByteArrayInputStream(json.toString().getBytes(StandardCharsets.UTF_8)), BP);
  }

  private static String entry(String fullUrl, String resource) {
    return "{\"fullUrl\":\"" + fullUrl + "\",\"resource\":" + resource + "}";
  }

  @Test
  void transactionBundleWithUrnReferences_patientAfterItsObservations_importsLikeNdjson() {
    // Transaction bundles (Synthea's per-patient export) reference the Patient by its urn:uuid.
    String p = "5b0a2b2e-0000-4000-8000-000000000001";
    List<String> entries =
        List.of(
            entry(
                "urn:uuid:o1",
                bloodPressure("o1", p, "2020-01-01T09:00:00Z", 150, 95)
                    .replace("Patient/" + p, "urn:uuid:" + p)),
            entry(
                "urn:uuid:o2",
                bloodPressure("o2", p, "2020-06-01T09:00:00Z", 140, 90)
                    .replace("Patient/" + p, "urn:uuid:" + p)),
            entry(
                "urn:uuid:rx",
                medicationRequest("rx", p, Fhir.LISINOPRIL_10, "2020-01-01T09:00:00Z")
                    .replace("Patient/" + p, "urn:uuid:" + p)),
            entry("urn:uuid:" + p, patient(p, "1950-03-01", "female")));
    ImportResult result = importBundle("transaction", entries);
    assertThat(result.rejections()).isEmpty();
    assertThat(result.unitsRead()).isEqualTo(4);
    assertThat(result.records()).hasSize(1);
    TransitionRecord r = result.records().get(0);
    assertThat(r.subject()).isEqualTo(p);
    assertThat(r.actions().get(0).name()).isEqualTo("ace-inhibitor");
    assertThat(r.provenance().sourceIds())
        .containsExactly("Observation/o1", "Observation/o2", "MedicationRequest/rx");
  }

  @Test
  void collectionBundleEntryOfMissingPatient_rejectedWithItsEntryNumber() {
    List<String> entries =
        List.of(
            entry("Patient/p1", patient("p1", "1950-03-01", "female")),
            entry("Observation/o1", bloodPressure("o1", "p1", "2020-01-01T09:00:00Z", 150, 95)),
            entry("Observation/o2", bloodPressure("o2", "p9", "2020-03-01T09:00:00Z", 150, 95)),
            entry("Observation/o3", bloodPressure("o3", "p1", "2020-06-01T09:00:00Z", 140, 90)));
    ImportResult result = importBundle("collection", entries);
    assertThat(result.records()).hasSize(1);
    assertThat(result.rejections()).hasSize(1);
    assertThat(result.rejections().get(0).location()).isEqualTo("entry 3");
    assertThat(result.rejections().get(0).reason()).isEqualTo(RejectionReason.MISSING_REFERENCE);
  }

  @Test
  void notABundle_rejectedAsWrongResourceType() {
    ImportResult result =
        Fhir.importer()
            .importBundle(
                new ByteArrayInputStream(
                    patient("p1", "1950-01-01", "male").getBytes(StandardCharsets.UTF_8)),
                BP);
    assertThat(result.records()).isEmpty();
    assertThat(result.rejections())
        .singleElement()
        .extracting(r -> r.reason())
        .isEqualTo(RejectionReason.WRONG_RESOURCE_TYPE);
  }
}

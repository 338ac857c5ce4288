package org.transitionnet.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Dosage;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ResourceType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.validation.RecordValidator;
import org.transitionnet.validation.ValidatedRecord;

/**
 * One import in progress: NDJSON files and Bundles are fed in any order, each streamed line by line
 * (one line, one resource, in memory at a time); {@link #finish()} pairs what was extracted into
 * records. Not thread-safe; one per import. Obtain from {@link FhirImporter#begin}.
 */
public final class FhirImportSession {

  /** Resource types an import reads, in the order a directory's files are read. */
  static final List<ResourceType> READ_TYPES =
      List.of(
          ResourceType.Patient,
          ResourceType.Condition,
          ResourceType.Observation,
          ResourceType.MedicationRequest,
          ResourceType.MedicationAdministration);

  private static final JsonFactory JSON = new JsonFactory();
  private static final String UCUM = "http://unitsofmeasure.org";

  private final ExtractionTask task;
  private final IParser parser;
  private final UnitConverter units;
  private final Instant now;
  private final String site;
  private final Extract extract = new Extract();
  private final List<Rejection> rejections = new ArrayList<>();
  private final List<Integer> rejectionSource = new ArrayList<>();
  private final List<Integer> rejectionLine = new ArrayList<>();
  private final List<String> sourceLocationWord = new ArrayList<>();

  // Lookups from codes to task indices.
  private final Map<String, List<Integer>> variablesByCode = new HashMap<>();
  private final Map<String, Integer> medicationByCode = new HashMap<>();
  private final List<Integer> medicationClassOf = new ArrayList<>();
  private final List<ExtractionTask.MedicationSpec> medications = new ArrayList<>();
  private final Map<String, List<Integer>> conditionsByCode = new HashMap<>();
  private final Map<ResourceType, String[]> needles = new EnumMap<>(ResourceType.class);

  private long resourcesRead;
  private long bytesRead;
  private boolean finished;

  FhirImportSession(
      FhirContext fhir, ExtractionTask task, UnitConverter units, Clock clock, String site) {
    this.task = task;
    this.parser = fhir.newJsonParser();
    // Unknown elements are tolerated (logged by HAPI); a value that is not valid (a bad date) is
    // not.
    LenientErrorHandler errors = new LenientErrorHandler(false);
    errors.setErrorOnInvalidValue(true);
    this.parser.setParserErrorHandler(errors);
    this.units = units;
    this.now = clock.instant();
    this.site = site;
    List<String> obsNeedles = new ArrayList<>();
    for (int v = 0; v < task.variables().size(); v++) {
      for (String code : task.variables().get(v).codes()) {
        variablesByCode.computeIfAbsent(code, k -> new ArrayList<>()).add(v);
        obsNeedles.add(needle(code));
      }
    }
    List<String> medNeedles = new ArrayList<>();
    for (int c = 0; c < task.medicationClasses().size(); c++) {
      for (ExtractionTask.MedicationSpec m : task.medicationClasses().get(c).medications()) {
        medicationByCode.put(m.code(), medications.size());
        medications.add(m);
        medicationClassOf.add(c);
        medNeedles.add(needle(m.code()));
      }
    }
    List<String> condNeedles = new ArrayList<>();
    for (int c = 0; c < task.context().conditions().size(); c++) {
      for (String code : task.context().conditions().get(c).codes()) {
        conditionsByCode.computeIfAbsent(code, k -> new ArrayList<>()).add(c);
        condNeedles.add(needle(code));
      }
    }
    needles.put(ResourceType.Observation, obsNeedles.toArray(String[]::new));
    needles.put(ResourceType.MedicationRequest, medNeedles.toArray(String[]::new));
    needles.put(ResourceType.MedicationAdministration, medNeedles.toArray(String[]::new));
    needles.put(ResourceType.Condition, condNeedles.toArray(String[]::new));
  }

  /** The quoted code part of {@code system|code} as it appears in a resource's JSON. */
  private static String needle(String systemAndCode) {
    return '"' + systemAndCode.substring(systemAndCode.indexOf('|') + 1) + '"';
  }

  /**
   * Reads one Bulk Data NDJSON file of resources of {@code type}: each line is one resource.
   * Malformed lines, resources of another type and resources that fail the task's checks are
   * rejected with {@code source} and the line number; the rest proceeds.
   *
   * @param type the resource type the file holds (as the Bulk Data manifest declares it)
   * @param source the file name, for rejections
   * @param in the NDJSON bytes (UTF-8, not compressed); not closed
   */
  public void addNdjson(ResourceType type, String source, InputStream in) {
    requireOpen();
    int src = source(source, "line");
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    String[] typeNeedles = needles.get(type);
    int lineNo = 0;
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNo++;
        bytesRead += line.length() + 1;
        if (line.isBlank()) {
          continue;
        }
        resourcesRead++;
        String declared;
        try {
          declared = scanResourceType(line);
        } catch (IOException e) {
          reject(src, lineNo, "", RejectionReason.MALFORMED, "not a JSON object: " + oneLine(e));
          continue;
        }
        if (declared == null) {
          reject(src, lineNo, "resourceType", RejectionReason.MALFORMED, "no resourceType");
          continue;
        }
        if (!declared.equals(type.name())) {
          reject(
              src,
              lineNo,
              "resourceType",
              RejectionReason.WRONG_RESOURCE_TYPE,
              "a " + declared + " in a file of " + type.name() + " resources");
          continue;
        }
        if (typeNeedles != null && !containsAny(line, typeNeedles)) {
          continue; // cannot hold any of the task's codes: skip the full parse
        }
        if (!READ_TYPES.contains(type)) {
          continue;
        }
        IBaseResource resource;
        try {
          resource = parser.parseResource(line);
        } catch (DataFormatException e) {
          reject(
              src, lineNo, "", RejectionReason.MALFORMED, "not a FHIR R4 resource: " + oneLine(e));
          continue;
        } catch (RuntimeException e) {
          // HAPI FHIR's parser fails on some malformed JSON with a NullPointerException or an
          // IllegalArgumentException instead of a DataFormatException (found by FhirFuzzTest)
          reject(src, lineNo, "", RejectionReason.MALFORMED, unparseable(e));
          continue;
        }
        extract((Resource) resource, src, lineNo, "");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + source + " at line " + lineNo, e);
    }
  }

  /**
   * Reads one Bundle (transaction, batch or collection). A Bundle is parsed whole (HAPI FHIR has no
   * streaming Bundle parser), so its size bounds memory; large exports belong in NDJSON. Entries
   * are located as {@code entry N} (1-based).
   */
  public void addBundle(String source, InputStream in) {
    requireOpen();
    int src = source(source, "entry");
    Bundle bundle;
    try {
      byte[] bytes = in.readAllBytes();
      bytesRead += bytes.length;
      IBaseResource parsed = parser.parseResource(new String(bytes, StandardCharsets.UTF_8));
      if (!(parsed instanceof Bundle b)) {
        reject(
            src,
            0,
            "resourceType",
            RejectionReason.WRONG_RESOURCE_TYPE,
            "expected a Bundle, found a " + parsed.fhirType());
        return;
      }
      bundle = b;
    } catch (DataFormatException e) {
      reject(src, 0, "", RejectionReason.MALFORMED, "not a FHIR R4 Bundle: " + oneLine(e));
      return;
    } catch (UncheckedIOException | org.transitionnet.importing.LimitExceededException e) {
      throw e; // reading failed or went past an input limit: not the content's fault
    } catch (RuntimeException e) {
      // see addNdjson: HAPI FHIR's parser does not always fail with a DataFormatException
      reject(src, 0, "", RejectionReason.MALFORMED, unparseable(e));
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + source, e);
    }
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    // Patients first, so that the order of entries does not matter.
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < entries.size(); i++) {
        Resource r = entries.get(i).getResource();
        if (r == null) {
          continue;
        }
        boolean isPatient = r instanceof Patient;
        if (isPatient != (pass == 0)) {
          continue;
        }
        resourcesRead++;
        extract(r, src, i + 1, entries.get(i).getFullUrl());
      }
    }
  }

  private void extract(Resource r, int src, int line, String fullUrl) {
    if (r instanceof Patient p) {
      extractPatient(p, src, line, fullUrl);
    } else if (r instanceof Observation o) {
      extractObservation(o, src, line);
    } else if (r instanceof MedicationRequest m) {
      extractMedicationRequest(m, src, line);
    } else if (r instanceof MedicationAdministration m) {
      extractMedicationAdministration(m, src, line);
    } else if (r instanceof Condition c) {
      extractCondition(c, src, line);
    }
  }

  private void extractPatient(Patient p, int src, int line, String fullUrl) {
    String id = idOf(p);
    if (id.isEmpty() && fullUrl != null && fullUrl.startsWith("urn:uuid:")) {
      id = fullUrl.substring("urn:uuid:".length());
    }
    if (id == null || id.isBlank()) {
      reject(src, line, "Patient.id", RejectionReason.MISSING_FIELD, "a Patient without an id");
      return;
    }
    if (!p.hasBirthDate()) {
      reject(src, line, "Patient.birthDate", RejectionReason.MISSING_FIELD, "no birth date");
      return;
    }
    LocalDate birth =
        LocalDate.of(
            p.getBirthDateElement().getYear(),
            p.getBirthDateElement().getMonth() + 1,
            p.getBirthDateElement().getDay());
    if (birth.atStartOfDay().toInstant(java.time.ZoneOffset.UTC).isAfter(now)) {
      reject(
          src,
          line,
          "Patient.birthDate",
          RejectionReason.FUTURE_DATE,
          "birth date " + birth + " is after the import time");
      return;
    }
    String gender = p.hasGender() ? p.getGender().toCode() : "unknown";
    int index = extract.patient(id);
    extract.definePatient(index, birth.toEpochDay(), gender);
  }

  private void extractObservation(Observation o, int src, int line) {
    // Which task variables does this Observation (or one of its components) carry?
    List<int[]> hits = new ArrayList<>(); // {variable, component index or -1}
    for (int v : variablesOf(o.getCode())) {
      hits.add(new int[] {v, -1});
    }
    for (int c = 0; c < o.getComponent().size(); c++) {
      for (int v : variablesOf(o.getComponent().get(c).getCode())) {
        hits.add(new int[] {v, c});
      }
    }
    if (hits.isEmpty()) {
      return;
    }
    if (o.hasStatus()
        && (o.getStatus() == Observation.ObservationStatus.ENTEREDINERROR
            || o.getStatus() == Observation.ObservationStatus.CANCELLED)) {
      return;
    }
    Integer patient = subject(o.getSubject(), src, line, "Observation.subject");
    if (patient == null) {
      return;
    }
    Long time = instant(o.getEffective());
    if (time == null && o.hasIssued()) {
      time = o.getIssued().toInstant().getEpochSecond();
    }
    if (time == null) {
      reject(
          src,
          line,
          "Observation.effective[x]",
          RejectionReason.MISSING_FIELD,
          "Observation/" + idOf(o) + " has no effective time");
      return;
    }
    if (future(time, src, line, "Observation.effective[x]")) {
      return;
    }
    String id = "Observation/" + idOf(o);
    boolean any = false;
    for (int[] hit : hits) {
      int v = hit[0];
      String field =
          hit[1] < 0 ? "Observation.value[x]" : "Observation.component[" + hit[1] + "].value[x]";
      Type value = hit[1] < 0 ? o.getValue() : o.getComponent().get(hit[1]).getValue();
      Double converted = quantity(value, v, src, line, field, id);
      if (converted != null) {
        extract.addMeasurement(patient, v, time, converted, id);
        any = true;
      }
    }
    if (any) {
      extract.addReference(patient, src, line);
    }
  }

  /** The value converted to the variable's unit, or {@code null} after rejecting it. */
  private Double quantity(Type value, int v, int src, int line, String field, String id) {
    ExtractionTask.VariableSpec spec = task.variables().get(v);
    if (!(value instanceof Quantity q) || !q.hasValue()) {
      reject(
          src,
          line,
          field,
          RejectionReason.MISSING_FIELD,
          id
              + " has no quantity value for "
              + spec.name()
              + (value == null ? "" : " (found " + value.fhirType() + ")"));
      return null;
    }
    String unit =
        q.hasCode() && (!q.hasSystem() || UCUM.equals(q.getSystem())) ? q.getCode() : null;
    if (unit == null) {
      unit = q.hasUnit() ? q.getUnit() : "";
    }
    if (!units.isValid(unit)) {
      reject(
          src,
          line,
          field + ".code",
          RejectionReason.UNKNOWN_UNIT,
          id
              + ": '"
              + unit
              + "' is not a UCUM unit ("
              + spec.name()
              + " is in "
              + spec.unit()
              + ")");
      return null;
    }
    double x;
    try {
      x = units.convert(q.getValue().doubleValue(), unit, spec.unit());
    } catch (IllegalArgumentException e) {
      reject(
          src,
          line,
          field + ".code",
          RejectionReason.INCONVERTIBLE_UNIT,
          id + ": '" + unit + "' cannot be converted to " + spec.unit() + " for " + spec.name());
      return null;
    }
    if ((spec.min() != null && x < spec.min()) || (spec.max() != null && x > spec.max())) {
      reject(
          src,
          line,
          field,
          RejectionReason.OUT_OF_RANGE,
          id
              + ": "
              + spec.name()
              + " "
              + x
              + " "
              + spec.unit()
              + " is outside the plausible range ["
              + spec.min()
              + ", "
              + spec.max()
              + "]");
      return null;
    }
    return x;
  }

  private void extractMedicationRequest(MedicationRequest m, int src, int line) {
    if (!(m.getMedication() instanceof CodeableConcept cc)) {
      return; // a medicationReference names a Medication resource; not read (see guide)
    }
    Integer med = medicationOf(cc);
    if (med == null) {
      return;
    }
    if (m.hasStatus()
        && (m.getStatus() == MedicationRequest.MedicationRequestStatus.ENTEREDINERROR
            || m.getStatus() == MedicationRequest.MedicationRequestStatus.CANCELLED
            || m.getStatus() == MedicationRequest.MedicationRequestStatus.DRAFT)) {
      return;
    }
    Integer patient = subject(m.getSubject(), src, line, "MedicationRequest.subject");
    if (patient == null) {
      return;
    }
    String id = "MedicationRequest/" + idOf(m);
    if (!m.hasAuthoredOn()) {
      reject(
          src,
          line,
          "MedicationRequest.authoredOn",
          RejectionReason.MISSING_FIELD,
          id + " has no authoredOn");
      return;
    }
    long time = m.getAuthoredOn().toInstant().getEpochSecond();
    if (future(time, src, line, "MedicationRequest.authoredOn")) {
      return;
    }
    Dosage dosage = m.getDosageInstructionFirstRep();
    Quantity dose =
        dosage.hasDoseAndRate() && dosage.getDoseAndRateFirstRep().getDose() instanceof Quantity q
            ? q
            : null;
    addEvent(patient, med, time, dose, frequency(dosage.getTiming()), route(dosage, med), id);
    extract.addReference(patient, src, line);
  }

  private void extractMedicationAdministration(MedicationAdministration m, int src, int line) {
    if (!(m.getMedication() instanceof CodeableConcept cc)) {
      return;
    }
    Integer med = medicationOf(cc);
    if (med == null) {
      return;
    }
    if (m.hasStatus()
        && (m.getStatus() == MedicationAdministration.MedicationAdministrationStatus.ENTEREDINERROR
            || m.getStatus() == MedicationAdministration.MedicationAdministrationStatus.NOTDONE)) {
      return;
    }
    Integer patient = subject(m.getSubject(), src, line, "MedicationAdministration.subject");
    if (patient == null) {
      return;
    }
    String id = "MedicationAdministration/" + idOf(m);
    Long time = instant(m.getEffective());
    if (time == null) {
      reject(
          src,
          line,
          "MedicationAdministration.effective[x]",
          RejectionReason.MISSING_FIELD,
          id + " has no effective time");
      return;
    }
    if (future(time, src, line, "MedicationAdministration.effective[x]")) {
      return;
    }
    MedicationAdministration.MedicationAdministrationDosageComponent dosage = m.getDosage();
    String route = dosage.hasRoute() ? text(dosage.getRoute()) : medications.get(med).route();
    addEvent(patient, med, time, dosage.hasDose() ? dosage.getDose() : null, "", route, id);
    extract.addReference(patient, src, line);
  }

  private void addEvent(
      int patient, int med, long time, Quantity dose, String frequency, String route, String id) {
    ExtractionTask.MedicationSpec spec = medications.get(med);
    double amount = Double.NaN;
    String unit = "";
    if (dose != null && dose.hasValue()) {
      if (spec.strength() != null) {
        amount = dose.getValue().doubleValue() * spec.strength();
        unit = spec.strengthUnit();
      } else if (dose.hasCode() && units.isValid(dose.getCode())) {
        amount = dose.getValue().doubleValue();
        unit = dose.getCode();
      }
    } else if (spec.strength() != null) {
      amount = spec.strength();
      unit = spec.strengthUnit();
    }
    extract.addEvent(
        patient, medicationClassOf.get(med), med, time, amount, unit, frequency, route, id);
  }

  private void extractCondition(Condition c, int src, int line) {
    Set<Integer> matched = new HashSet<>();
    for (Coding coding : c.getCode().getCoding()) {
      List<Integer> cs = conditionsByCode.get(coding.getSystem() + "|" + coding.getCode());
      if (cs != null) {
        matched.addAll(cs);
      }
    }
    if (matched.isEmpty()) {
      return;
    }
    Integer patient = subject(c.getSubject(), src, line, "Condition.subject");
    if (patient == null) {
      return;
    }
    Long onset = instant(c.getOnset());
    if (onset == null && c.hasRecordedDate()) {
      onset = c.getRecordedDate().toInstant().getEpochSecond();
    }
    if (onset == null) {
      reject(
          src,
          line,
          "Condition.onset[x]",
          RejectionReason.MISSING_FIELD,
          "Condition/" + idOf(c) + " has no onset or recorded date");
      return;
    }
    if (future(onset, src, line, "Condition.onset[x]")) {
      return;
    }
    for (int cond : matched) {
      extract.addConditionOnset(patient, cond, onset);
    }
    extract.addReference(patient, src, line);
  }

  // ---- helpers ----

  private List<Integer> variablesOf(CodeableConcept code) {
    List<Integer> out = new ArrayList<>(1);
    for (Coding coding : code.getCoding()) {
      List<Integer> vs = variablesByCode.get(coding.getSystem() + "|" + coding.getCode());
      if (vs != null) {
        for (int v : vs) {
          if (!out.contains(v)) {
            out.add(v);
          }
        }
      }
    }
    return out;
  }

  private Integer medicationOf(CodeableConcept cc) {
    for (Coding coding : cc.getCoding()) {
      Integer m = medicationByCode.get(coding.getSystem() + "|" + coding.getCode());
      if (m != null) {
        return m;
      }
    }
    return null;
  }

  /** The patient index of a subject reference; rejects a reference that is not to a Patient. */
  private Integer subject(Reference ref, int src, int line, String field) {
    String r = ref == null ? null : ref.getReference();
    if (r == null || r.isBlank()) {
      reject(src, line, field, RejectionReason.MISSING_FIELD, "no subject reference");
      return null;
    }
    String id;
    if (r.startsWith("Patient/")) {
      id = r.substring("Patient/".length());
      int history = id.indexOf("/_history");
      if (history >= 0) {
        id = id.substring(0, history);
      }
    } else if (r.startsWith("urn:uuid:")) {
      id = r.substring("urn:uuid:".length());
    } else {
      reject(
          src,
          line,
          field,
          RejectionReason.MISSING_REFERENCE,
          "subject '" + r + "' is not a reference to a Patient");
      return null;
    }
    return extract.patient(id);
  }

  private boolean future(long epochSecond, int src, int line, String field) {
    if (epochSecond > now.getEpochSecond()) {
      reject(
          src,
          line,
          field,
          RejectionReason.FUTURE_DATE,
          Instant.ofEpochSecond(epochSecond) + " is after the import time " + now);
      return true;
    }
    return false;
  }

  private static Long instant(Type t) {
    if (t instanceof DateTimeType dt && dt.getValue() != null) {
      return dt.getValue().toInstant().getEpochSecond();
    }
    if (t instanceof Period p && p.hasStart()) {
      Date start = p.getStart();
      return start.toInstant().getEpochSecond();
    }
    return null;
  }

  private static String frequency(Timing timing) {
    if (timing == null || !timing.hasRepeat() || !timing.getRepeat().hasFrequency()) {
      return "";
    }
    Timing.TimingRepeatComponent r = timing.getRepeat();
    String unit = r.hasPeriodUnit() ? r.getPeriodUnit().toCode() : "d";
    String period =
        !r.hasPeriod() || r.getPeriod().stripTrailingZeros().toPlainString().equals("1")
            ? ""
            : r.getPeriod().stripTrailingZeros().toPlainString();
    return r.getFrequency() + "/" + period + unit;
  }

  private String route(Dosage dosage, int med) {
    return dosage.hasRoute() ? text(dosage.getRoute()) : medications.get(med).route();
  }

  private static String text(CodeableConcept cc) {
    if (cc.hasText()) {
      return cc.getText();
    }
    Coding c = cc.getCodingFirstRep();
    return c.hasDisplay() ? c.getDisplay() : c.hasCode() ? c.getCode() : "";
  }

  /** The resource's logical id; in a Bundle HAPI gives it the entry's fullUrl, urn:uuid:... */
  private static String idOf(Resource r) {
    String id = r.getIdElement().getIdPart();
    if (id == null) {
      return "";
    }
    return id.startsWith("urn:uuid:") ? id.substring("urn:uuid:".length()) : id;
  }

  private static boolean containsAny(String line, String[] needles) {
    for (String n : needles) {
      if (line.contains(n)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks that the line is one well-formed JSON object (nothing after it) and returns its
   * top-level {@code resourceType}, or {@code null} when it has none.
   */
  private static String scanResourceType(String line) throws IOException {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the line does not start with '{'");
      }
      String type = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("resourceType".equals(field) && value == JsonToken.VALUE_STRING) {
          type = p.getText();
        } else {
          p.skipChildren();
        }
      }
      if (p.nextToken() != null) {
        throw new IOException("text after the end of the object");
      }
      return type;
    }
  }

  /** The rejection text for input the FHIR parser failed on without a DataFormatException. */
  private static String unparseable(RuntimeException e) {
    return "not a FHIR R4 resource: the parser failed ("
        + e.getClass().getSimpleName()
        + (e.getMessage() == null ? "" : ": " + oneLine(e))
        + ")";
  }

  private static String oneLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    m = nl >= 0 ? m.substring(0, nl) : m;
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }

  private int source(String name, String locationWord) {
    int s = extract.source(name);
    while (sourceLocationWord.size() <= s) {
      sourceLocationWord.add(locationWord);
    }
    return s;
  }

  private void reject(int src, int line, String field, RejectionReason reason, String message) {
    String where = line == 0 ? "whole file" : sourceLocationWord.get(src) + " " + line;
    rejections.add(new Rejection(extract.sources.get(src), where, field, reason, message));
    rejectionSource.add(src);
    rejectionLine.add(line);
  }

  private void requireOpen() {
    if (finished) {
      throw new IllegalStateException("this import session is finished");
    }
  }

  /** Resources read so far (NDJSON lines that were not blank, Bundle entries). */
  public long resourcesRead() {
    return resourcesRead;
  }

  /** Characters of NDJSON and bytes of Bundles read so far. */
  public long charactersRead() {
    return bytesRead;
  }

  /** Measurements extracted so far: what the import's memory grows with. */
  public int measurementsExtracted() {
    return extract.measurements;
  }

  /** Medication events extracted so far. */
  public int medicationEventsExtracted() {
    return extract.events;
  }

  /**
   * Rejects what refers to a Patient that never came, pairs the rest into transition records and
   * ends the session.
   */
  public ImportResult finish() {
    requireOpen();
    finished = true;
    Set<Long> rejected = new HashSet<>();
    for (int i = 0; i < extract.references; i++) {
      int p = extract.rPatient[i];
      if (!extract.patientSeen[p]) {
        int src = extract.rSource[i];
        int line = extract.rLine[i];
        if (rejected.add(((long) src << 32) | line)) {
          reject(
              src,
              line,
              "subject",
              RejectionReason.MISSING_REFERENCE,
              "Patient/" + extract.patientIds.get(p) + " is not in the import");
        }
      }
    }
    // Rejections in input order: by source, then line.
    Integer[] order = new Integer[rejections.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(
        order,
        Comparator.<Integer>comparingInt(rejectionSource::get)
            .thenComparingInt(rejectionLine::get)
            .thenComparingInt(i -> i));
    List<Rejection> sorted = new ArrayList<>(order.length);
    for (Integer i : order) {
      sorted.add(rejections.get(i));
    }
    TransitionDeriver.Result derived = new TransitionDeriver(task, extract, site, now).derive();
    // The project's record validator is the last gate (units, ranges, intervals, duplicates).
    RecordValidator validator = new RecordValidator(task.catalog());
    List<TransitionRecord> valid = new ArrayList<>(derived.records().size());
    Set<String> keys = new HashSet<>();
    for (TransitionRecord r : derived.records()) {
      String location = r.describe();
      String source = String.join(" ", r.provenance().sourceIds());
      ValidatedRecord checked = validator.check(r, source, location);
      if (!checked.isValid()) {
        sorted.addAll(checked.rejections());
      } else if (!keys.add(checked.normalized().identityKey())) {
        sorted.add(
            new Rejection(
                source, location, "", RejectionReason.DUPLICATE, "the same record twice"));
      } else {
        valid.add(checked.normalized());
      }
    }
    return new ImportResult(resourcesRead, valid, sorted, derived.dropped());
  }
}

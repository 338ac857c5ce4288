package org.transitionnet.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.Example;
import org.hl7.fhir.r4.model.ResourceType;
import org.transitionnet.fuzz.FuzzSupport;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.record.TransitionRecord;

/**
 * Fuzzes the FHIR import with mutants of real Synthea resources (site C) under the shipped task
 * {@code bp-antihypertensive}: NDJSON files and Bundles whose lines or entries are bit-flipped,
 * truncated, moved to the wrong file, of the wrong JSON type, hold nasty or future dates, garbage
 * quantities, units and references, random strings, very long values or deep nesting.
 *
 * <p>Property: every case ends in an {@link ImportResult} in which each rejection has a reason and
 * a message and names its source (the NDJSON file or Bundle of the case) and a location that exists
 * ({@code line N}, {@code entry N}, {@code whole file}), or, for a derived record the validator
 * refuses, its subject and day ({@code subject S at day D}, the source naming the resources); no
 * exception escapes {@link FhirImportSession#addNdjson}, {@link FhirImportSession#addBundle} or
 * {@link FhirImportSession#finish} (their contract declares none for in-memory input). See {@link
 * FuzzSupport} for the case count and seeds.
 */
class FhirFuzzTest {

  private static final Path SITE = Path.of("../datasets/synthea/site-c");
  private static final String SITE_ID = "fuzz-site";
  private static final String BUNDLE = "Bundle.json";
  private static final Pattern LOCATION = Pattern.compile("(line|entry) (\\d+)|whole file");
  private static final Pattern DERIVED = Pattern.compile("subject .* at day .*", Pattern.DOTALL);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Fields whose values the extraction reads, for targeted mutations. */
  private static final List<String> FIELDS =
      List.of(
          "resourceType",
          "id",
          "birthDate",
          "gender",
          "status",
          "intent",
          "effectiveDateTime",
          "effectivePeriod",
          "issued",
          "authoredOn",
          "onsetDateTime",
          "abatementDateTime",
          "effectiveDateTime",
          "value",
          "unit",
          "system",
          "code",
          "reference",
          "subject",
          "component",
          "valueQuantity",
          "coding",
          "medicationCodeableConcept",
          "dosageInstruction",
          "doseQuantity",
          "frequency",
          "period",
          "periodUnit");

  private static final List<String> VALUES =
      List.of(
          "2020-13-45",
          "2020-02-30",
          "9999-12-31",
          "2999-01-01T00:00:00Z",
          "0000-01-01",
          "-0001-01-01",
          "1960",
          "1960-05",
          "2020-01-01T25:61:00Z",
          "2020-01-01T10:00:00+99:00",
          "Patient/",
          "Patient/does-not-exist",
          "urn:uuid:",
          "#contained",
          "Observation/x",
          "http://loinc.org",
          "85354-9",
          "8480-6",
          "8462-4",
          "mm[Hg]",
          "kPa",
          "[psi]",
          "not a unit",
          "{",
          "Patient",
          "Observation",
          "Bundle",
          "MedicationRequest",
          "male",
          "female",
          "unknown",
          "entered-in-error",
          "final",
          "cancelled");

  private static ExtractionTask task;
  private static FhirImporter importer;
  private static Map<ResourceType, List<String>> corpus;

  @Example
  void mutatedSyntheaResources_endInLocatedRejections_neverACrash() throws Exception {
    task = Fhir.task("bp-antihypertensive");
    // One importer, so the (slow) HAPI FHIR context is made once for the whole suite.
    importer = new FhirImporter(SITE_ID, Fhir.CLOCK, new UcumUnitConverter());
    corpus = corpus();
    ImportResult before = importCorpus();
    assertThat(before.records()).as("the unmutated corpus makes records").isNotEmpty();
    long base = FuzzSupport.baseSeed();
    FuzzSupport.Tally tally = new FuzzSupport.Tally("fhir", base);
    int cases = FuzzSupport.cases();
    for (int i = 0; i < cases; i++) {
      long seed = FuzzSupport.caseSeed(base, i);
      Map<String, byte[]> files = generate(new Random(seed));
      ImportResult result = null;
      try {
        result = importFiles(files);
      } catch (Throwable t) {
        tally.crash(seed, t);
      }
      tally.caseDone();
      if (result != null) {
        check(result, files, seed);
        tally.accepted(result.records().size());
        result.rejections().forEach(rej -> tally.rejected(rej.reason().name()));
      }
    }
    // The importer keeps no state between sessions: the clean corpus imports as it did before.
    ImportResult after = importCorpus();
    assertThat(after.records()).isEqualTo(before.records());
    assertThat(after.rejections()).isEqualTo(before.rejections());
    tally.report("records");
  }

  /** The first patients of site C and their resources that the task reads, plus some others. */
  private static Map<ResourceType, List<String>> corpus() throws Exception {
    Map<ResourceType, List<String>> out = new EnumMap<>(ResourceType.class);
    List<String> patients = head(ResourceType.Patient, 6, line -> true, 6);
    out.put(ResourceType.Patient, patients);
    List<String> refs = new ArrayList<>();
    for (String p : patients) {
      refs.add("\"Patient/" + JSON.readTree(p).get("id").asText() + "\"");
    }
    Predicate<String> ours = line -> refs.stream().anyMatch(line::contains);
    out.put(
        ResourceType.Observation,
        head(ResourceType.Observation, 60, ours.and(line -> line.contains("\"85354-9\"")), 50_000));
    out.get(ResourceType.Observation).addAll(head(ResourceType.Observation, 10, ours, 200));
    out.put(ResourceType.MedicationRequest, head(ResourceType.MedicationRequest, 40, ours, 20_000));
    out.put(ResourceType.Condition, head(ResourceType.Condition, 30, ours, 10_000));
    out.put(
        ResourceType.MedicationAdministration,
        head(ResourceType.MedicationAdministration, 10, line -> true, 10));
    assertThat(out.get(ResourceType.Observation)).isNotEmpty();
    return out;
  }

  /** Up to {@code max} lines of a site C file that match, among its first {@code scan} lines. */
  private static List<String> head(ResourceType type, int max, Predicate<String> keep, int scan)
      throws Exception {
    List<String> lines = new ArrayList<>();
    Path file = SITE.resolve(type.name() + ".ndjson.gz");
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), UTF_8))) {
      int read = 0;
      for (String line = in.readLine();
          line != null && read < scan && lines.size() < max;
          line = in.readLine()) {
        read++;
        if (!line.isBlank() && keep.test(line)) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  private static ImportResult importCorpus() {
    FhirImportSession session = importer.begin(task);
    for (ResourceType type : FhirImportSession.READ_TYPES) {
      byte[] bytes = (String.join("\n", corpus.get(type)) + "\n").getBytes(UTF_8);
      session.addNdjson(type, type.name() + ".ndjson", new ByteArrayInputStream(bytes));
    }
    return session.finish();
  }

  /**
   * One case: a subset of the corpus, mutated, as NDJSON files (by name, in the order they are fed)
   * or as one Bundle.
   */
  private static Map<String, byte[]> generate(Random r) throws Exception {
    Map<ResourceType, List<String>> lines = new EnumMap<>(ResourceType.class);
    for (ResourceType type : FhirImportSession.READ_TYPES) {
      List<String> all = corpus.get(type);
      List<String> some = new ArrayList<>();
      int n = type == ResourceType.Observation ? 2 + r.nextInt(14) : r.nextInt(5);
      int start = all.isEmpty() ? 0 : r.nextInt(all.size());
      for (int k = 0; k < n && start + k < all.size(); k++) {
        some.add(all.get(start + k));
      }
      if (type == ResourceType.Patient && r.nextInt(4) != 0) {
        some = new ArrayList<>(all);
      }
      lines.put(type, some);
    }
    int mutations = r.nextInt(6);
    for (int m = 0; m < mutations; m++) {
      ResourceType type = FuzzSupport.pick(r, FhirImportSession.READ_TYPES);
      List<String> list = lines.get(type);
      if (r.nextInt(8) == 0 || list.isEmpty()) {
        list.add(r.nextInt(list.size() + 1), junkLine(r));
        continue;
      }
      int at = r.nextInt(list.size());
      switch (r.nextInt(6)) {
        case 0 -> {
          // a resource in the file of another type
          ResourceType other = FuzzSupport.pick(r, FhirImportSession.READ_TYPES);
          lines.get(other).add(list.remove(at));
        }
        case 1 -> list.add(r.nextInt(list.size() + 1), list.get(at));
        default -> list.set(at, mutateLine(r, list.get(at)));
      }
    }
    Map<String, byte[]> files = new LinkedHashMap<>();
    if (r.nextInt(3) == 0) {
      files.put(BUNDLE, bundle(r, lines));
      return files;
    }
    List<ResourceType> order = new ArrayList<>(FhirImportSession.READ_TYPES);
    if (r.nextInt(4) == 0) {
      Collections.shuffle(order, r);
    }
    for (ResourceType type : order) {
      files.put(type.name() + ".ndjson", ndjson(r, lines.get(type)));
    }
    return files;
  }

  /** Feeds a case's files to one session, as an upload would, and finishes it. */
  private static ImportResult importFiles(Map<String, byte[]> files) {
    FhirImportSession session = importer.begin(task);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      ByteArrayInputStream in = new ByteArrayInputStream(file.getValue());
      if (file.getKey().equals(BUNDLE)) {
        session.addBundle(BUNDLE, in);
      } else {
        String type = file.getKey().substring(0, file.getKey().indexOf('.'));
        session.addNdjson(ResourceType.valueOf(type), file.getKey(), in);
      }
    }
    return session.finish();
  }

  private static byte[] ndjson(Random r, List<String> lines) {
    String eol = r.nextInt(10) == 0 ? "\r\n" : "\n";
    byte[] bytes = (String.join(eol, lines) + (r.nextBoolean() ? eol : "")).getBytes(UTF_8);
    if (r.nextInt(10) == 0) {
      bytes = FuzzSupport.mutateBytes(r, bytes);
    }
    return bytes;
  }

  private static byte[] bundle(Random r, Map<ResourceType, List<String>> lines) throws Exception {
    List<String> entries = new ArrayList<>();
    for (List<String> list : lines.values()) {
      for (String line : list) {
        entries.add(
            switch (r.nextInt(20)) {
              case 0 -> "{}";
              case 1 ->
                  "{\"fullUrl\":\"urn:uuid:" + r.nextInt(100) + "\",\"resource\":" + line + "}";
              case 2 -> "{\"resource\":" + line + ",\"request\":{\"method\":\"POST\"}}";
              default -> "{\"resource\":" + line + "}";
            });
      }
    }
    Collections.shuffle(entries, r);
    String type =
        FuzzSupport.pick(r, List.of("collection", "transaction", "batch", "searchset", "bogus"));
    String text =
        "{\"resourceType\":\"Bundle\",\"type\":\""
            + type
            + "\",\"entry\":["
            + String.join(",", entries)
            + "]}";
    if (r.nextInt(10) == 0) {
      text = text.replaceFirst("\"Bundle\"", "\"" + FuzzSupport.pick(r, VALUES) + "\"");
    }
    byte[] bytes = text.getBytes(UTF_8);
    if (r.nextInt(5) == 0) {
      bytes = FuzzSupport.mutateBytes(r, bytes);
    }
    return bytes;
  }

  private static String junkLine(Random r) {
    return switch (r.nextInt(8)) {
      case 0 -> "{}";
      case 1 -> "[]";
      case 2 -> "null";
      case 3 -> "{\"resourceType\":" + FuzzSupport.pick(r, List.of("1", "null", "[]", "{}")) + "}";
      case 4 -> "{\"resourceType\":\"" + FuzzSupport.nastyString(r).replace("\"", "") + "\"}";
      case 5 -> "[".repeat(1 + r.nextInt(5000));
      case 6 -> FuzzSupport.longString(r);
      default -> FuzzSupport.randomString(r, 1 + r.nextInt(200));
    };
  }

  /** One mutation of one resource: textual, or on its JSON tree. */
  static String mutateLine(Random r, String line) throws Exception {
    if (line.length() < 2) {
      return line + FuzzSupport.nastyString(r);
    }
    switch (r.nextInt(6)) {
      case 0 -> {
        return new String(FuzzSupport.mutateBytes(r, line.getBytes(UTF_8)), UTF_8);
      }
      case 1 -> {
        int depth = 1 + r.nextInt(r.nextBoolean() ? 50 : 20_000);
        int at = line.indexOf('{', 1 + r.nextInt(Math.max(1, line.length() - 1))) + 1;
        if (at <= 0) {
          at = 1;
        }
        String deep = "{\"extension\":[".repeat(depth) + "]}".repeat(depth);
        return line.substring(0, at) + "\"extension\":[" + deep + "]," + line.substring(at);
      }
      default -> {
        JsonNode tree;
        try {
          tree = JSON.readTree(line);
        } catch (JsonProcessingException e) {
          // already mangled by an earlier mutation: mangle it further as text
          return new String(FuzzSupport.mutateBytes(r, line.getBytes(UTF_8)), UTF_8);
        }
        int n = 1 + r.nextInt(3);
        for (int m = 0; m < n; m++) {
          tree = mutateTree(r, tree);
        }
        return JSON.writeValueAsString(tree);
      }
    }
  }

  private static JsonNode mutateTree(Random r, JsonNode root) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    if (containers.isEmpty()) {
      return garbage(r, 0);
    }
    JsonNode target = FuzzSupport.pick(r, containers);
    if (target instanceof ObjectNode object) {
      List<String> keys = new ArrayList<>();
      object.fieldNames().forEachRemaining(keys::add);
      String field = FuzzSupport.pick(r, FIELDS);
      int op = keys.isEmpty() ? 2 : r.nextInt(6);
      switch (op) {
        case 0 -> object.remove(FuzzSupport.pick(r, keys));
        case 1 -> object.set(FuzzSupport.pick(r, keys), garbage(r, 0));
        case 2 -> object.set(field, garbage(r, 0));
        case 3 -> {
          if (object.has(field)) {
            object.set(field, NODES.textNode(FuzzSupport.pick(r, VALUES)));
          } else {
            object.set(FuzzSupport.pick(r, keys), NODES.textNode(FuzzSupport.pick(r, VALUES)));
          }
        }
        default -> {
          String key = FuzzSupport.pick(r, keys);
          JsonNode value = object.get(key);
          object.set(key, value.isContainerNode() ? garbage(r, 0) : scalarLike(r, value));
        }
      }
    } else if (target instanceof ArrayNode array) {
      int op = array.isEmpty() ? 2 : r.nextInt(5);
      switch (op) {
        case 0 -> array.remove(r.nextInt(array.size()));
        case 1 -> array.set(r.nextInt(array.size()), garbage(r, 0));
        case 2 -> array.insert(r.nextInt(array.size() + 1), garbage(r, 0));
        case 3 -> array.add(array.get(r.nextInt(array.size())).deepCopy());
        default -> array.removeAll();
      }
    }
    return root;
  }

  /** A value of the same JSON kind at an edge, or of another kind. */
  private static JsonNode scalarLike(Random r, JsonNode value) {
    if (value.isNumber()) {
      return switch (r.nextInt(5)) {
        case 0 -> NODES.numberNode(-value.asDouble());
        case 1 -> NODES.numberNode(FuzzSupport.pick(r, List.of(0.0, 1e308, -1e308, 4.9e-324)));
        case 2 -> NODES.numberNode(new java.math.BigDecimal("1e" + (300 + r.nextInt(10_000))));
        case 3 -> NODES.textNode(FuzzSupport.pick(r, List.of("NaN", "Infinity", "12", "")));
        default -> NODES.numberNode(Long.MAX_VALUE);
      };
    }
    if (value.isTextual()) {
      return r.nextBoolean()
          ? NODES.textNode(FuzzSupport.pick(r, VALUES))
          : NODES.textNode(FuzzSupport.nastyString(r));
    }
    return garbage(r, 0);
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), into);
      }
    }
  }

  private static JsonNode garbage(Random r, int depth) {
    return switch (r.nextInt(depth > 2 ? 7 : 9)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(r.nextBoolean());
      case 2 -> NODES.numberNode(r.nextInt());
      case 3 -> NODES.numberNode(FuzzSupport.pick(r, List.of(-0.0, 1e308, 0.5, -1.0)));
      case 4 -> NODES.textNode(FuzzSupport.nastyString(r));
      case 5, 6 -> NODES.textNode(FuzzSupport.pick(r, VALUES));
      case 7 -> {
        ArrayNode array = NODES.arrayNode();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
          array.add(garbage(r, depth + 1));
        }
        yield array;
      }
      default -> {
        ObjectNode object = NODES.objectNode();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
          object.set(FuzzSupport.pick(r, FIELDS), garbage(r, depth + 1));
        }
        yield object;
      }
    };
  }

  private static void check(ImportResult result, Map<String, byte[]> files, long seed) {
    String why = FuzzSupport.rerun(seed);
    for (Rejection rejection : result.rejections()) {
      String where = why + ": " + rejection;
      assertThat(rejection.reason()).as(where).isNotNull();
      assertThat(rejection.message()).as(where).isNotBlank();
      if (DERIVED.matcher(rejection.location()).matches()) {
        // a derived record the validator refused: it names its subject, day and source resources
        continue;
      }
      assertThat(files).as(where).containsKey(rejection.source());
      Matcher m = LOCATION.matcher(rejection.location());
      assertThat(m.matches()).as(where + " (location)").isTrue();
      if (m.group(1) != null) {
        boolean bundle = rejection.source().equals(BUNDLE);
        assertThat(m.group(1)).as(where).isEqualTo(bundle ? "entry" : "line");
        long n = Long.parseLong(m.group(2));
        assertThat(n).as(where).isBetween(1L, (long) maxLocation(files.get(rejection.source())));
      }
    }
    for (TransitionRecord record : result.records()) {
      assertThat(record.site()).as(why).isEqualTo(SITE_ID);
      assertThat(record.intervalDays()).as(why).isPositive();
      assertThat(record.provenance().sourceIds()).as(why).isNotEmpty();
    }
  }

  /** An upper bound of line numbers (NDJSON) and entry numbers (Bundle) in a file. */
  private static int maxLocation(byte[] bytes) {
    int n = 1;
    for (byte b : bytes) {
      if (b == '\n' || b == '\r' || b == '{') {
        n++;
      }
    }
    return n;
  }
}

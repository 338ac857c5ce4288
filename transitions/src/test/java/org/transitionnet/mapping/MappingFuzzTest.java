package org.transitionnet.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Example;
import org.transitionnet.fuzz.FuzzSupport;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;

/**
 * Fuzzes the mapping parser with mutants of real mapping files: the shipped pbc mapping (and any
 * other {@code *-mapping.json} under {@code datasets/} and {@code tasks/}) and the long and wide
 * mappings of the unit tests. Mutations are structural (a key dropped, added, swapped; a value of
 * the wrong type, a random or nasty string, nested garbage, huge numbers) or textual (bit flips,
 * truncation, insertions, very deep nesting).
 *
 * <p>Property: {@link Mapping#parse} either returns a mapping or throws {@link MappingException}
 * with a message naming a JSON path; nothing else. A mapping that parses then reads a small CSV of
 * its dataset: that ends in an {@link ImportResult} or a {@link MappingException}, nothing else.
 */
class MappingFuzzTest {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Keys and values of the mapping vocabulary, so mutants get past the first checks. */
  private static final List<String> KEYS =
      List.of(
          "dataset",
          "layout",
          "subject",
          "time",
          "site",
          "pairing",
          "max_interval_days",
          "context",
          "state",
          "action",
          "targets",
          "direction_tolerance",
          "series",
          "missing_values",
          "description",
          "column",
          "name",
          "unit",
          "source_unit",
          "code",
          "type",
          "levels",
          "transform",
          "range",
          "min",
          "max",
          "scale",
          "randomized",
          "dose",
          "dose_unit",
          "frequency",
          "route",
          "duration_days",
          "bogus");

  private static final List<String> WORDS =
      List.of(
          "long",
          "wide",
          "consecutive",
          "baseline",
          "log",
          "logit",
          "sqrt",
          "none",
          "numeric",
          "binary",
          "categorical",
          "drug",
          "placebo",
          "mg/dL",
          "mm[Hg]",
          "{score}",
          "10*3/uL",
          "a",
          "d",
          "wk",
          "mo",
          "s",
          "kg/m2",
          "not-a-unit",
          "[degF]",
          "id",
          "day",
          "bili",
          "m",
          "f");

  private record Seed(String name, String mapping, String csv) {}

  @Example
  void mutatedMappings_parseOrThrowMappingException_neverACrash() throws Exception {
    List<Seed> seeds = seeds();
    List<JsonNode> trees = new ArrayList<>();
    for (Seed s : seeds) {
      trees.add(JSON.readTree(s.mapping()));
    }
    long base = FuzzSupport.baseSeed();
    FuzzSupport.Tally tally = new FuzzSupport.Tally("mapping", base);
    int cases = FuzzSupport.cases();
    for (int i = 0; i < cases; i++) {
      long seed = FuzzSupport.caseSeed(base, i);
      Random r = new Random(seed);
      int which = r.nextInt(seeds.size());
      Seed s = seeds.get(which);
      String text = mutate(r, s.mapping(), trees.get(which));
      tally.caseDone();
      Mapping mapping;
      try {
        mapping = Mapping.parse(text);
      } catch (MappingException e) {
        assertThat(e.getMessage()).as(FuzzSupport.rerun(seed)).isNotBlank();
        assertThat(e.path()).as(FuzzSupport.rerun(seed)).startsWith("$");
        tally.refused("MappingException");
        continue;
      } catch (Throwable t) {
        tally.crash(seed, t);
        continue;
      }
      tally.accepted(1);
      try {
        ImportResult result =
            new CsvImporter(mapping)
                .read(new ByteArrayInputStream(s.csv().getBytes(UTF_8)), "fuzz.csv");
        for (Rejection rejection : result.rejections()) {
          assertThat(rejection.location()).as(FuzzSupport.rerun(seed)).isNotBlank();
          tally.rejected("import " + rejection.reason().name());
        }
      } catch (MappingException e) {
        assertThat(e.getMessage()).as(FuzzSupport.rerun(seed)).isNotBlank();
        tally.refused("import MappingException");
      } catch (Throwable t) {
        tally.crash(seed, t);
      }
    }
    tally.report("mappings parsed");
  }

  private static List<Seed> seeds() throws Exception {
    List<String> pbcRows = Files.readAllLines(Path.of("../datasets/pbc/pbcseq.csv"), UTF_8);
    String pbcCsv = String.join("\n", pbcRows.subList(0, 41)) + "\n";
    List<Seed> seeds = new ArrayList<>();
    for (Path file : mappingFiles()) {
      seeds.add(new Seed(file.toString(), Files.readString(file), pbcCsv));
    }
    seeds.add(
        new Seed(
            "CsvImporterTest",
            CsvImporterTest.MAPPING,
            CsvImporterTest.HEADER + "1,f,A,0,1.0,0\n1,f,A,2,0.9,1\n2,m,B,0,,1\n2,m,B,4,1.2,0\n"));
    seeds.add(new Seed("WideLayoutTest", WideLayoutTest.MAPPING, WideLayoutTest.CSV));
    return seeds;
  }

  /** Every {@code *-mapping.json} shipped under datasets/ and tasks/ (at least the pbc one). */
  private static List<Path> mappingFiles() throws Exception {
    List<Path> files = new ArrayList<>();
    for (String dir : List.of("../datasets", "../tasks")) {
      Path root = Path.of(dir);
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(p -> p.getFileName().toString().endsWith("-mapping.json"))
            .sorted()
            .forEach(files::add);
      }
    }
    assertThat(files).contains(Path.of("../datasets/pbc/pbc-mapping.json"));
    return files;
  }

  static String mutate(Random r, String original, JsonNode tree) throws Exception {
    return switch (r.nextInt(10)) {
      case 0, 1 -> {
        byte[] bytes = original.getBytes(UTF_8);
        int n = 1 + r.nextInt(3);
        for (int m = 0; m < n; m++) {
          bytes = FuzzSupport.mutateBytes(r, bytes);
        }
        yield new String(bytes, UTF_8);
      }
      case 2 -> {
        int depth = 1 + r.nextInt(r.nextBoolean() ? 100 : 100_000);
        boolean arrays = r.nextBoolean();
        String deep =
            (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
        int at = original.indexOf('{', r.nextInt(original.length())) + 1;
        yield at <= 0
            ? deep
            : original.substring(0, at) + "\"description\": " + deep + "," + original.substring(at);
      }
      case 3 -> {
        String s = JSON.writeValueAsString(structural(r, tree));
        yield switch (r.nextInt(4)) {
          case 0 -> s + FuzzSupport.pick(r, List.of("}", "]", ",{}", " x", "\u0000", "{}"));
          case 1 -> s.replace('"', '\'');
          case 2 -> s.substring(0, r.nextInt(s.length() + 1));
          default -> s.replace(",", ",,");
        };
      }
      default -> JSON.writeValueAsString(structural(r, tree));
    };
  }

  /** A deep copy of {@code tree} with one to four structural mutations. */
  private static JsonNode structural(Random r, JsonNode tree) {
    JsonNode root = tree.deepCopy();
    if (r.nextInt(40) == 0) {
      return garbage(r, 0);
    }
    int n = 1 + r.nextInt(4);
    for (int m = 0; m < n; m++) {
      List<JsonNode> containers = new ArrayList<>();
      collect(root, containers);
      JsonNode target = FuzzSupport.pick(r, containers);
      if (target instanceof ObjectNode object) {
        mutateObject(r, object);
      } else if (target instanceof ArrayNode array) {
        mutateArray(r, array);
      }
    }
    return root;
  }

  private static void collect(JsonNode node, List<JsonNode> into) {
    if (node.isContainerNode()) {
      into.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), into);
      }
    }
  }

  private static void mutateObject(Random r, ObjectNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    int op = keys.isEmpty() ? 2 : r.nextInt(5);
    switch (op) {
      case 0 -> object.remove(FuzzSupport.pick(r, keys));
      case 1 -> object.set(FuzzSupport.pick(r, keys), garbage(r, 0));
      case 2 ->
          object.set(
              r.nextInt(4) == 0 ? FuzzSupport.nastyString(r) : FuzzSupport.pick(r, KEYS),
              garbage(r, 0));
      case 3 -> {
        String a = FuzzSupport.pick(r, keys);
        String b = FuzzSupport.pick(r, keys);
        JsonNode va = object.get(a);
        object.set(a, object.get(b));
        object.set(b, va);
      }
      default -> {
        String key = FuzzSupport.pick(r, keys);
        JsonNode value = object.get(key);
        object.set(
            key, value.isTextual() ? NODES.textNode(FuzzSupport.pick(r, WORDS)) : garbage(r, 2));
      }
    }
  }

  private static void mutateArray(Random r, ArrayNode array) {
    int op = array.isEmpty() ? 2 : r.nextInt(5);
    switch (op) {
      case 0 -> array.remove(r.nextInt(array.size()));
      case 1 -> array.set(r.nextInt(array.size()), garbage(r, 0));
      case 2 -> array.insert(r.nextInt(array.size() + 1), garbage(r, 0));
      case 3 -> array.add(array.get(r.nextInt(array.size())).deepCopy());
      default -> array.removeAll();
    }
  }

  /** A value of a random JSON type: scalars at their edges, strings, nested arrays and objects. */
  static JsonNode garbage(Random r, int depth) {
    int kinds = depth > 3 ? 9 : 12;
    return switch (r.nextInt(kinds)) {
      case 0 -> NODES.nullNode();
      case 1 -> NODES.booleanNode(r.nextBoolean());
      case 2 -> NODES.numberNode(r.nextInt());
      case 3 ->
          NODES.numberNode(
              FuzzSupport.pick(
                  r,
                  List.of(
                      0.0, -0.0, -1.0, 1e308, -1e308, Double.MIN_VALUE, 0.5, 1e-9, 100.0, 1e6)));
      case 4 -> NODES.numberNode(FuzzSupport.pick(r, List.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L)));
      case 5 -> NODES.numberNode(BigInteger.TEN.pow(r.nextInt(400)).negate().add(BigInteger.ONE));
      case 6 -> NODES.textNode(FuzzSupport.nastyString(r));
      case 7, 8 -> NODES.textNode(FuzzSupport.pick(r, WORDS));
      case 9 -> {
        ArrayNode array = NODES.arrayNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          array.add(garbage(r, depth + 1));
        }
        yield array;
      }
      case 10 -> {
        ObjectNode object = NODES.objectNode();
        int n = r.nextInt(4);
        for (int i = 0; i < n; i++) {
          object.set(FuzzSupport.pick(r, KEYS), garbage(r, depth + 1));
        }
        yield object;
      }
      default -> {
        ObjectNode range = NODES.objectNode();
        range.set("min", garbage(r, 4));
        range.set("max", garbage(r, 4));
        yield range;
      }
    };
  }
}

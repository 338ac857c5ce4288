package org.transitionnet.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Example;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.transitionnet.fuzz.FuzzSupport;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.TransitionRecord;

/**
 * Fuzzes the CSV importer with mutated rows of the shipped pbcseq data under the shipped pbc
 * mapping: byte flips, truncation, extra and missing cells, huge and non-finite numbers, unicode,
 * quotes, empty and very long cells, duplicated, shuffled, blank and garbage rows, and (rarely) a
 * damaged header.
 *
 * <p>Property: every case ends either in a {@link MappingException} with a message (the file as a
 * whole does not fit), or in an {@link ImportResult} in which every rejection names the source and
 * a row that exists, every record's provenance names existing rows, and every data row is accounted
 * for: made into a record, named by a rejection, or the only usable visit of its subject. Nothing
 * else may be thrown. See {@link FuzzSupport} for the case count and seeds.
 */
class CsvFuzzTest {

  private static final Path CSV = Path.of("../datasets/pbc/pbcseq.csv");
  private static final Path MAPPING = Path.of("../datasets/pbc/pbc-mapping.json");
  private static final String SOURCE = "fuzz.csv";
  private static final int DAY = 6;
  private static final Pattern LOCATION = Pattern.compile("rows? (\\d+)(?:, (\\d+))?");
  private static final Pattern SOURCE_ID = Pattern.compile("row:(\\d+)");
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

  @Example
  void mutatedPbcRows_endInRowRejectionsOrAMappingException_neverACrash() throws Exception {
    Mapping mapping = Mapping.read(MAPPING);
    CsvImporter importer = new CsvImporter(mapping);
    List<String> lines = Files.readAllLines(CSV, UTF_8);
    String header = lines.get(0);
    List<String> rows = lines.subList(1, lines.size());
    long base = FuzzSupport.baseSeed();
    FuzzSupport.Tally tally = new FuzzSupport.Tally("csv", base);
    int cases = FuzzSupport.cases();
    for (int i = 0; i < cases; i++) {
      long seed = FuzzSupport.caseSeed(base, i);
      byte[] csv = generate(new Random(seed), header, rows);
      ImportResult result = null;
      try {
        result = importer.read(new ByteArrayInputStream(csv), SOURCE);
      } catch (MappingException e) {
        assertThat(e.getMessage()).as(FuzzSupport.rerun(seed)).isNotBlank();
        tally.refused("MappingException");
      } catch (Throwable t) {
        tally.crash(seed, t);
      }
      tally.caseDone();
      if (result != null) {
        check(result, csv, seed);
        tally.accepted(result.records().size());
        result.rejections().forEach(r -> tally.rejected(r.reason().name()));
      }
    }
    // The importer is stateless: after all the bad input, the clean file imports as before.
    try (InputStream in = Files.newInputStream(CSV)) {
      ImportResult clean = importer.read(in, "pbcseq.csv");
      assertThat(clean.rejections()).isEmpty();
      assertThat(clean.records()).hasSize(1633);
    }
    tally.report("records");
  }

  /** A slice of consecutive pbcseq rows, mutated at the row, cell, header and byte level. */
  static byte[] generate(Random r, String header, List<String> rows) {
    int start = r.nextInt(rows.size());
    int k = 1 + r.nextInt(30);
    List<String> lines = new ArrayList<>(rows.subList(start, Math.min(rows.size(), start + k)));
    int mutations = r.nextInt(5);
    for (int m = 0; m < mutations; m++) {
      mutateRows(r, lines);
    }
    String head = r.nextInt(25) == 0 ? mutateHeader(r, header) : header;
    String eol = r.nextInt(8) == 0 ? "\r\n" : "\n";
    StringBuilder text = new StringBuilder();
    if (r.nextInt(20) == 0) {
      text.append('\uFEFF');
    }
    text.append(head);
    for (String line : lines) {
      text.append(eol).append(line);
    }
    if (r.nextBoolean()) {
      text.append(eol);
    }
    byte[] bytes = text.toString().getBytes(UTF_8);
    int byteMutations = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
    for (int m = 0; m < byteMutations; m++) {
      bytes = FuzzSupport.mutateBytes(r, bytes);
    }
    return bytes;
  }

  private static void mutateRows(Random r, List<String> lines) {
    if (lines.isEmpty()) {
      lines.add(FuzzSupport.randomString(r, r.nextInt(40)));
      return;
    }
    int at = r.nextInt(lines.size());
    String line = lines.get(at);
    List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
    switch (r.nextInt(14)) {
      case 0 -> cells.set(r.nextInt(cells.size()), cell(r, FuzzSupport.nastyString(r)));
      case 1 -> lines.set(at, line.substring(0, r.nextInt(line.length() + 1)));
      case 2 -> {
        int extra = 1 + r.nextInt(3);
        for (int e = 0; e < extra; e++) {
          cells.add(r.nextInt(cells.size() + 1), cell(r, FuzzSupport.nastyString(r)));
        }
      }
      case 3 -> cells.remove(r.nextInt(cells.size()));
      case 4 -> lines.add(r.nextInt(lines.size() + 1), line);
      case 5 -> {
        String other = lines.get(r.nextInt(lines.size()));
        String[] otherCells = other.split(",", -1);
        if (cells.size() > DAY && otherCells.length > DAY) {
          cells.set(DAY, otherCells[DAY]);
        }
      }
      case 6 -> Collections.shuffle(lines, r);
      case 7 -> lines.add(r.nextInt(lines.size() + 1), r.nextBoolean() ? "" : "   ");
      case 8 -> lines.add(r.nextInt(lines.size() + 1), FuzzSupport.randomString(r, r.nextInt(80)));
      case 9 -> cells.set(r.nextInt(cells.size()), FuzzSupport.longString(r));
      case 10 ->
          cells.set(
              r.nextInt(cells.size()),
              FuzzSupport.pick(
                  r,
                  List.of(
                      "NaN",
                      "Infinity",
                      "-Infinity",
                      "1e309",
                      "-1e309",
                      "1e-400",
                      "-0",
                      "-1",
                      "1" + "0".repeat(400),
                      "0." + "0".repeat(400) + "1",
                      "9".repeat(20),
                      "2147483648",
                      "-9223372036854775809",
                      "1e2147483648")));
      case 11 -> cells.set(0, cell(r, FuzzSupport.nastyString(r)));
      case 12 -> lines.remove(at);
      default -> {
        int pos = r.nextInt(line.length() + 1);
        lines.set(at, line.substring(0, pos) + '"' + line.substring(pos));
      }
    }
    if (at < lines.size() && lines.get(at).equals(line)) {
      String joined = String.join(",", cells);
      if (!joined.equals(line)) {
        lines.set(at, joined);
      }
    }
  }

  /** The value as a cell: raw, or quoted as CSV quotes it. */
  private static String cell(Random r, String value) {
    return r.nextBoolean() ? value : '"' + value.replace("\"", "\"\"") + '"';
  }

  private static String mutateHeader(Random r, String header) {
    List<String> names = new ArrayList<>(Arrays.asList(header.split(",", -1)));
    switch (r.nextInt(5)) {
      case 0 -> names.remove(r.nextInt(names.size()));
      case 1 -> names.set(r.nextInt(names.size()), names.get(r.nextInt(names.size())));
      case 2 -> names.set(r.nextInt(names.size()), " " + names.get(r.nextInt(names.size())) + " ");
      case 3 -> names.set(r.nextInt(names.size()), FuzzSupport.nastyString(r));
      default -> {
        return "";
      }
    }
    return String.join(",", names);
  }

  private static void check(ImportResult result, byte[] csv, long seed) throws Exception {
    String why = FuzzSupport.rerun(seed);
    int maxRow = 1;
    for (byte b : csv) {
      if (b == '\n' || b == '\r') {
        maxRow++;
      }
    }
    assertThat(result.unitsRead()).as(why).isBetween(0L, (long) maxRow - 1);
    Set<Integer> named = new HashSet<>();
    boolean malformed = false;
    for (Rejection rejection : result.rejections()) {
      assertThat(rejection.source()).as(why).isEqualTo(SOURCE);
      assertThat(rejection.message()).as(why).isNotBlank();
      Matcher m = LOCATION.matcher(rejection.location());
      assertThat(m.matches()).as(why + ": location of " + rejection).isTrue();
      for (int g = 1; g <= 2; g++) {
        if (m.group(g) != null) {
          int row = Integer.parseInt(m.group(g));
          assertThat(row).as(why + ": row of " + rejection).isBetween(2, maxRow);
          named.add(row);
        }
      }
      malformed |= rejection.reason() == RejectionReason.MALFORMED;
    }
    Set<Integer> used = new HashSet<>();
    for (TransitionRecord record : result.records()) {
      for (String id : record.provenance().sourceIds()) {
        Matcher m = SOURCE_ID.matcher(id);
        assertThat(m.matches()).as(why + ": source id " + id).isTrue();
        int row = Integer.parseInt(m.group(1));
        assertThat(row).as(why + ": source row " + id).isBetween(2, maxRow);
        used.add(row);
      }
    }
    String text = strictUtf8(csv);
    if (text == null || malformed) {
      return; // rows after a parse failure or around bad bytes: the checks above suffice
    }
    checkEveryRowAccountedFor(result, text, named, used, why);
  }

  /**
   * Each data row read is in a record, named by a rejection, or the single row of its subject that
   * no rejection names (a lone visit makes no transition). Needs valid UTF-8 so that this parse
   * sees the rows the importer saw.
   */
  private static void checkEveryRowAccountedFor(
      ImportResult result, String text, Set<Integer> named, Set<Integer> used, String why)
      throws Exception {
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<CSVRecord> all = new ArrayList<>();
    try (CSVParser parser = FORMAT.parse(new StringReader(text))) {
      parser.forEach(all::add);
    } catch (RuntimeException e) {
      return; // the importer reports such a file as MALFORMED; not this check's concern
    }
    if (all.isEmpty()) {
      return;
    }
    List<String> header = new ArrayList<>();
    all.get(0).forEach(h -> header.add(h.strip()));
    int subjectColumn = header.indexOf("id");
    long dataRows = 0;
    Map<String, List<Integer>> unnamedBySubject = new HashMap<>();
    List<Integer> unaccounted = new ArrayList<>();
    for (int i = 1; i < all.size(); i++) {
      CSVRecord record = all.get(i);
      int row = i + 1;
      if (record.size() == 1 && record.get(0).isBlank() && header.size() > 1) {
        continue;
      }
      dataRows++;
      if (named.contains(row)) {
        continue;
      }
      assertThat(record.size())
          .as(why + ": row " + row + " has the wrong cell count but no rejection")
          .isEqualTo(header.size());
      String subject = record.get(subjectColumn).strip();
      unnamedBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(row);
      if (!used.contains(row)) {
        unaccounted.add(row);
      }
    }
    assertThat(result.unitsRead()).as(why + ": rows read").isEqualTo(dataRows);
    for (int row : unaccounted) {
      String subject = all.get(row - 1).get(subjectColumn).strip();
      assertThat(unnamedBySubject.get(subject))
          .as(
              why
                  + ": row "
                  + row
                  + " is neither in a record nor rejected, yet its subject '"
                  + subject
                  + "' has other usable rows")
          .containsExactly(row);
    }
  }

  private static String strictUtf8(byte[] bytes) {
    try {
      return UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}

package org.transitionnet.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.importing.Rejection;
import org.transitionnet.importing.RejectionReason;
import org.transitionnet.record.Action;
import org.transitionnet.record.Provenance;
import org.transitionnet.record.State;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.record.Value;
import org.transitionnet.record.Variable;
import org.transitionnet.validation.DeclaredVariable;
import org.transitionnet.validation.RecordValidator;
import org.transitionnet.validation.ValidatedRecord;

/**
 * Turns a CSV file into transition records as a {@link Mapping} says.
 *
 * <p>Rows are numbered as a spreadsheet shows them: the header is row 1, the first data row is row
 * 2 (the same as the editor's line number unless a quoted cell spans lines). The file must be
 * UTF-8; a row holding malformed bytes is refused ({@code BAD_ENCODING}). A row with more or fewer
 * cells than the header ({@code WRONG_COLUMN_COUNT}), a cell that is not a number or not a declared
 * level ({@code BAD_VALUE}), an empty subject, time or action cell ({@code MISSING_FIELD}), a value
 * outside the declared range ({@code OUT_OF_RANGE}) or a row repeating an earlier one ({@code
 * DUPLICATE}) is refused with the row and column named, and takes no part in pairing. An empty cell
 * (or one of the mapping's {@code missing_values}) is a missing value. Blank lines are skipped and
 * not counted.
 *
 * <p>Every record made is checked by a {@link RecordValidator} over {@link Mapping#variables()}.
 * Stateless and thread-safe: one importer may read many files.
 */
public final class CsvImporter {

  private static final Pattern NUMBER =
      Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?");
  private static final CSVFormat FORMAT =
      CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(false).get();

  private final Mapping mapping;
  private final RecordValidator validator;

  public CsvImporter(Mapping mapping) {
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.validator = new RecordValidator(mapping.variables());
  }

  public Mapping mapping() {
    return mapping;
  }

  /**
   * Reads one CSV file.
   *
   * @param csv the file's bytes (UTF-8); read to the end, not closed
   * @param sourceName the file name rejections and messages use
   * @return the records made, every rejected row or pair, and the pairs dropped by rule
   * @throws MappingException when the file as a whole does not fit the mapping: a column the
   *     mapping names is absent (the message and {@link MappingException#column()} name it), or
   *     there is no header row
   */
  public ImportResult read(InputStream csv, String sourceName) throws MappingException {
    Objects.requireNonNull(csv, "csv");
    String source = sourceName == null ? "" : sourceName;
    byte[] bytes;
    try {
      bytes = csv.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
    Utf8Text text = Utf8Text.decode(bytes);
    Run run = new Run(source, text);
    run.readRows();
    run.pair();
    return run.result();
  }

  /** Where each mapped column sits in the header. */
  private record Columns(
      int subject, int site, int time, int[] context, int[][] state, int[] actions) {}

  /** One time point of one subject: a row (long) or a series time of a row (wide). */
  private record Visit(
      int row,
      String subject,
      String site,
      double timeDays,
      List<Variable> state,
      List<Variable> context,
      List<Action> actions) {}

  private record Keyed(int row, Rejection rejection) {}

  /** The state of one {@link #read} call. */
  private final class Run {
    final String source;
    final Utf8Text text;
    final List<Keyed> rejections = new ArrayList<>();
    final Map<String, List<Visit>> bySubject = new LinkedHashMap<>();
    final Map<String, Integer> rowContents = new HashMap<>();
    final List<TransitionRecord> records = new ArrayList<>();
    final Map<String, Integer> identities = new HashMap<>();
    final Map<RejectionReason, Long> dropped = new EnumMap<>(RejectionReason.class);
    List<String> header;
    Columns columns;
    long rowsRead;

    Run(String source, Utf8Text text) {
      this.source = source;
      this.text = text;
    }

    void readRows() throws MappingException {
      List<CSVRecord> all = new ArrayList<>();
      int failedAt = -1;
      String failure = null;
      try (CSVParser parser = FORMAT.parse(new StringReader(text.text()))) {
        Iterator<CSVRecord> it = parser.iterator();
        while (true) {
          try {
            if (!it.hasNext()) {
              break;
            }
            all.add(it.next());
          } catch (UncheckedIOException | IllegalStateException e) {
            failedAt = all.size() + 1;
            failure = e.getMessage();
            break;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (all.isEmpty()) {
        throw new MappingException(
            "$", null, "the CSV file " + source + " has no header row", null);
      }
      CSVRecord head = all.get(0);
      long headEnd = all.size() > 1 ? all.get(1).getCharacterPosition() : text.text().length();
      if (text.malformedIn(head.getCharacterPosition(), headEnd)) {
        throw new MappingException(
            "$", null, "the header (row 1) of " + source + " is not valid UTF-8", null);
      }
      header = new ArrayList<>();
      head.forEach(h -> header.add(h.strip()));
      columns = resolveColumns();
      for (int i = 1; i < all.size(); i++) {
        CSVRecord record = all.get(i);
        long end = i + 1 < all.size() ? all.get(i + 1).getCharacterPosition() : Long.MAX_VALUE;
        readRow(record, i + 1, text.malformedIn(record.getCharacterPosition(), end));
      }
      if (failure != null) {
        reject(
            failedAt,
            "row " + failedAt,
            "",
            RejectionReason.MALFORMED,
            "the CSV cannot be parsed from here on: " + failure);
      }
    }

    private Columns resolveColumns() throws MappingException {
      int subject =
          mapping.subjectColumn().isPresent()
              ? index(mapping.subjectColumn().get(), "$.subject")
              : -1;
      int site =
          mapping.siteColumn().isPresent() ? index(mapping.siteColumn().get(), "$.site") : -1;
      int time =
          mapping.time().column() == null ? -1 : index(mapping.time().column(), "$.time.column");
      int[] context = new int[mapping.context().size()];
      for (int i = 0; i < context.length; i++) {
        context[i] = index(mapping.context().get(i).column(), "$.context[" + i + "].column");
      }
      int[][] state = new int[mapping.state().size()][];
      for (int i = 0; i < state.length; i++) {
        VariableMapping v = mapping.state().get(i);
        if (v.column() != null) {
          state[i] = new int[] {index(v.column(), "$.state[" + i + "].column")};
        } else {
          state[i] = new int[v.series().size()];
          int j = 0;
          for (String column : v.series().keySet()) {
            state[i][j++] = index(column, "$.state[" + i + "].series");
          }
        }
      }
      int[] actions = new int[mapping.actions().size()];
      for (int i = 0; i < actions.length; i++) {
        String path =
            mapping.actions().size() == 1 ? "$.action.column" : "$.action[" + i + "].column";
        actions[i] = index(mapping.actions().get(i).column(), path);
      }
      return new Columns(subject, site, time, context, state, actions);
    }

    private int index(String column, String path) throws MappingException {
      int first = header.indexOf(column);
      if (first < 0) {
        throw new MappingException(
            path,
            column,
            "the CSV file "
                + source
                + " has no column '"
                + column
                + "' (its columns: "
                + header
                + ")",
            null);
      }
      if (header.lastIndexOf(column) != first) {
        throw new MappingException(
            path,
            column,
            "the CSV file " + source + " has two columns named '" + column + "'",
            null);
      }
      return first;
    }

    private void readRow(CSVRecord record, int row, boolean malformed) {
      String location = "row " + row;
      if (record.size() == 1 && record.get(0).isBlank() && header.size() > 1 && !malformed) {
        return; // a blank line
      }
      rowsRead++;
      if (malformed) {
        String field = "";
        for (int i = 0; i < record.size() && i < header.size(); i++) {
          if (record.get(i).indexOf('\uFFFD') >= 0) {
            field = header.get(i);
            break;
          }
        }
        reject(
            row, location, field, RejectionReason.BAD_ENCODING, "holds bytes that are not UTF-8");
        return;
      }
      if (record.size() != header.size()) {
        reject(
            row,
            location,
            "",
            RejectionReason.WRONG_COLUMN_COUNT,
            "has " + record.size() + " cells, the header has " + header.size());
        return;
      }
      int before = rejections.size();
      String subject;
      if (columns.subject() >= 0) {
        subject = required(record, columns.subject(), row);
      } else {
        subject = Integer.toString(row);
      }
      String site = columns.site() >= 0 ? required(record, columns.site(), row) : "";
      Double time = null;
      if (columns.time() >= 0) {
        String cell = required(record, columns.time(), row);
        if (cell != null) {
          time = number(cell, row, columns.time());
        }
      }
      List<Variable> context = new ArrayList<>();
      for (int i = 0; i < columns.context().length; i++) {
        context.add(variable(record, columns.context()[i], mapping.context().get(i), row));
      }
      List<Action> actions = new ArrayList<>();
      for (int i = 0; i < columns.actions().length; i++) {
        int column = columns.actions()[i];
        String cell = required(record, column, row);
        if (cell == null) {
          continue;
        }
        Action action = mapping.actions().get(i).levels().get(cell);
        if (action == null) {
          reject(
              row,
              location,
              header.get(column),
              RejectionReason.BAD_VALUE,
              "'"
                  + cell
                  + "' is not one of the action levels "
                  + mapping.actions().get(i).levels().keySet());
        }
        actions.add(action);
      }
      List<Visit> visits = new ArrayList<>();
      if (mapping.layout() == Layout.LONG) {
        List<Variable> state = new ArrayList<>();
        for (int i = 0; i < columns.state().length; i++) {
          state.add(variable(record, columns.state()[i][0], mapping.state().get(i), row));
        }
        if (time != null) {
          visits.add(
              new Visit(row, subject, site, mapping.time().toDays(time), state, context, actions));
        }
      } else {
        visits.addAll(wideVisits(record, row, subject, site, context, actions));
      }
      if (rejections.size() > before) {
        return;
      }
      String content = site + "\u0000" + subject + "\u0000" + mappedCells(record);
      Integer first = rowContents.putIfAbsent(content, row);
      if (first != null) {
        reject(
            row,
            location,
            "",
            RejectionReason.DUPLICATE,
            "repeats row " + first + " (same subject, time and values)");
        return;
      }
      List<Visit> subjectVisits =
          bySubject.computeIfAbsent(site + "\u0000" + subject, k -> new ArrayList<>());
      if (mapping.layout() == Layout.WIDE && !subjectVisits.isEmpty()) {
        reject(
            row,
            location,
            mapping.subjectColumn().orElse(""),
            RejectionReason.DUPLICATE,
            "subject '"
                + subject
                + "' already has row "
                + subjectVisits.get(0).row()
                + " (the wide layout has one row per subject)");
        return;
      }
      subjectVisits.addAll(visits);
    }

    private List<Visit> wideVisits(
        CSVRecord record,
        int row,
        String subject,
        String site,
        List<Variable> context,
        List<Action> actions) {
      Map<Double, Map<String, Variable>> byTime = new java.util.TreeMap<>();
      for (int i = 0; i < columns.state().length; i++) {
        VariableMapping v = mapping.state().get(i);
        int j = 0;
        for (double t : v.series().values()) {
          Variable value = variable(record, columns.state()[i][j++], v, row);
          byTime.computeIfAbsent(t, k -> new HashMap<>()).put(v.name(), value);
        }
      }
      List<Visit> visits = new ArrayList<>();
      for (var point : byTime.entrySet()) {
        List<Variable> state = new ArrayList<>();
        boolean anyObserved = false;
        for (VariableMapping v : mapping.state()) {
          Variable value = point.getValue().get(v.name());
          if (value == null) {
            DeclaredVariable d = v.declared();
            value = Variable.missing(d.name(), d.unit(), d.code());
          }
          anyObserved |= !value.isMissing();
          state.add(value);
        }
        if (anyObserved) {
          visits.add(
              new Visit(
                  row,
                  subject,
                  site,
                  mapping.time().toDays(point.getKey()),
                  state,
                  context,
                  actions));
        }
      }
      return visits;
    }

    private String mappedCells(CSVRecord record) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < header.size(); i++) {
        b.append(record.get(i).strip()).append('\u0000');
      }
      return b.toString();
    }

    /** The stripped cell, or {@code null} after a MISSING_FIELD rejection when it is empty. */
    private String required(CSVRecord record, int column, int row) {
      String cell = record.get(column).strip();
      if (mapping.missingValues().contains(cell)) {
        reject(row, "row " + row, header.get(column), RejectionReason.MISSING_FIELD, "is empty");
        return null;
      }
      return cell;
    }

    private Double number(String cell, int row, int column) {
      if (!NUMBER.matcher(cell).matches()) {
        reject(
            row,
            "row " + row,
            header.get(column),
            RejectionReason.BAD_VALUE,
            "'" + cell + "' is not a number");
        return null;
      }
      double value = Double.parseDouble(cell);
      if (!Double.isFinite(value)) {
        reject(
            row,
            "row " + row,
            header.get(column),
            RejectionReason.BAD_VALUE,
            "'" + cell + "' is too large");
        return null;
      }
      return value;
    }

    /** The cell as a declared variable; a missing placeholder after a rejection. */
    private Variable variable(CSVRecord record, int column, VariableMapping v, int row) {
      DeclaredVariable d = v.declared();
      Variable missing = Variable.missing(d.name(), d.unit(), d.code());
      String cell = record.get(column).strip();
      if (mapping.missingValues().contains(cell)) {
        return missing;
      }
      String location = "row " + row;
      String field = header.get(column);
      Value value =
          switch (d.type()) {
            case NUMERIC -> {
              Double n = number(cell, row, column);
              yield n == null ? null : Value.of(n);
            }
            case BINARY -> {
              Boolean flag =
                  switch (cell.toLowerCase(java.util.Locale.ROOT)) {
                    case "1", "1.0", "true" -> Boolean.TRUE;
                    case "0", "0.0", "false" -> Boolean.FALSE;
                    default -> null;
                  };
              if (flag == null) {
                reject(
                    row,
                    location,
                    field,
                    RejectionReason.BAD_VALUE,
                    "'" + cell + "' is not a binary value (0, 1, true, false)");
              }
              yield flag == null ? null : Value.of(flag);
            }
            case CATEGORICAL -> {
              if (!d.levels().contains(cell)) {
                reject(
                    row,
                    location,
                    field,
                    RejectionReason.BAD_VALUE,
                    "'" + cell + "' is not one of the levels " + d.levels());
                yield null;
              }
              yield Value.of(cell);
            }
          };
      if (value == null) {
        return missing;
      }
      Variable raw = new Variable(d.name(), value, v.sourceUnit(), d.code());
      RecordValidator.CheckedVariable checked =
          validator.checkVariable(raw, d.role(), source, location, field);
      if (!checked.isValid()) {
        checked.rejections().forEach(r -> rejections.add(new Keyed(row, r)));
        return missing;
      }
      return checked.variable();
    }

    private void reject(
        int row, String location, String field, RejectionReason reason, String message) {
      rejections.add(new Keyed(row, new Rejection(source, location, field, reason, message)));
    }

    void pair() {
      for (List<Visit> visits : bySubject.values()) {
        List<Visit> sorted = new ArrayList<>(visits);
        sorted.sort(Comparator.comparingDouble(Visit::timeDays));
        for (int i = 1; i < sorted.size(); i++) {
          Visit from = mapping.pairing() == Pairing.CONSECUTIVE ? sorted.get(i - 1) : sorted.get(0);
          transition(from, sorted.get(i));
        }
      }
    }

    private void transition(Visit from, Visit to) {
      int firstRow = Math.min(from.row(), to.row());
      String location =
          from.row() == to.row() ? "row " + from.row() : "rows " + from.row() + ", " + to.row();
      if (!Double.isFinite(from.timeDays()) || !Double.isFinite(to.timeDays())) {
        // e.g. a huge time in a unit the mapping scales to days (found by MappingFuzzTest)
        reject(
            Math.max(from.row(), to.row()),
            location,
            mapping.time().column() == null ? "" : mapping.time().column(),
            RejectionReason.OUT_OF_RANGE,
            "subject '"
                + from.subject()
                + "' has a visit time that is not a finite number of days ("
                + (Double.isFinite(from.timeDays()) ? to.timeDays() : from.timeDays())
                + ")");
        return;
      }
      double interval = to.timeDays() - from.timeDays();
      if (!(interval > 0)) {
        reject(
            Math.max(from.row(), to.row()),
            location,
            mapping.time().column() == null ? "" : mapping.time().column(),
            RejectionReason.NON_POSITIVE_INTERVAL,
            "subject '"
                + from.subject()
                + "' has two visits at the same time (day "
                + from.timeDays()
                + ")");
        return;
      }
      if (mapping.maxIntervalDays().isPresent() && interval > mapping.maxIntervalDays().get()) {
        dropped.merge(RejectionReason.INTERVAL_TOO_LONG, 1L, Long::sum);
        return;
      }
      List<String> sourceIds =
          from.row() == to.row()
              ? List.of("row:" + from.row())
              : List.of("row:" + from.row(), "row:" + to.row());
      TransitionRecord record =
          new TransitionRecord(
              from.subject(),
              from.site(),
              new State(from.timeDays(), from.state()),
              from.context(),
              from.actions().isEmpty() ? List.of(Action.of("none", "", "")) : from.actions(),
              new State(to.timeDays(), to.state()),
              interval,
              List.of(),
              new Provenance(mapping.dataset(), sourceIds, null, mapping.version()));
      ValidatedRecord checked = validator.check(record, source, location);
      if (!checked.isValid()) {
        checked.rejections().forEach(r -> rejections.add(new Keyed(firstRow, r)));
        return;
      }
      Integer first = identities.putIfAbsent(checked.normalized().identityKey(), firstRow);
      if (first != null) {
        reject(
            firstRow,
            location,
            "",
            RejectionReason.DUPLICATE,
            "the same transition as the one from row " + first);
        return;
      }
      records.add(checked.normalized());
    }

    ImportResult result() {
      List<Rejection> ordered =
          rejections.stream()
              .sorted(Comparator.comparingInt(Keyed::row))
              .map(Keyed::rejection)
              .toList();
      return new ImportResult(rowsRead, records, ordered, dropped);
    }
  }
}

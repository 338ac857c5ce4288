package org.transitionnet.node.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The validation report of one import request, as it is answered and kept.
 *
 * @param importId the import's id, under which the report can be read again
 * @param dataset the dataset imported into
 * @param source the file name or request the data came from
 * @param mode {@code partial} or {@code all-or-nothing}
 * @param outcome what became of the request as a whole
 * @param startedAt when the import began
 * @param durationMillis how long it took to read, validate and store
 * @param rowsRead rows (CSV) or records (JSON) read
 * @param transitionsMade valid transition records the input made
 * @param stored records newly stored by this request
 * @param alreadyPresent valid records not stored because the node already had them
 * @param rejected rows or records refused
 * @param rejectedByReason the refusals counted by reason
 * @param dropped transitions not made for a documented rule that is not an error, by reason
 * @param rejections every refusal, in input order, with its place, field and reason
 */
public record ImportReport(
    String importId,
    String dataset,
    String source,
    String mode,
    ImportOutcome outcome,
    Instant startedAt,
    long durationMillis,
    long rowsRead,
    long transitionsMade,
    long stored,
    long alreadyPresent,
    long rejected,
    Map<String, Long> rejectedByReason,
    Map<String, Long> dropped,
    List<RejectedRow> rejections) {

  public ImportReport {
    rejectedByReason = Map.copyOf(rejectedByReason);
    dropped = Map.copyOf(dropped);
    rejections = List.copyOf(rejections);
  }
}

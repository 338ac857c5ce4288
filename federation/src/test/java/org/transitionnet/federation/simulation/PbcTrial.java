package org.transitionnet.federation.simulation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.Task;

/**
 * The Mayo Clinic PBC trial as the tests use it: the shipped {@code datasets/pbc} data read through
 * its mapping, and the task {@code pbc-labs-v1} built from them.
 *
 * @param records every transition record
 * @param task the task over them
 */
public record PbcTrial(List<TransitionRecord> records, Task task) {

  /** Reads {@code ../datasets/pbc} (tests run in their module's folder). */
  public static PbcTrial load() throws IOException, MappingException {
    Path dir = Path.of("../datasets/pbc");
    Mapping mapping = Mapping.parse(Files.readString(dir.resolve("pbc-mapping.json")));
    List<TransitionRecord> records;
    try (InputStream in = Files.newInputStream(dir.resolve("pbcseq.csv"))) {
      records = new CsvImporter(mapping).read(in, "pbcseq.csv").records();
    }
    return new PbcTrial(records, MappingTask.fromMapping("pbc-labs-v1", mapping, records));
  }
}

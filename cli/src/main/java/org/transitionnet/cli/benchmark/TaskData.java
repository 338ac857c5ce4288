package org.transitionnet.cli.benchmark;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.Task;
import org.transitionnet.task.TaskRefusedException;

/**
 * The CSV and mapping a local command reads: the user's {@code --data} and {@code --mapping}, or
 * the built-in task {@value #PBC_TASK} (the shipped Mayo PBC trial, inside the jar) when both are
 * absent.
 *
 * @param mappingJson the mapping file's text
 * @param csv the CSV's bytes
 * @param source the CSV's file name, for import reports and errors
 * @param builtIn whether this is the built-in task
 */
public record TaskData(String mappingJson, byte[] csv, String source, boolean builtIn) {

  /** The built-in task. */
  public static final String PBC_TASK = "pbc-labs-v1";

  private static final String PBC_MAPPING = "datasets/pbc/pbc-mapping.json";
  private static final String PBC_CSV = "datasets/pbc/pbcseq.csv";

  /**
   * A {@code --data} or {@code --mapping} file that does not exist (or is no regular file): a usage
   * error, reported on one line as {@code --data: no such file: X} (exit code 2).
   */
  public static final class MissingFileException extends TaskRefusedException {

    private static final long serialVersionUID = 1L;

    public MissingFileException(String option, Path path) {
      super(option + (Files.exists(path) ? ": not a file: " : ": no such file: ") + path);
    }
  }

  /**
   * The files given, or the built-in task when neither is.
   *
   * @throws MissingFileException when a file given does not exist
   * @throws TaskRefusedException when only one of the two is given
   */
  public static TaskData of(Path data, Path mapping) throws IOException {
    requireFile("--data", data);
    requireFile("--mapping", mapping);
    if ((data == null) != (mapping == null)) {
      throw new TaskRefusedException("--data and --mapping go together");
    }
    if (data == null) {
      return pbc();
    }
    return new TaskData(
        Files.readString(mapping, StandardCharsets.UTF_8),
        Files.readAllBytes(data),
        data.getFileName().toString(),
        false);
  }

  private static void requireFile(String option, Path path) {
    if (path != null && !Files.isRegularFile(path)) {
      throw new MissingFileException(option, path);
    }
  }

  /** The shipped pbc CSV and mapping, read from the class path. */
  public static TaskData pbc() throws IOException {
    return new TaskData(
        new String(resource(PBC_MAPPING), StandardCharsets.UTF_8),
        resource(PBC_CSV),
        "pbcseq.csv",
        true);
  }

  /**
   * The built-in task's records and the task {@value #PBC_TASK} over them, as the benchmarks use
   * it.
   */
  public static BuiltIn pbcTask() throws IOException, MappingException {
    TaskData pbc = pbc();
    Mapping mapping = pbc.mapping();
    List<TransitionRecord> records = pbc.importWith(mapping).records();
    return new BuiltIn(records, MappingTask.fromMapping(PBC_TASK, mapping, records));
  }

  /** The built-in task loaded: its records and the task. */
  public record BuiltIn(List<TransitionRecord> records, Task task) {}

  /** The mapping file parsed. */
  public Mapping mapping() throws MappingException {
    return Mapping.parse(mappingJson);
  }

  /** Imports the CSV with {@code mapping} (this file's, or one derived from it). */
  public ImportResult importWith(Mapping mapping) throws MappingException {
    return new CsvImporter(mapping).read(new ByteArrayInputStream(csv), source);
  }

  /** The task's name: {@code requested} if given, else the built-in name or the dataset's. */
  public String taskName(String requested, Mapping mapping) {
    return requested != null ? requested : builtIn ? PBC_TASK : mapping.dataset();
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = TaskData.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException(
            "built-in " + path + " is missing from the class path; give --data and --mapping");
      }
      return in.readAllBytes();
    }
  }
}

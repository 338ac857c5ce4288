package org.transitionnet.cli.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.transitionnet.benchmark.BenchmarkProgress;
import org.transitionnet.importing.ImportResult;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.mapping.MappingException;
import org.transitionnet.mapping.VariableMapping;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.SitePartition;
import org.transitionnet.task.Task;
import org.transitionnet.task.TaskRefusedException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The data options of {@code tnet benchmark} and {@code tnet simulate} (a picocli mixin): which CSV
 * and mapping, which task name, and how the records are split into sites. {@link #load} imports and
 * partitions.
 */
public final class DataOptions {

  /** The records of each site and the task they are for. */
  public record SiteData(Task task, Map<String, List<TransitionRecord>> sites) {}

  @Option(names = "--data", paramLabel = "FILE.csv", description = "the CSV (with --mapping)")
  Path data;

  @Option(
      names = "--mapping",
      paramLabel = "MAP.json",
      description = "the mapping file of the CSV (required with --data)")
  Path mapping;

  @Option(
      names = "--task",
      description = "task name in the leaderboard (default: pbc-labs-v1 or the mapping's dataset)")
  String taskName;

  static final class SiteChoice {
    @Option(
        names = "--sites-by",
        paramLabel = "COLUMN",
        description = "a natural site column (a CSV column or a declared variable)")
    String sitesBy;

    @Option(names = "--sites", paramLabel = "K", description = "simulate K sites by subject")
    Integer sites;
  }

  @ArgGroup(exclusive = true, multiplicity = "0..1")
  SiteChoice siteChoice;

  @Option(
      names = "--split",
      paramLabel = "RULE",
      defaultValue = "iid",
      description =
          "with --sites: iid, dirichlet:ALPHA or dirichlet:ALPHA:COLUMN (default: ${DEFAULT-VALUE})")
  String split;

  /**
   * Imports the CSV (reporting rows, transitions and rejections to {@code progress}) and splits the
   * records into sites: by {@code --sites-by} (a declared variable, or a CSV column imported as the
   * records' site), into {@code --sites} simulated sites, by the records' own site when a user's
   * CSV gives every record one, else into 3 simulated sites.
   *
   * @throws TaskRefusedException when the import makes no transitions or a site is too small
   */
  public SiteData load(long seed, BenchmarkProgress progress) throws IOException, MappingException {
    TaskData input = TaskData.of(data, mapping);
    Mapping m = input.mapping();
    String siteColumn = siteChoice == null ? null : siteChoice.sitesBy;
    String siteVariable = null;
    if (siteColumn != null) {
      siteVariable = declaredVariable(m, siteColumn);
      if (siteVariable == null && !m.siteColumn().map(siteColumn::equals).orElse(false)) {
        // a natural site column the mapping does not name: import it as the records' site
        ObjectNode tree = (ObjectNode) new ObjectMapper().readTree(input.mappingJson());
        tree.put("site", siteColumn);
        m = Mapping.parse(tree.toString());
      }
    }
    ImportResult imported = input.importWith(m);
    progress.info(
        String.format(
            Locale.ROOT,
            "imported %s: %d rows -> %d transitions (%d rejected%s)",
            input.source(),
            imported.unitsRead(),
            imported.records().size(),
            imported.rejections().size(),
            imported.rejections().isEmpty() ? "" : ": " + imported.rejectedByReason()));
    List<TransitionRecord> records = imported.records();
    if (records.isEmpty()) {
      throw new TaskRefusedException("the import made no transitions from " + input.source());
    }
    Task task = MappingTask.fromMapping(input.taskName(taskName, m), m, records);
    Map<String, List<TransitionRecord>> sites;
    if (siteVariable != null) {
      sites = SitePartition.byColumn(records, siteVariable);
    } else if (siteColumn != null) {
      sites = SitePartition.bySiteField(records);
    } else if (siteChoice != null && siteChoice.sites != null) {
      sites = SitePartition.simulate(records, siteChoice.sites, split, seed);
    } else if (!input.builtIn() && records.stream().noneMatch(r -> r.site().isEmpty())) {
      sites = SitePartition.bySiteField(records);
    } else {
      sites = SitePartition.simulate(records, 3, split, seed);
    }
    return new SiteData(task, sites);
  }

  private static String declaredVariable(Mapping m, String column) {
    List<VariableMapping> all = new ArrayList<>(m.context());
    all.addAll(m.state());
    for (VariableMapping v : all) {
      if (column.equals(v.column()) || column.equals(v.name())) {
        return v.name();
      }
    }
    return null;
  }
}

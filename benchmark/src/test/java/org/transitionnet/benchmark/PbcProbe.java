package org.transitionnet.benchmark;

import java.io.FileInputStream;
import java.nio.file.Path;
import org.transitionnet.leaderboard.LeaderboardMarkdown;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.SitePartition;

/** Manual probe (not a test): runs the pbc benchmark and prints the Markdown leaderboard. */
public final class PbcProbe {
  public static void main(String[] args) throws Exception {
    Mapping m = Mapping.read(Path.of("datasets/pbc/pbc-mapping.json"));
    var result =
        new CsvImporter(m).read(new FileInputStream("datasets/pbc/pbcseq.csv"), "pbcseq.csv");
    var records = result.records();
    var task = MappingTask.fromMapping("pbc-labs-v1", m, records);
    var sites = SitePartition.simulate(records, 3, "iid", 1);
    int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    var opts = BenchmarkOptions.defaults(1).withEpochs(epochs);
    long t0 = System.nanoTime();
    var lb = new Benchmark(task, sites, opts, BenchmarkProgress.SILENT).run();
    System.out.println(LeaderboardMarkdown.render(lb));
    System.out.println("seconds " + (System.nanoTime() - t0) / 1e9);
  }
}

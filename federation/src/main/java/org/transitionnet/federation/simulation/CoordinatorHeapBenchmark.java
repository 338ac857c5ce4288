package org.transitionnet.federation.simulation;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.coordinator.SiteLink;
import org.transitionnet.federation.job.JobSpec;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.store.JobStatus;
import org.transitionnet.federation.transport.ParameterChunks;
import org.transitionnet.proto.v1.CoordinatorMessage;
import org.transitionnet.proto.v1.JobDecision;
import org.transitionnet.proto.v1.RoundRef;
import org.transitionnet.proto.v1.SiteMessage;
import org.transitionnet.proto.v1.TrainTask;
import org.transitionnet.proto.v1.UpdateHeader;

/**
 * The coordinator's own heap during rounds, whatever the number of sites. The real {@link
 * Coordinator} (job runner, round engine, plain aggregation, FedAvg, in-memory store) runs in this
 * JVM; the sites are stand-ins that hold nothing: their links drop the model chunks they are sent,
 * and one feeder thread answers each round with every site's update built chunk by chunk on the
 * fly, all sites' chunk i before any site's chunk i+1 (the order in which a coordinator that kept
 * per-site updates would hold the most). So the heap in use is the coordinator's plus one chunk.
 *
 * <p>Before the job runs (the baseline: the initial model, which is round 1's global model, and the
 * stand-ins' one update) and, during each round, once the headers are in and after every wave of
 * chunks, the feeder forces a full collection and reads the heap in use: the live data at that
 * moment. It prints the highest live heap above the baseline, in MB and as multiples of the model
 * (8 bytes per parameter), and the bytes the JVM allocated per round. The in-memory store keeps
 * every model version, so each round after the first adds one model to what is live (a deployed
 * coordinator keeps them in its database): measure with ROUNDS = 1 (the default). Not caught by
 * these samples: the close of the round, which turns the sum into the mean and the new model (8
 * bytes per parameter each) after the last chunk. Run it with a small {@code -Xmx}: a coordinator
 * that buffered whole updates would need sites x model and fail with OutOfMemoryError.
 *
 * <p>Usage: {@code CoordinatorHeapBenchmark SITES PARAMETERS [ROUNDS]}
 */
public final class CoordinatorHeapBenchmark {

  private CoordinatorHeapBenchmark() {}

  /**
   * What one run found.
   *
   * @param baselineLiveBytes live heap before the job ran
   * @param peakLiveAboveBaseline highest live heap sampled during the rounds, minus the baseline
   * @param allocatedBytesPerRound bytes all threads allocated per round
   */
  public record Result(
      int sites,
      int parameters,
      int rounds,
      long baselineLiveBytes,
      long peakLiveAboveBaseline,
      long allocatedBytesPerRound) {

    /** The live peak in multiples of the model (8 bytes per parameter). */
    public double peakOverModel() {
      return peakLiveAboveBaseline / (parameters * (double) Double.BYTES);
    }
  }

  public static void main(String[] args) throws Exception {
    int sites = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int parameters = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Result r = measure(sites, parameters, rounds);
    System.out.printf(
        Locale.ROOT,
        "sites=%d parameters=%d rounds=%d model_mb=%.1f baseline_live_mb=%.1f"
            + " peak_live_above_baseline_mb=%.1f peak_over_model=%.2f allocated_mb_per_round=%.0f"
            + " pool_peak_sum_mb=%.0f max_heap_mb=%.0f load_average=%.1f%n",
        sites,
        parameters,
        rounds,
        parameters * (double) Double.BYTES / 1e6,
        r.baselineLiveBytes() / 1e6,
        r.peakLiveAboveBaseline() / 1e6,
        r.peakOverModel(),
        r.allocatedBytesPerRound() / 1e6,
        poolPeakSum() / 1e6,
        Runtime.getRuntime().maxMemory() / 1e6,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** Runs a plain job of {@code rounds} rounds over {@code sites} stand-in sites. */
  public static Result measure(int sites, int parameters, int rounds) throws InterruptedException {
    FederationStore store = FederationStore.inMemory();
    Coordinator coordinator =
        new Coordinator("coordinator", store, new PlainAggregation(), Clock.systemUTC());
    BlockingQueue<TrainTask> tasks = new LinkedBlockingQueue<>();
    List<String> ids = new ArrayList<>();
    for (int s = 0; s < sites; s++) {
      String id = String.format("site-%03d", s);
      ids.add(id);
      coordinator.siteConnected(id, new StandInSite(id, coordinator, tasks));
    }
    JobSpec job =
        JobSpec.of("heap", StrategyKind.FEDAVG, rounds, parameters)
            .withMinSites(sites)
            .withRoundTimeout(Duration.ofMinutes(10));
    coordinator.submit(job, new double[parameters]);
    Feeder feeder = new Feeder(coordinator, ids, tasks, rounds, parameters);
    Thread feederThread = new Thread(feeder, "stand-in-sites");
    feederThread.setDaemon(true);
    // the job's initial model (the global model of round 1) and the stand-ins' update are in it
    long baseline = liveHeap();
    feederThread.start();
    JobStatus status = coordinator.run("heap").status();
    feederThread.join();
    if (status != JobStatus.COMPLETED || feeder.failure != null) {
      throw new IllegalStateException("job " + status + ", feeder: " + feeder.failure);
    }
    return new Result(
        sites,
        parameters,
        rounds,
        baseline,
        feeder.peakLive - baseline,
        feeder.allocatedBytes / rounds);
  }

  /** Heap in use right after a full collection. */
  static long liveHeap() {
    System.gc();
    long used = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        used += pool.getUsage().getUsed();
      }
    }
    return used;
  }

  private static long poolPeakSum() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, bytes);
    }
    return total;
  }

  /** A site's link that accepts every job, queues its train tasks and drops everything else. */
  private record StandInSite(String id, Coordinator coordinator, BlockingQueue<TrainTask> tasks)
      implements SiteLink {
    @Override
    public void send(CoordinatorMessage message) {
      if (message.hasJobOffer()) {
        coordinator.onMessage(
            id,
            SiteMessage.newBuilder()
                .setJobDecision(
                    JobDecision.newBuilder()
                        .setJobId(message.getJobOffer().getSpec().getJobId())
                        .setAccepted(true)
                        .setRule("bench"))
                .build(),
            this);
      } else if (message.hasTrainTask()) {
        tasks.add(message.getTrainTask());
      }
    }
  }

  /** Sends every site's update of each round, wave by wave, measuring the live heap. */
  private static final class Feeder implements Runnable {
    private final Coordinator coordinator;
    private final List<String> sites;
    private final BlockingQueue<TrainTask> tasks;
    private final int rounds;

    /** The one update every stand-in site sends (held here, counted in the baselines). */
    private final double[] update;

    /** Highest live heap seen. */
    volatile long peakLive;

    volatile long allocatedBytes;
    volatile Throwable failure;

    Feeder(
        Coordinator coordinator,
        List<String> sites,
        BlockingQueue<TrainTask> tasks,
        int rounds,
        int parameters) {
      this.coordinator = coordinator;
      this.sites = sites;
      this.tasks = tasks;
      this.rounds = rounds;
      this.update = new double[parameters];
      java.util.Arrays.fill(update, 1e-3);
    }

    @Override
    public void run() {
      try {
        for (int r = 0; r < rounds; r++) {
          TrainTask task = null;
          for (int s = 0; s < sites.size(); s++) {
            task = tasks.take(); // the model chunks follow the tasks and are dropped
          }
          long allocated0 = allocatedByAllThreads();
          feedRound(task);
          allocatedBytes += allocatedByAllThreads() - allocated0;
        }
      } catch (Throwable t) {
        failure = t;
      }
    }

    private void feedRound(TrainTask task) {
      RoundRef ref = task.getRef();
      int parameters = task.getParameterCount();
      int chunks = ParameterChunks.count(parameters);
      for (String site : sites) {
        coordinator.onMessage(
            site,
            SiteMessage.newBuilder()
                .setUpdateHeader(
                    UpdateHeader.newBuilder()
                        .setRef(ref)
                        .setSampleCount(100)
                        .setParameterCount(parameters)
                        .setChunkCount(chunks))
                .build(),
            message -> {});
      }
      peakLive = Math.max(peakLive, liveHeap());
      for (int i = 0; i < chunks; i++) {
        // each site's chunk is a fresh message, as if parsed off its stream
        for (String site : sites) {
          coordinator.onMessage(
              site,
              SiteMessage.newBuilder()
                  .setUpdateChunk(ParameterChunks.chunk(ref, update, i))
                  .build(),
              message -> {});
        }
        peakLive = Math.max(peakLive, liveHeap());
      }
    }
  }
}

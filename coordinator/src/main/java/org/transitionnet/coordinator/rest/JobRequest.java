package org.transitionnet.coordinator.rest;

/**
 * What a researcher submits. Absent fields take the documented defaults.
 *
 * @param jobId optional id (letters, digits, '-', '_', '.'); generated when absent
 * @param task task id, e.g. {@code pbc-labs-v1}
 * @param modelSpec model family and shape, e.g. {@code transition-mlp:hidden=32,32}
 * @param strategy {@code fedavg} (default), {@code fedprox} or {@code fedadam}
 * @param rounds number of rounds (default 10)
 * @param localSteps local optimisation steps per round (default 20)
 * @param learningRate the sites' learning rate (default 0.003)
 * @param proximalMu FedProx coefficient (default 0.01 for fedprox, else 0)
 * @param serverLearningRate FedAdam server learning rate (default 0.01 for fedadam, else 0)
 * @param minSites fewest sites for a round to count (default 2)
 * @param roundTimeoutSeconds how long a round waits for its sites (default 300)
 * @param secureAggregation run the rounds with secure aggregation, the sites' updates leave only
 *     masked (default false)
 * @param dpEpsilon the job's differential-privacy target ε over all its rounds (absent: no DP)
 * @param dpDelta DP δ (default 1e-5)
 * @param seed the job's seed (default 42)
 * @param dpLevel {@code record} (DP-SGD at every site; the default when dpEpsilon is given), {@code
 *     client} (clipped updates with distributed noise; needs secureAggregation) or {@code none}
 * @param dpClipNorm L2 clip norm C of one record's gradient (record) or one site's update (client)
 *     (default 1.0)
 * @param protocol {@code federated} (default: the leaderboard holds the baselines and the job's
 *     strategy) or {@code full} (TransitionNet §7: once the job's rounds are done the coordinator
 *     also trains {@code local:<site>} at each site alone and {@code loso:<site>} over all other
 *     sites, as sub-jobs, and the leaderboard adds them and the cross-site matrix; every sub-job
 *     spends the sites' privacy budget like a job)
 */
public record JobRequest(
    String jobId,
    String task,
    String modelSpec,
    String strategy,
    Integer rounds,
    Integer localSteps,
    Double learningRate,
    Double proximalMu,
    Double serverLearningRate,
    Integer minSites,
    Long roundTimeoutSeconds,
    Boolean secureAggregation,
    Double dpEpsilon,
    Double dpDelta,
    Long seed,
    String dpLevel,
    Double dpClipNorm,
    String protocol) {}

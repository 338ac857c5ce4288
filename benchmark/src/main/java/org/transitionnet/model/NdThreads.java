package org.transitionnet.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J thread count. One thread is 3–5× faster than OpenMP's default on two cores for networks
 * of this size; the launcher also exports {@code OMP_NUM_THREADS}, which only takes effect before
 * ND4J loads.
 */
public final class NdThreads {

  private NdThreads() {}

  public static void configure(int threads) {
    NativeBackend.ensureLoaded();
    Nd4j.getEnvironment().setMaxThreads(threads);
    Nd4j.getEnvironment().setMaxMasterThreads(threads);
  }
}

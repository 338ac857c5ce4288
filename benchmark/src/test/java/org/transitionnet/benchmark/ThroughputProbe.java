package org.transitionnet.benchmark;

import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.testing.SyntheticTrial;

/** Manual probe (not a test): prints throughput on synthetic data. */
public final class ThroughputProbe {
  public static void main(String[] args) {
    var records = SyntheticTrial.records(400, 4, 1);
    var task = SyntheticTrial.task(records);
    var enc = new FeatureEncoder(task, FeatureStatistics.of(task, records));
    var ex = enc.encodeAll(records);
    var m = TransitionModel.create(enc, ModelConfig.defaults());
    var b = ex.subList(0, 64);
    for (int rep = 0; rep < 3; rep++) {
      long t = System.nanoTime();
      for (int i = 0; i < 50; i++) m.gradient(b);
      System.out.println("gradient ms " + (System.nanoTime() - t) / 50e6);
      t = System.nanoTime();
      for (int i = 0; i < 50; i++) m.setParameters(m.parameters());
      System.out.println("params ms " + (System.nanoTime() - t) / 50e6);
      t = System.nanoTime();
      for (int i = 0; i < 50; i++) m.predict(b);
      System.out.println(
          "predict ms "
              + (System.nanoTime() - t) / 50e6
              + " cpu "
              + java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime()
                  / 1e6);
    }
  }
}

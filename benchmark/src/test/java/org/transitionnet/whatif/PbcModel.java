package org.transitionnet.whatif;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.transitionnet.features.FeatureEncoder;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.mapping.CsvImporter;
import org.transitionnet.mapping.Mapping;
import org.transitionnet.model.ModelConfig;
import org.transitionnet.model.TransitionModel;
import org.transitionnet.record.TransitionRecord;
import org.transitionnet.task.MappingTask;
import org.transitionnet.task.Task;

/** A small transition model trained once on the shipped pbc data, for the what-if tests. */
final class PbcModel {

  private static ModelFile file;

  private PbcModel() {}

  static synchronized ModelFile file() throws Exception {
    if (file == null) {
      Mapping mapping = Mapping.read(Path.of("../datasets/pbc/pbc-mapping.json"));
      List<TransitionRecord> records;
      try (InputStream in = new FileInputStream("../datasets/pbc/pbcseq.csv")) {
        records = new CsvImporter(mapping).read(in, "pbcseq.csv").records();
      }
      Task task = MappingTask.fromMapping("pbc-labs-v1", mapping, records);
      FeatureEncoder encoder = new FeatureEncoder(task, FeatureStatistics.of(task, records));
      TransitionModel model =
          TransitionModel.create(encoder, ModelConfig.defaults().withHiddenLayers(List.of(16)));
      model.fit(records, 3);
      file =
          ModelFile.of("pooled", model, records)
              .withEvidence(
                  ModelFile.readEvidence(
                      Files.readString(Path.of("src/test/resources/whatif/pbc-evidence.json")),
                      "pbc-evidence.json"));
    }
    return file;
  }

  /** A typical pbc patient: values near the trial's medians. */
  static BaselineState typical() throws WhatIfRefusedException {
    return BaselineState.fromJson(
        """
        {"age": 50, "sex": "f", "bilirubin": 1.4, "cholesterol": 300, "albumin": 3.5,
         "alkaline_phosphatase": 1200, "ast": 110, "platelets": 250, "prothrombin_time": 10.7,
         "ascites": false, "hepatomegaly": true, "spiders": false, "edema": "0", "stage": "3",
         "interval_days": 365}
        """);
  }
}

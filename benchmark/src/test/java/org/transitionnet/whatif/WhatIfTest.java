package org.transitionnet.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transitionnet.features.FeatureStatistics;
import org.transitionnet.record.Direction;
import org.transitionnet.task.InputVariable;
import org.transitionnet.task.Task;
import org.transitionnet.task.VariableKind;

class WhatIfTest {

  @Test
  void typicalPbcState_answersEveryActionWithNestedIntervalsEvidenceAndTheHypothesisLabel()
      throws Exception {
    WhatIf whatIf = new WhatIf(PbcModel.file());

    WhatIfAnswer answer = whatIf.ask(PbcModel.typical());

    assertThat(answer.label()).startsWith("RESEARCH HYPOTHESIS").contains("not a recommendation");
    assertThat(answer.forecasts())
        .extracting(ActionForecast::action)
        .containsExactly("drug:D-penicillamine", "placebo:placebo");
    assertThat(answer.referenceAction()).isEqualTo("placebo:placebo");
    for (ActionForecast f : answer.forecasts()) {
      assertThat(f.trainingRecords()).isGreaterThan(500);
      assertThat(f.targets()).hasSize(6);
      for (TargetForecast t : f.targets()) {
        assertThat(t.interval90().low()).isLessThan(t.interval50().low());
        assertThat(t.interval50().low()).isLessThan(t.median());
        assertThat(t.median()).isLessThan(t.interval50().high());
        assertThat(t.interval50().high()).isLessThan(t.interval90().high());
        assertThat(t.sd()).isPositive();
      }
    }
    TargetForecast bili = answer.forecasts().get(0).targets().get(0);
    assertThat(bili.target()).isEqualTo("bilirubin");
    assertThat(bili.unit()).isEqualTo("mg/dL");
    assertThat(bili.baseline()).isEqualTo(1.4);
    // log scale: the median is exp(mean), and the bilirubin interval is not symmetric
    assertThat(bili.median()).isCloseTo(Math.exp(bili.mean()), within(1e-9));
    assertThat(bili.median()).isBetween(0.5, 4.0);
    assertThat(bili.interval90().high() - bili.median())
        .isGreaterThan(bili.median() - bili.interval90().low());
    assertThat(answer.forecasts().get(0).evidence())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.biomarker()).isEqualTo("bilirubin");
              assertThat(e.expectedDirection()).isEqualTo(Direction.DOWN);
            });
    assertThat(answer.forecasts().get(1).evidence()).isEmpty();
    assertThat(answer.forecasts().get(1).targets())
        .allSatisfy(t -> assertThat(t.shiftSd()).isZero());
    assertThat(answer.distance().squaredMahalanobis()).isLessThan(answer.distance().threshold());
    assertThat(answer.missingInputs()).isEmpty();
    assertThat(answer.caveats()).anyMatch(c -> c.contains("randomized"));
  }

  @Test
  void textReport_startsAndEndsWithTheLabelAndShowsBothActionsSideBySide() throws Exception {
    WhatIfAnswer answer = new WhatIf(PbcModel.file()).ask(PbcModel.typical());

    String text = WhatIfReport.text(answer);

    assertThat(text.lines().skip(1).findFirst()).hasValue(WhatIf.HYPOTHESIS_LABEL);
    assertThat(text.strip()).endsWith(WhatIf.HYPOTHESIS_LABEL);
    assertThat(text)
        .contains("drug:D-penicillamine")
        .contains("placebo:placebo")
        .contains("50%")
        .contains("90%")
        .contains(
            "copper (chelation) -> hepatic copper accumulation in cholestasis -> bilirubin"
                + " expected down");
    assertThat(WhatIfReport.json(answer)).contains("\"label\" : \"RESEARCH HYPOTHESIS");
  }

  @Test
  void absurdAlbumin_isRefusedNamingTheVariable() throws Exception {
    WhatIf whatIf = new WhatIf(PbcModel.file());
    BaselineState absurd = PbcModel.typical().with(Map.of("albumin", "40"));

    assertThatThrownBy(() -> whatIf.ask(absurd))
        .isInstanceOfSatisfying(
            WhatIfRefusedException.class,
            e -> {
              assertThat(e.field()).isEqualTo("albumin");
              assertThat(e.reason()).contains("too far outside the training data");
            });
  }

  @Test
  void combinationUnlikeAnyTrainingRecord_isRefusedByTheJointDistance() throws Exception {
    ModelFile file = PbcModel.file();
    Task task = file.task();
    FeatureStatistics stats = FeatureStatistics.fromVector(task, file.featureStatistics());
    // every numeric input 4.5 SD out, alternating direction: each |z| is allowed, together not
    Map<String, String> values = new LinkedHashMap<>();
    int sign = 1;
    for (InputVariable v : task.inputs()) {
      if (v.kind() == VariableKind.NUMERIC) {
        String slot = "input:" + v.name();
        double y = stats.mean(slot) + sign * 4.5 * stats.sd(slot);
        values.put(v.name(), Double.toString(WhatIf.inverse(v.transform(), y)));
        sign = -sign;
      }
    }
    BaselineState odd = PbcModel.typical().with(values);

    assertThatThrownBy(() -> new WhatIf(file).ask(odd))
        .isInstanceOfSatisfying(
            WhatIfRefusedException.class,
            e -> {
              assertThat(e.field()).isEqualTo("state");
              assertThat(e.reason()).contains("Mahalanobis").contains("empirical-99.9");
            });
  }

  @Test
  void unknownVariable_isRefusedListingTheKnownOnes() throws Exception {
    WhatIf whatIf = new WhatIf(PbcModel.file());
    BaselineState typo = PbcModel.typical().with(Map.of("bilirubine", "1.0"));

    assertThatThrownBy(() -> whatIf.ask(typo))
        .isInstanceOfSatisfying(
            WhatIfRefusedException.class,
            e -> {
              assertThat(e.field()).isEqualTo("bilirubine");
              assertThat(e.reason()).contains("known:").contains("bilirubin,");
            });
  }

  @Test
  void wrongKindsOfValues_areRefusedNamingTheVariable() throws Exception {
    WhatIf whatIf = new WhatIf(PbcModel.file());
    for (var bad :
        List.of(
            Map.of("stage", "7"),
            Map.of("ascites", "maybe"),
            Map.of("albumin", "high"),
            Map.of("bilirubin", "-1"))) {
      BaselineState state = PbcModel.typical().with(bad);
      String field = bad.keySet().iterator().next();
      assertThatThrownBy(() -> whatIf.ask(state))
          .isInstanceOfSatisfying(
              WhatIfRefusedException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
    BaselineState noTime = PbcModel.typical().with(Map.of("interval_days", "-3"));
    assertThatThrownBy(() -> whatIf.ask(noTime))
        .isInstanceOfSatisfying(
            WhatIfRefusedException.class,
            e -> assertThat(e.field()).isEqualTo(BaselineState.INTERVAL_KEY));
  }

  @Test
  void missingInputs_areListedAndTheAnswerSaysTheyTookTheTrainingMean() throws Exception {
    WhatIf whatIf = new WhatIf(PbcModel.file());

    WhatIfAnswer answer =
        whatIf.ask(BaselineState.fromJson("{\"bilirubin\": 2.0, \"sex\": \"m\"}"));

    assertThat(answer.missingInputs()).contains("albumin", "age").doesNotContain("bilirubin");
    assertThat(answer.caveats())
        .anyMatch(c -> c.contains("training mean") && c.contains("albumin"));
    assertThat(answer.forecasts().get(0).targets().get(1).baseline()).isNull();
  }

  @Test
  void modelFile_roundTripsThroughJsonAndPredictsTheSame() throws Exception {
    ModelFile file = PbcModel.file();

    ModelFile back = ModelFile.fromJson(file.toJson(), "test");

    assertThat(back).isEqualTo(file);
    WhatIfAnswer a = new WhatIf(file).ask(PbcModel.typical());
    WhatIfAnswer b = new WhatIf(back).ask(PbcModel.typical());
    assertThat(b.forecasts().get(0).targets().get(2).mean())
        .isEqualTo(a.forecasts().get(0).targets().get(2).mean());
  }

  @Test
  void notAModelFile_isRefusedNamingTheSource() {
    assertThatThrownBy(() -> ModelFile.fromJson("{\"format\": \"other\"}", "x.json"))
        .isInstanceOf(ModelFileException.class)
        .hasMessageContaining("x.json")
        .hasMessageContaining("format");
  }
}

package org.transitionnet.federation.evaluation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transitionnet.proto.v1.EvaluationResult;

/**
 * What the sites answered to one evaluation.
 *
 * @param evaluationId the evaluation
 * @param results per site that answered with statistics, its result
 * @param failures per site that failed, was unreachable or did not answer in time, the reason
 */
public record EvaluationOutcome(
    String evaluationId, Map<String, EvaluationResult> results, Map<String, String> failures) {

  public EvaluationOutcome {
    results = Collections.unmodifiableMap(new LinkedHashMap<>(results));
    failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
  }
}

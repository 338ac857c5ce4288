package org.transitionnet.whatif;

import java.util.List;
import org.transitionnet.record.EvidenceLink;

/**
 * The follow-up predicted under one action, with the evidence chain the data carries for it.
 *
 * @param action the action label (e.g. {@code drug:D-penicillamine})
 * @param trainingRecords training records that had this action (0 when unknown)
 * @param targets one forecast per target, in task order
 * @param evidence the mechanism: target, pathway, biomarker and expected direction, with source
 */
public record ActionForecast(
    String action,
    long trainingRecords,
    List<TargetForecast> targets,
    List<EvidenceLink> evidence) {

  public ActionForecast {
    targets = List.copyOf(targets);
    evidence = List.copyOf(evidence);
  }
}

package org.transitionnet.record;

/**
 * Mechanistic evidence an action carries: target, pathway, biomarker and the direction the
 * biomarker is expected to move, with the source that validates it.
 */
public record EvidenceLink(
    String target,
    String pathway,
    String biomarker,
    Direction expectedDirection,
    String validationSource) {

  public EvidenceLink {
    target = target == null ? "" : target;
    pathway = pathway == null ? "" : pathway;
    biomarker = biomarker == null ? "" : biomarker;
    validationSource = validationSource == null ? "" : validationSource;
  }
}

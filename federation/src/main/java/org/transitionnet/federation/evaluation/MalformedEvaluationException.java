package org.transitionnet.federation.evaluation;

/** A site's evaluation result does not fit the task: names the site, the target and the reason. */
public final class MalformedEvaluationException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String site;
  private final String target;

  public MalformedEvaluationException(String site, String target, String reason) {
    super("evaluation result of site " + site + ", target '" + target + "': " + reason);
    this.site = site;
    this.target = target;
  }

  public String site() {
    return site;
  }

  public String target() {
    return target;
  }
}

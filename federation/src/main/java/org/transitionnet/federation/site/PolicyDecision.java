package org.transitionnet.federation.site;

/**
 * A site policy's verdict on a job.
 *
 * @param accepted whether the site takes part
 * @param rule the rule that refused it ("consortium", "task", "researcher", "strategy"), empty when
 *     accepted
 * @param reason why, in words the researcher can act on
 */
public record PolicyDecision(boolean accepted, String rule, String reason) {

  public static PolicyDecision accept() {
    return new PolicyDecision(true, "", "");
  }

  public static PolicyDecision refuse(String rule, String reason) {
    return new PolicyDecision(false, rule, reason);
  }
}

package org.transitionnet.node.federation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.federation.job.StrategyKind;
import org.transitionnet.federation.privacy.EvaluationPrivacy;
import org.transitionnet.federation.site.SitePolicy;

/**
 * The node's federation settings (MicroProfile Config; in server.xml they are the {@code
 * federation.*} variables of federation.xml). The adapter stays off until a site id and a
 * coordinator host are set.
 */
@ApplicationScoped
public class FederationSettings {

  // Unset text settings default to " ", not "": MicroProfile Config treats an empty value as
  // missing and then refuses to inject a String, which stopped the whole application from starting.

  @Inject Config config;

  @Inject
  @ConfigProperty(name = "federation.site-id", defaultValue = " ")
  String siteId;

  @Inject
  @ConfigProperty(name = "federation.coordinator.host", defaultValue = " ")
  String coordinatorHost;

  @Inject
  @ConfigProperty(name = "federation.coordinator.port", defaultValue = "19590")
  int coordinatorPort;

  @Inject
  @ConfigProperty(name = "federation.enrollment.port", defaultValue = "19591")
  int enrollmentPort;

  @Inject
  @ConfigProperty(name = "federation.enrollment-token", defaultValue = " ")
  String enrollmentToken;

  /** SHA-256 (hex) of the consortium root the operator published; pins the coordinator. */
  @Inject
  @ConfigProperty(name = "federation.root-sha256", defaultValue = " ")
  String rootSha256;

  @Inject
  @ConfigProperty(name = "federation.keystore", defaultValue = "federation/site.p12")
  String keystore;

  @Inject
  @ConfigProperty(name = "federation.keystore-password", defaultValue = " ")
  String keystorePassword;

  @Inject
  @ConfigProperty(name = "federation.audit-log", defaultValue = "federation/outbound-audit.jsonl")
  String auditLog;

  /**
   * The key that MACs the audit log's entries and head; created with owner-only permissions on
   * first use. Keep it apart from the log (another volume or a mounted secret) so that whoever can
   * rewrite the log cannot also re-key it.
   */
  @Inject
  @ConfigProperty(name = "federation.audit-key", defaultValue = "federation/outbound-audit.key")
  String auditKey;

  @Inject
  @ConfigProperty(name = "federation.tasks.dir", defaultValue = "tasks")
  String tasksDir;

  /** Dataset trained on when {@code federation.dataset.<task>} does not name one. */
  @Inject
  @ConfigProperty(name = "federation.dataset", defaultValue = " ")
  String defaultDataset;

  @Inject
  @ConfigProperty(name = "federation.reconnect-max", defaultValue = "PT60S")
  String reconnectMax;

  @Inject
  @ConfigProperty(name = "federation.policy.consortium", defaultValue = "transitionnet-demo")
  String policyConsortium;

  @Inject
  @ConfigProperty(name = "federation.policy.tasks", defaultValue = " ")
  String policyTasks;

  @Inject
  @ConfigProperty(name = "federation.policy.researchers", defaultValue = " ")
  String policyResearchers;

  @Inject
  @ConfigProperty(name = "federation.policy.strategies", defaultValue = " ")
  String policyStrategies;

  @Inject
  @ConfigProperty(name = "federation.policy.require-secure-aggregation", defaultValue = "false")
  boolean requireSecureAggregation;

  /** ε of each evaluation release (0: exact sums, suppressed below k). */
  @Inject
  @ConfigProperty(name = "federation.evaluation.epsilon", defaultValue = "0")
  double evaluationEpsilon;

  @Inject
  @ConfigProperty(name = "federation.evaluation.delta", defaultValue = "1e-5")
  double evaluationDelta;

  @Inject
  @ConfigProperty(name = "federation.evaluation.clip-sds", defaultValue = "3")
  double evaluationClipSds;

  /** Whether the node takes part in a federation at all. */
  public boolean enabled() {
    return !siteId.isBlank() && !coordinatorHost.isBlank();
  }

  public String siteId() {
    return siteId.trim();
  }

  public String coordinatorHost() {
    return coordinatorHost.trim();
  }

  public int coordinatorPort() {
    return coordinatorPort;
  }

  public int enrollmentPort() {
    return enrollmentPort;
  }

  public String enrollmentToken() {
    return enrollmentToken.trim();
  }

  public String rootSha256() {
    return rootSha256.trim().toLowerCase(Locale.ROOT).replace(":", "");
  }

  public Path keystore() {
    return Path.of(keystore);
  }

  public char[] keystorePassword() {
    return keystorePassword.trim().toCharArray();
  }

  public Path auditLog() {
    return Path.of(auditLog);
  }

  public Path auditKey() {
    return Path.of(auditKey);
  }

  public Path tasksDir() {
    return Path.of(tasksDir);
  }

  public Duration reconnectMax() {
    return Duration.parse(reconnectMax);
  }

  /** The dataset whose records train models of {@code task}. */
  public Optional<String> datasetFor(String task) {
    Optional<String> specific = config.getOptionalValue("federation.dataset." + task, String.class);
    return specific.or(
        () -> defaultDataset.isBlank() ? Optional.empty() : Optional.of(defaultDataset));
  }

  /** The site's policy on job offers. */
  public SitePolicy policy() {
    return new SitePolicy(
        policyConsortium.trim(),
        list(policyTasks),
        list(policyResearchers),
        list(policyStrategies).stream().map(StrategyKind::parse).collect(Collectors.toSet()),
        requireSecureAggregation);
  }

  /**
   * How the site releases evaluation sums: exact, or the Gaussian mechanism at {@code
   * federation.evaluation.epsilon} per release, charged to the privacy ledger.
   *
   * @throws IllegalArgumentException naming the setting when a value is out of range
   */
  public EvaluationPrivacy evaluationPrivacy() {
    try {
      return evaluationEpsilon == 0
          ? EvaluationPrivacy.exact()
          : EvaluationPrivacy.gaussian(evaluationEpsilon, evaluationDelta, evaluationClipSds);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "federation.evaluation.epsilon / .delta / .clip-sds: " + e.getMessage(), e);
    }
  }

  private static Set<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toSet());
  }
}

package org.transitionnet.node.federation;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.inject.Inject;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;
import org.transitionnet.federation.aggregation.secure.SiteSecureAggregation;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.tls.FederationTls;
import org.transitionnet.federation.transport.Backoff;
import org.transitionnet.federation.transport.SiteConnection;
import org.transitionnet.node.privacy.SiteLedger;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.RevocationList;
import org.transitionnet.security.pki.SiteIdentity;

/**
 * Runs the site's side of the federation inside the node: at start-up (when configured) it enrolls
 * or loads its identity, opens the outbound mutual-TLS stream to the coordinator with the library's
 * {@link SiteConnection} (reconnecting with backoff) and lets the library's {@link SiteAgent} judge
 * offers with the site policy, answer a job's statistics step, train on the training split of the
 * stored transitions and evaluate on their test split. Nothing listens for inbound connections.
 */
@ApplicationScoped
public class SiteFederation {

  private static final Logger LOG = Logger.getLogger(SiteFederation.class.getName());
  private static final String NODE_VERSION = "transitionnet-node/0.1.0";

  @Inject FederationSettings settings;
  @Inject TrainingData trainingData;
  @Inject SiteLedger privacyLedger;

  @Resource(lookup = "java:comp/DefaultContextService")
  ContextService contexts;

  @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
  ManagedScheduledExecutorService scheduler;

  private final FederationActivity activity = new FederationActivity();
  private volatile OutboundAuditLog audit;
  private volatile String state = "disabled";
  private volatile String problem = "";
  private volatile SiteIdentity identity;
  private volatile ManagedChannel channel;
  private volatile SiteConnection connection;
  private volatile SiteAgent agent;

  /** Starts on a managed thread once the application is up (enrollment may take a while). */
  void onStartup(@Observes Startup startup) {
    if (!settings.enabled()) {
      LOG.info("federation is off: set federation.site-id and federation.coordinator.host");
      return;
    }
    state = "starting";
    scheduler.schedule(this::start, 0, TimeUnit.SECONDS);
  }

  synchronized void start() {
    if (connection != null) {
      return;
    }
    try {
      audit = new OutboundAuditLog(settings.auditLog(), settings.auditKey(), Clock.systemUTC());
      OutboundAuditInterceptor interceptor = new OutboundAuditInterceptor(audit, activity);
      state = "enrolling";
      identity = new SiteEnrollment(settings, interceptor).enrolledIdentity();
      X509Certificate root = rootOf(identity);
      ConsortiumTrust trust = new ConsortiumTrust(root, RevocationList.none(), Clock.systemUTC());
      DatasetRecords data = contexts.createContextualProxy(trainingData, DatasetRecords.class);
      StoredSplits splits =
          new StoredSplits(settings.siteId(), settings.tasksDir(), settings::datasetFor, data);
      agent =
          new SiteAgent(
                  settings.siteId(),
                  settings.policy(),
                  new StoredTransitionsTrainer(splits, activity::spec, privacyLedger::ledger),
                  new StoredTransitionsEvaluator(splits, activity::spec))
              .withStatistics(new StoredStatistics(splits))
              // signs its round keys with the enrolled identity; checks the other sites' against
              // the consortium root
              .withSecureAggregation(SiteSecureAggregation.standard(identity, trust))
              // DP rounds (and DP evaluation releases) are charged to the site's ledger and
              // refused past its budget
              .withPrivacyLedger(privacyLedger.ledger())
              .withEvaluationPrivacy(settings.evaluationPrivacy());
      channel =
          FederationTls.withHeapBuffers(
                  NettyChannelBuilder.forAddress(
                      settings.coordinatorHost(), settings.coordinatorPort()))
              .sslContext(FederationTls.site(identity, trust))
              .keepAliveTime(30, TimeUnit.SECONDS)
              .intercept(interceptor)
              .build();
      Duration max = settings.reconnectMax();
      connection =
          new SiteConnection(
              channel,
              agent,
              NODE_VERSION,
              new Backoff(Duration.ofMillis(Math.min(1000, max.toMillis())), max, 2.0),
              scheduler);
      connection.start();
      state = "running";
      problem = "";
      LOG.info(
          () ->
              "site "
                  + settings.siteId()
                  + " dials out to "
                  + settings.coordinatorHost()
                  + ":"
                  + settings.coordinatorPort());
    } catch (EnrollmentRefusedException | SSLException | RuntimeException e) {
      state = "failed";
      problem = e.getMessage();
      LOG.log(Level.SEVERE, "federation did not start: " + e.getMessage(), e);
    }
  }

  @PreDestroy
  synchronized void stop() {
    if (connection != null) {
      connection.close();
    }
    if (agent != null) {
      agent.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    connection = null;
  }

  /** What the status endpoint shows. */
  public FederationStatus status() {
    SiteConnection current = connection;
    SiteIdentity id = identity;
    return new FederationStatus(
        settings.enabled(),
        settings.siteId(),
        state,
        problem,
        id != null && id.isEnrolled(),
        id == null ? "" : id.certificate().getSerialNumber().toString(16),
        id == null ? null : id.certificate().getNotAfter().toInstant(),
        settings.enabled() ? settings.coordinatorHost() + ":" + settings.coordinatorPort() : "",
        current != null && current.isConnected(),
        current == null ? 0 : current.streamsOpened(),
        activity.lastWelcome(),
        activity.jobs(),
        audit == null ? 0 : audit.size());
  }

  public Optional<OutboundAuditLog> audit() {
    return Optional.ofNullable(audit);
  }

  private static X509Certificate rootOf(SiteIdentity identity) {
    List<X509Certificate> chain = identity.certificateChain();
    X509Certificate last = chain.get(chain.size() - 1);
    if (chain.size() < 2 || !last.getSubjectX500Principal().equals(last.getIssuerX500Principal())) {
      throw new IllegalStateException("the keystore's chain does not end in the consortium root");
    }
    return last;
  }
}

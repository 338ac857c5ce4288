package org.transitionnet.federation.simulation;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.transitionnet.federation.aggregation.AggregationProtocol;
import org.transitionnet.federation.aggregation.PlainAggregation;
import org.transitionnet.federation.aggregation.secure.SecureAggregation;
import org.transitionnet.federation.aggregation.secure.SiteSecureAggregation;
import org.transitionnet.federation.coordinator.Coordinator;
import org.transitionnet.federation.evaluation.SiteEvaluator;
import org.transitionnet.federation.site.LocalTrainer;
import org.transitionnet.federation.site.SiteAgent;
import org.transitionnet.federation.site.SitePolicy;
import org.transitionnet.federation.store.FederationStore;
import org.transitionnet.federation.transport.Backoff;
import org.transitionnet.federation.transport.GrpcFederationService;
import org.transitionnet.federation.transport.PeerCertificates;
import org.transitionnet.federation.transport.SiteAuthenticator;
import org.transitionnet.federation.transport.SiteConnection;
import org.transitionnet.security.pki.ConsortiumAuthority;
import org.transitionnet.security.pki.ConsortiumTrust;
import org.transitionnet.security.pki.SiteIdentity;

/**
 * A coordinator and its sites in one JVM, connected by in-process gRPC with the real service,
 * stream and agent code. Sites reconnect with backoff, so {@link #restartCoordinator()} can replace
 * the coordinator (a new instance over the same store) under them.
 */
public final class InProcessFederation implements AutoCloseable {

  private static final Backoff FAST = new Backoff(Duration.ofMillis(20), Duration.ofMillis(200), 2);

  private final String serverName;
  private final FederationStore store;
  private final AggregationProtocol aggregation;
  private final ScheduledExecutorService scheduler =
      Executors.newScheduledThreadPool(
          2,
          r -> {
            Thread t = new Thread(r, "in-process-federation");
            t.setDaemon(true);
            return t;
          });
  private final Map<String, Site> sites = new LinkedHashMap<>();
  private Coordinator coordinator;
  private Server server;
  private ConsortiumAuthority authority;
  private SecureAggregation secureAggregation;

  /** A federation over a fresh in-memory store with plain aggregation. */
  public InProcessFederation(String name) {
    this(name, FederationStore.inMemory(), new PlainAggregation());
  }

  public InProcessFederation(String name, FederationStore store, AggregationProtocol aggregation) {
    this.serverName = name + "-" + System.nanoTime();
    this.store = store;
    this.aggregation = aggregation;
    startCoordinator();
  }

  /**
   * A federation whose coordinator and sites can run secure-aggregation rounds: a test consortium
   * authority issues every site's identity; {@code audit} sees what the coordinator's aggregation
   * receives and releases.
   */
  public static InProcessFederation withSecureAggregation(
      String name, SecureAggregation.Audit audit) {
    ConsortiumAuthority authority =
        ConsortiumAuthority.create(name + " consortium", Duration.ofDays(1), Clock.systemUTC());
    ConsortiumTrust trust =
        new ConsortiumTrust(authority.rootCertificate(), authority, Clock.systemUTC());
    return new InProcessFederation(
        name, authority, SecureAggregation.standard(trust).withAudit(audit));
  }

  private InProcessFederation(
      String name, ConsortiumAuthority authority, SecureAggregation secureAggregation) {
    this.serverName = name + "-" + System.nanoTime();
    this.store = FederationStore.inMemory();
    this.aggregation = new PlainAggregation();
    this.authority = authority;
    this.secureAggregation = secureAggregation;
    startCoordinator();
  }

  private void enableSecureAggregation(SiteAgent agent) {
    if (secureAggregation == null) {
      return;
    }
    try {
      SiteIdentity identity = SiteIdentity.generate(agent.siteId());
      X509Certificate certificate =
          authority.issueSiteCertificate(
              identity.certificationRequest(), agent.siteId(), Duration.ofDays(1));
      agent.withSecureAggregation(
          new SiteSecureAggregation(
              identity.withCertificateChain(List.of(certificate)),
              secureAggregation.trust(),
              secureAggregation.encoding(),
              secureAggregation.graph()));
    } catch (Exception e) {
      throw new IllegalStateException("could not enroll " + agent.siteId(), e);
    }
  }

  private void startCoordinator() {
    coordinator =
        new Coordinator(
            "coordinator", store, aggregation, secureAggregation, Clock.systemUTC(), 30);
    try {
      server =
          InProcessServerBuilder.forName(serverName)
              .addService(
                  ServerInterceptors.intercept(
                      new GrpcFederationService(
                          coordinator, SiteAuthenticator.trustHelloInProcess()),
                      new PeerCertificates()))
              .build()
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Coordinator coordinator() {
    return coordinator;
  }

  public FederationStore store() {
    return store;
  }

  /** Adds a site that dials the coordinator and keeps its stream open. */
  public SiteAgent addSite(String siteId, SitePolicy policy, LocalTrainer trainer) {
    return addSite(siteId, policy, trainer, null);
  }

  /** Adds a site that also answers evaluate tasks with {@code evaluator} (may be null). */
  public SiteAgent addSite(
      String siteId, SitePolicy policy, LocalTrainer trainer, SiteEvaluator evaluator) {
    SiteAgent agent = new SiteAgent(siteId, policy, trainer, evaluator);
    enableSecureAggregation(agent);
    ManagedChannel channel = InProcessChannelBuilder.forName(serverName).directExecutor().build();
    SiteConnection connection = new SiteConnection(channel, agent, "in-process", FAST, scheduler);
    sites.put(siteId, new Site(agent, channel, connection));
    connection.start();
    return agent;
  }

  public SiteConnection connection(String siteId) {
    return sites.get(siteId).connection;
  }

  /** Waits until every added site holds a stream to the current coordinator. */
  public void awaitSites(Duration timeout) throws InterruptedException {
    if (!coordinator.sites().awaitConnected(sites.keySet(), timeout)) {
      throw new IllegalStateException(
          "sites connected: " + coordinator.sites().connected() + " of " + sites.keySet());
    }
  }

  /**
   * Simulates a coordinator restart: the server stops (every site stream breaks), a new coordinator
   * is built over the same store, and the sites reconnect to it.
   */
  public Coordinator restartCoordinator() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    startCoordinator();
    return coordinator;
  }

  @Override
  public void close() throws InterruptedException {
    List<Site> all = new ArrayList<>(sites.values());
    for (Site site : all) {
      site.connection.close();
      site.agent.close();
      site.channel.shutdownNow();
    }
    server.shutdownNow();
    scheduler.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }

  private record Site(SiteAgent agent, ManagedChannel channel, SiteConnection connection) {}
}

package org.transitionnet.node.privacy;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ContextService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.transitionnet.federation.privacy.LedgerStore;
import org.transitionnet.federation.privacy.SitePrivacyLedger;
import org.transitionnet.security.dp.PrivacyBudget;

/**
 * The node's one privacy ledger, for the consortium of its policy ({@code
 * federation.policy.consortium}) with the configured budget: {@code federation.privacy.epsilon}
 * (default 10) and {@code federation.privacy.delta} (default 1e-5), per level (record, client),
 * over the site's lifetime in that consortium. Opened from the database on first use.
 */
@ApplicationScoped
public class SiteLedger {

  @Inject JpaLedgerStore store;

  @Inject
  @ConfigProperty(name = "federation.policy.consortium", defaultValue = "transitionnet-demo")
  String consortium;

  @Inject
  @ConfigProperty(name = "federation.privacy.epsilon", defaultValue = "10")
  double budgetEpsilon;

  @Inject
  @ConfigProperty(name = "federation.privacy.delta", defaultValue = "1e-5")
  double budgetDelta;

  @Resource(lookup = "java:comp/DefaultContextService")
  ContextService contexts;

  private volatile SitePrivacyLedger ledger;

  /**
   * The ledger (usable from the federation's own threads).
   *
   * @throws IllegalArgumentException when the configured budget is not a valid (ε, δ)
   */
  public SitePrivacyLedger ledger() {
    SitePrivacyLedger current = ledger;
    if (current == null) {
      synchronized (this) {
        if (ledger == null) {
          PrivacyBudget budget;
          try {
            budget = new PrivacyBudget(budgetEpsilon, budgetDelta);
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "federation.privacy.epsilon / federation.privacy.delta: " + e.getMessage(), e);
          }
          LedgerStore rows = contexts.createContextualProxy(store, LedgerStore.class);
          ledger = new SitePrivacyLedger(consortium.trim(), budget, rows, Clock.systemUTC());
        }
        current = ledger;
      }
    }
    return current;
  }
}

package org.transitionnet.federation.privacy;

import java.time.Instant;
import java.util.Objects;
import org.transitionnet.security.dp.PrivacyLedger;

/**
 * One charge in a site's privacy ledger, as stored.
 *
 * @param consortium the consortium whose budget it was charged to
 * @param jobId the job it was for (or the evaluation id of an evaluation release)
 * @param charge the mechanism that ran
 * @param at when it was charged
 */
public record LedgerEntry(
    String consortium, String jobId, PrivacyLedger.Charge charge, Instant at) {

  public LedgerEntry {
    Objects.requireNonNull(consortium, "consortium");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(charge, "charge");
    Objects.requireNonNull(at, "at");
  }
}

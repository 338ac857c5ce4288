package org.transitionnet.security.pki;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One-time enrollment tokens: an operator issues a random token bound to a site id with an expiry
 * and hands it to the hospital out of band; the node presents it once with its certificate request.
 * Only the SHA-256 of each token is stored, so a leaked store does not enroll anyone.
 *
 * <p>Thread-safe. Persist {@link #stored()} and pass it back to the constructor after a restart.
 */
public final class EnrollmentTokens {

  private static final String PREFIX = "tnet-enroll-";

  /**
   * What is kept per token.
   *
   * @param sha256Hex SHA-256 of the token text, lower-case hex
   * @param siteId the site the token enrolls
   * @param expiresAt after this instant the token is refused
   * @param redeemed whether it has been used
   */
  public record StoredToken(String sha256Hex, String siteId, Instant expiresAt, boolean redeemed) {
    public StoredToken {
      Objects.requireNonNull(sha256Hex, "sha256Hex");
      Objects.requireNonNull(siteId, "siteId");
      Objects.requireNonNull(expiresAt, "expiresAt");
    }
  }

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, StoredToken> byHash = new LinkedHashMap<>();

  public EnrollmentTokens(Clock clock) {
    this(clock, List.of());
  }

  /** Restores tokens saved from {@link #stored()}. */
  public EnrollmentTokens(Clock clock, Collection<StoredToken> stored) {
    this.clock = Objects.requireNonNull(clock, "clock");
    for (StoredToken token : stored) {
      byHash.put(token.sha256Hex(), token);
    }
  }

  /**
   * Creates a token for {@code siteId} valid for {@code timeToLive}. The returned text is shown to
   * the operator once and never stored.
   */
  public synchronized String issue(String siteId, Duration timeToLive) {
    Objects.requireNonNull(siteId, "siteId");
    if (timeToLive.isNegative() || timeToLive.isZero()) {
      throw new IllegalArgumentException("time to live must be positive: " + timeToLive);
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String hash = hash(token);
    byHash.put(hash, new StoredToken(hash, siteId, clock.instant().plus(timeToLive), false));
    return token;
  }

  /**
   * Redeems a token once and returns the site id it was issued for.
   *
   * @throws EnrollmentException if the token is unknown, expired or already redeemed
   */
  public synchronized String redeem(String token) throws EnrollmentException {
    StoredToken stored = token == null ? null : byHash.get(hash(token));
    if (stored == null) {
      throw new EnrollmentException(EnrollmentException.Reason.UNKNOWN_TOKEN, "no such token");
    }
    if (stored.redeemed()) {
      throw new EnrollmentException(
          EnrollmentException.Reason.ALREADY_REDEEMED, "site " + stored.siteId());
    }
    if (clock.instant().isAfter(stored.expiresAt())) {
      throw new EnrollmentException(
          EnrollmentException.Reason.EXPIRED,
          "site " + stored.siteId() + ", expired " + stored.expiresAt());
    }
    byHash.put(
        stored.sha256Hex(),
        new StoredToken(stored.sha256Hex(), stored.siteId(), stored.expiresAt(), true));
    return stored.siteId();
  }

  /** Every token's stored form (hashes only), for persistence. */
  public synchronized List<StoredToken> stored() {
    return List.copyOf(byHash.values());
  }

  private static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.transitionnet.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnrollmentTokensTest {

  private final SettableClock clock = new SettableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final EnrollmentTokens tokens = new EnrollmentTokens(clock);

  @Test
  void tokenRedeemsOnceForItsSite() throws Exception {
    String token = tokens.issue("site-a", Duration.ofHours(24));

    assertThat(tokens.redeem(token)).isEqualTo("site-a");
    assertRefused(token, EnrollmentException.Reason.ALREADY_REDEEMED);
  }

  @Test
  void expiredToken_refused() {
    String token = tokens.issue("site-a", Duration.ofHours(24));
    clock.advance(Duration.ofHours(25));

    assertRefused(token, EnrollmentException.Reason.EXPIRED);
  }

  @Test
  void unknownToken_refused() {
    tokens.issue("site-a", Duration.ofHours(24));

    assertRefused("tnet-enroll-guess", EnrollmentException.Reason.UNKNOWN_TOKEN);
    assertRefused(null, EnrollmentException.Reason.UNKNOWN_TOKEN);
  }

  @Test
  void storeHoldsOnlyHashes_andRestoredStoreKeepsOneTimeUse() throws Exception {
    String used = tokens.issue("site-a", Duration.ofHours(24));
    String fresh = tokens.issue("site-b", Duration.ofHours(24));
    tokens.redeem(used);

    EnrollmentTokens restored = new EnrollmentTokens(clock, tokens.stored());

    assertThat(tokens.stored().toString()).doesNotContain(used).doesNotContain(fresh);
    assertThat(restored.redeem(fresh)).isEqualTo("site-b");
    assertThatThrownBy(() -> restored.redeem(used))
        .isInstanceOfSatisfying(
            EnrollmentException.class,
            e -> assertThat(e.reason()).isEqualTo(EnrollmentException.Reason.ALREADY_REDEEMED));
  }

  @Test
  void tokensAreDistinctAndLong() {
    String a = tokens.issue("site-a", Duration.ofHours(1));
    String b = tokens.issue("site-a", Duration.ofHours(1));

    assertThat(a).isNotEqualTo(b);
    assertThat(a.length()).isGreaterThanOrEqualTo(40);
  }

  private void assertRefused(String token, EnrollmentException.Reason reason) {
    assertThatThrownBy(() -> tokens.redeem(token))
        .isInstanceOfSatisfying(
            EnrollmentException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}

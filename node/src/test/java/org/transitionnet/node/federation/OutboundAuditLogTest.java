package org.transitionnet.node.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundAuditLogTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  @TempDir Path dir;

  @Test
  void entries_chainEachToThePreviousHash_andRecordSizeAndDigestOnly() {
    OutboundAuditLog log = new OutboundAuditLog(dir.resolve("audit.log"), CLOCK);
    byte[] secret = "patient 17 bilirubin 3.2".getBytes(StandardCharsets.UTF_8);

    OutboundAuditLog.Entry first =
        log.append("transitionnet.v1.Federation/Connect", "hello", secret);
    OutboundAuditLog.Entry second =
        log.append("transitionnet.v1.Federation/Connect", "update_chunk", new byte[1000]);

    assertThat(first.previous()).isEqualTo(OutboundAuditLog.GENESIS);
    assertThat(second.previous()).isEqualTo(first.hash());
    assertThat(first.bytes()).isEqualTo(secret.length);
    assertThat(first.sha256()).isEqualTo(OutboundAuditLog.sha256Hex(secret));
    assertThat(log.verify()).isEqualTo(new OutboundAuditLog.Verification(2, true, 0));
  }

  @Test
  void logContent_neverHoldsTheMessage() throws Exception {
    Path file = dir.resolve("audit.log");
    new OutboundAuditLog(file, CLOCK)
        .append("m", "update_chunk", "patient 17 bilirubin 3.2".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(file)).doesNotContain("patient").doesNotContain("bilirubin");
  }

  @Test
  void editedEntry_breaksTheChainAtThatEntry() throws Exception {
    Path file = dir.resolve("audit.log");
    OutboundAuditLog log = new OutboundAuditLog(file, CLOCK);
    for (int i = 0; i < 3; i++) {
      log.append("m", "update_chunk", new byte[] {(byte) i});
    }
    List<String> lines = Files.readAllLines(file);
    lines.set(1, lines.get(1).replace(" 1 ", " 999 "));
    Files.write(file, lines);

    assertThat(log.verify()).isEqualTo(new OutboundAuditLog.Verification(2, false, 2));
  }

  @Test
  void removedEntry_isDetected() throws Exception {
    Path file = dir.resolve("audit.log");
    OutboundAuditLog log = new OutboundAuditLog(file, CLOCK);
    for (int i = 0; i < 3; i++) {
      log.append("m", "heartbeat", new byte[] {(byte) i});
    }
    List<String> lines = Files.readAllLines(file);
    lines.remove(0);
    Files.write(file, lines);

    assertThat(log.verify().intact()).isFalse();
  }

  @Test
  void reopenedLog_continuesTheChain() {
    Path file = dir.resolve("audit.log");
    OutboundAuditLog.Entry before =
        new OutboundAuditLog(file, CLOCK).append("m", "hello", new byte[3]);

    OutboundAuditLog reopened = new OutboundAuditLog(file, CLOCK);
    OutboundAuditLog.Entry after = reopened.append("m", "heartbeat", new byte[4]);

    assertThat(after.seq()).isEqualTo(2);
    assertThat(after.previous()).isEqualTo(before.hash());
    assertThat(reopened.verify().intact()).isTrue();
    assertThat(reopened.read(2, 10)).containsExactly(after);
  }
}

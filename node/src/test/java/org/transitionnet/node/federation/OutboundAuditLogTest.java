package org.transitionnet.node.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transitionnet.node.federation.OutboundAuditLog.Scope;

class OutboundAuditLogTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
  private static final Scope ROUND_1 = new Scope("job-1", 1, 1);

  @TempDir Path dir;

  private OutboundAuditLog open() {
    return new OutboundAuditLog(dir.resolve("audit.log"), dir.resolve("keys/audit.key"), CLOCK);
  }

  @Test
  void entries_chainEachToThePreviousHash_andRecordScopeSizeAndDigestOnly() {
    OutboundAuditLog log = open();
    byte[] secret = "patient 17 bilirubin 3.2".getBytes(StandardCharsets.UTF_8);

    OutboundAuditLog.Entry first =
        log.append("transitionnet.v1.Federation/Connect", "hello", Scope.NONE, secret);
    OutboundAuditLog.Entry second =
        log.append("transitionnet.v1.Federation/Connect", "secagg", ROUND_1, new byte[1000]);

    assertThat(first.previous()).isEqualTo(OutboundAuditLog.GENESIS);
    assertThat(first.job()).isEqualTo(OutboundAuditLog.NO_JOB);
    assertThat(second.previous()).isEqualTo(first.hash());
    assertThat(second.job()).isEqualTo("job-1");
    assertThat(second.round()).isEqualTo(1);
    assertThat(second.attempt()).isEqualTo(1);
    assertThat(first.bytes()).isEqualTo(secret.length);
    assertThat(first.sha256()).isEqualTo(OutboundAuditLog.sha256Hex(secret));
    assertThat(first.mac()).hasSize(64);
    assertThat(log.verify()).isEqualTo(new OutboundAuditLog.Verification(2, true, 0, ""));
  }

  @Test
  void filterByJob_readsAndCountsOnlyThatJobsMessages_whateverWasSentInBetween() {
    OutboundAuditLog log = open();
    // two jobs interleaved, as a parent job's evaluation and a plain sub-job's round can be
    log.append("m", "secagg", new Scope("parent", 1, 1), new byte[1]);
    log.append("m", "update_chunk", new Scope("parent.local.site-a", 1, 1), new byte[1]);
    log.append("m", "secagg", new Scope("parent", 1, 1), new byte[1]);
    log.append("m", "heartbeat", Scope.NONE, new byte[1]);
    log.append("m", "evaluation_result", Scope.job("parent"), new byte[1]);
    log.append("m", "update_chunk", new Scope("parent.local.site-a", 2, 1), new byte[1]);

    assertThat(log.countsByKind("parent")).isEqualTo(Map.of("secagg", 2L, "evaluation_result", 1L));
    assertThat(log.countsByKind("parent.local.site-a")).isEqualTo(Map.of("update_chunk", 2L));
    assertThat(log.countsByKind(null)).containsEntry("heartbeat", 1L).hasSize(4);
    assertThat(log.read(1, 10, "parent"))
        .extracting(OutboundAuditLog.Entry::seq)
        .containsExactly(1L, 3L, 5L);
    assertThat(log.read(2, 1, "parent"))
        .extracting(OutboundAuditLog.Entry::seq)
        .containsExactly(3L);
  }

  @Test
  void jobIdWithSpacesAndPercent_roundTripsThroughTheLine() {
    OutboundAuditLog log = open();
    log.append("m", "job_decision", Scope.job("trial 7 %a"), new byte[1]);

    OutboundAuditLog reopened = open();
    assertThat(reopened.read(1, 1).get(0).job()).isEqualTo("trial 7 %a");
    assertThat(reopened.verify().intact()).isTrue();
  }

  @Test
  void logContent_neverHoldsTheMessage() throws Exception {
    open()
        .append(
            "m",
            "update_chunk",
            ROUND_1,
            "patient 17 bilirubin 3.2".getBytes(StandardCharsets.UTF_8));

    assertThat(Files.readString(dir.resolve("audit.log")))
        .doesNotContain("patient")
        .doesNotContain("bilirubin");
  }

  @Test
  void keyFile_isCreatedOwnerOnly() throws Exception {
    open().append("m", "hello", Scope.NONE, new byte[1]);

    assertThat(Files.getPosixFilePermissions(dir.resolve("keys/audit.key")))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  @Test
  void editedEntry_breaksTheChainAtThatEntry() throws Exception {
    Path file = dir.resolve("audit.log");
    OutboundAuditLog log = open();
    for (int i = 0; i < 3; i++) {
      log.append("m", "update_chunk", ROUND_1, new byte[] {(byte) i});
    }
    List<String> lines = Files.readAllLines(file);
    lines.set(1, lines.get(1).replace(" update_chunk ", " secagg "));
    Files.write(file, lines);

    OutboundAuditLog.Verification v = log.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(2);
  }

  @Test
  void removedEntry_isDetected() throws Exception {
    Path file = dir.resolve("audit.log");
    OutboundAuditLog log = open();
    for (int i = 0; i < 3; i++) {
      log.append("m", "heartbeat", Scope.NONE, new byte[] {(byte) i});
    }
    List<String> lines = Files.readAllLines(file);
    lines.remove(0);
    Files.write(file, lines);

    assertThat(log.verify().intact()).isFalse();
  }

  @Test
  void truncatedTail_isDetectedThoughTheShorterChainIsValid() throws Exception {
    Path file = dir.resolve("audit.log");
    OutboundAuditLog log = open();
    for (int i = 0; i < 4; i++) {
      log.append("m", "update_chunk", ROUND_1, new byte[] {(byte) i});
    }
    List<String> lines = Files.readAllLines(file);
    Files.write(file, lines.subList(0, 2));

    OutboundAuditLog.Verification v = open().verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(3);
    assertThat(v.problem()).contains("truncated");
  }

  @Test
  void removedHead_isDetected() throws Exception {
    OutboundAuditLog log = open();
    log.append("m", "update_chunk", ROUND_1, new byte[1]);
    Files.delete(dir.resolve("audit.log.head"));

    assertThat(log.verify().intact()).isFalse();
    assertThat(log.verify().problem()).contains("no head");
  }

  /**
   * An attacker who can write the log but not read the key rewrites the last entry (a plain update
   * chunk relabelled as masked) and recomputes the hash chain and the head's hash: without the key
   * the MACs cannot follow, and the rewrite shows.
   */
  @Test
  void rewrittenTailWithRecomputedHashes_isDetectedByTheMac() throws Exception {
    Path file = dir.resolve("audit.log");
    OutboundAuditLog log = open();
    log.append("m", "secagg", ROUND_1, new byte[1]);
    log.append("m", "update_chunk", ROUND_1, new byte[2]);
    List<String> lines = Files.readAllLines(file);
    OutboundAuditLog.Entry last = OutboundAuditLog.Entry.parse(lines.get(1));
    OutboundAuditLog.Entry forged =
        new OutboundAuditLog.Entry(
            last.seq(),
            last.time(),
            last.method(),
            "secagg",
            last.job(),
            last.round(),
            last.attempt(),
            last.bytes(),
            last.sha256(),
            last.previous(),
            "",
            last.mac());
    String hash = forged.expectedHash();
    String guessedMac = HexFormat.of().formatHex(new byte[32]);
    forged =
        new OutboundAuditLog.Entry(
            forged.seq(),
            forged.time(),
            forged.method(),
            forged.kind(),
            forged.job(),
            forged.round(),
            forged.attempt(),
            forged.bytes(),
            forged.sha256(),
            forged.previous(),
            hash,
            guessedMac);
    lines.set(1, forged.line());
    Files.write(file, lines);
    Files.writeString(dir.resolve("audit.log.head"), "2 " + hash + " " + guessedMac + "\n");

    OutboundAuditLog.Verification v = log.verify();
    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(2);
    assertThat(v.problem()).contains("MAC");
  }

  @Test
  void keyedLogWithoutItsKey_refusesToOpen_namingTheSetting() throws Exception {
    open().append("m", "hello", Scope.NONE, new byte[1]);
    Files.delete(dir.resolve("keys/audit.key"));

    assertThatThrownBy(this::open)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("federation.audit-key");
  }

  @Test
  void legacyEntries_stillVerify_andTheChainContinuesKeyed() throws Exception {
    Path file = dir.resolve("audit.log");
    String fields =
        OutboundAuditLog.GENESIS + "|1|2026-11-22T10:00:00Z|m|hello|3|" + "ab".repeat(32);
    String hash = OutboundAuditLog.sha256Hex(fields.getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        file,
        "1 2026-11-22T10:00:00Z m hello 3 "
            + "ab".repeat(32)
            + " "
            + OutboundAuditLog.GENESIS
            + " "
            + hash
            + "\n");

    OutboundAuditLog log = open();
    OutboundAuditLog.Entry next = log.append("m", "secagg", ROUND_1, new byte[1]);

    assertThat(next.seq()).isEqualTo(2);
    assertThat(next.previous()).isEqualTo(hash);
    assertThat(log.verify().intact()).isTrue();
    assertThat(log.read(1, 1).get(0).job()).isEqualTo(OutboundAuditLog.NO_JOB);
  }

  @Test
  void reopenedLog_continuesTheChain() {
    OutboundAuditLog.Entry before = open().append("m", "hello", Scope.NONE, new byte[3]);

    OutboundAuditLog reopened = open();
    OutboundAuditLog.Entry after = reopened.append("m", "heartbeat", Scope.NONE, new byte[4]);

    assertThat(after.seq()).isEqualTo(2);
    assertThat(after.previous()).isEqualTo(before.hash());
    assertThat(reopened.verify().intact()).isTrue();
    assertThat(reopened.read(2, 10)).containsExactly(after);
  }
}

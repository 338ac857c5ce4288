package org.transitionnet.node.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An append-only, hash-chained record of every message that left the site: for each, its size and
 * SHA-256, never its content. Each entry carries the hash of the previous one, so removing or
 * editing an entry breaks the chain at that point ({@link #verify()}).
 *
 * <p>One line per entry in a text file: {@code seq time method kind bytes sha256 previous hash},
 * separated by single spaces. Thread-safe; survives restarts (the chain continues from the last
 * line).
 */
public final class OutboundAuditLog {

  /** The "previous hash" of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  private final Path file;
  private final Clock clock;
  private long lastSeq;
  private String lastHash = GENESIS;

  /**
   * One message that left the site.
   *
   * @param seq 1-based position in the log
   * @param time when it was sent
   * @param method the gRPC method it went out on
   * @param kind what it was (e.g. {@code update_chunk}, {@code enroll_request})
   * @param bytes its serialized size
   * @param sha256 SHA-256 of its serialized bytes
   * @param previous the hash of the entry before
   * @param hash SHA-256 over this entry's fields and {@code previous}
   */
  public record Entry(
      long seq,
      Instant time,
      String method,
      String kind,
      long bytes,
      String sha256,
      String previous,
      String hash) {

    String line() {
      return String.join(
          " ",
          Long.toString(seq),
          time.toString(),
          method,
          kind,
          Long.toString(bytes),
          sha256,
          previous,
          hash);
    }

    static Entry parse(String line) {
      String[] f = line.split(" ");
      if (f.length != 8) {
        throw new IllegalStateException("audit line has " + f.length + " fields: " + line);
      }
      return new Entry(
          Long.parseLong(f[0]),
          Instant.parse(f[1]),
          f[2],
          f[3],
          Long.parseLong(f[4]),
          f[5],
          f[6],
          f[7]);
    }

    String expectedHash() {
      return sha256Hex(
          (previous + "|" + seq + "|" + time + "|" + method + "|" + kind + "|" + bytes + "|"
                  + sha256)
              .getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * The outcome of checking the chain.
   *
   * @param entries entries read
   * @param intact whether every entry's hash and link check out
   * @param firstBrokenSeq the first entry that does not, or 0
   */
  public record Verification(long entries, boolean intact, long firstBrokenSeq) {}

  public OutboundAuditLog(Path file, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      Path parent = file.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (!lines.isEmpty()) {
          Entry last = Entry.parse(lines.get(lines.size() - 1));
          lastSeq = last.seq();
          lastHash = last.hash();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit log " + file, e);
    }
  }

  /** Logs one outbound message by its serialized bytes. */
  public synchronized Entry append(String method, String kind, byte[] message) {
    Entry draft =
        new Entry(
            lastSeq + 1,
            clock.instant(),
            method.replace(' ', '_'),
            kind.replace(' ', '_'),
            message.length,
            sha256Hex(message),
            lastHash,
            "");
    Entry entry =
        new Entry(
            draft.seq(),
            draft.time(),
            draft.method(),
            draft.kind(),
            draft.bytes(),
            draft.sha256(),
            draft.previous(),
            draft.expectedHash());
    try {
      Files.writeString(
          file,
          entry.line() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit log " + file, e);
    }
    lastSeq = entry.seq();
    lastHash = entry.hash();
    return entry;
  }

  /** Entries {@code from} (1-based) onwards, at most {@code limit}. */
  public synchronized List<Entry> read(long from, int limit) {
    List<Entry> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines.skip(Math.max(0, from - 1)).limit(limit).map(Entry::parse).forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
    return out;
  }

  public synchronized long size() {
    return lastSeq;
  }

  /** Walks the whole chain. */
  public synchronized Verification verify() {
    if (!Files.exists(file)) {
      return new Verification(0, true, 0);
    }
    String previous = GENESIS;
    long count = 0;
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      for (String line : (Iterable<String>) lines::iterator) {
        count++;
        Entry entry;
        try {
          entry = Entry.parse(line);
        } catch (RuntimeException e) {
          return new Verification(count, false, count);
        }
        if (entry.seq() != count
            || !entry.previous().equals(previous)
            || !entry.hash().equals(entry.expectedHash())) {
          return new Verification(count, false, count);
        }
        previous = entry.hash();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
    return new Verification(count, true, 0);
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.transitionnet.node.federation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An append-only, hash-chained and keyed record of every message that left the site: for each, the
 * job, round and attempt it belongs to, its kind, size and SHA-256, never its content.
 *
 * <p>Three protections, each checked by {@link #verify()}:
 *
 * <ul>
 *   <li>each entry carries the hash of the previous one, so removing or editing an entry breaks the
 *       chain at that point;
 *   <li>each entry carries an HMAC-SHA256 of its hash under the node's audit key (a separate file,
 *       {@code federation.audit-key}, created with owner-only permissions on first use; keep it on
 *       another volume or in a secret store to separate it from the log): whoever can rewrite the
 *       log but not read the key cannot recompute a valid tail;
 *   <li>a head file ({@code <log>.head}) holds the last entry's sequence number and hash under the
 *       same key, so cutting entries off the end (which leaves a valid shorter chain) is detected.
 * </ul>
 *
 * <p>One line per entry in a text file: {@code seq time method kind job round attempt bytes sha256
 * previous hash mac}, separated by single spaces (the job id percent-encoded; {@code -} and 0 where
 * a message belongs to no job, e.g. a heartbeat). Lines of the earlier 8-field format ({@code seq
 * time method kind bytes sha256 previous hash}) are read and verified as unkeyed entries, and the
 * chain continues after them. Thread-safe; survives restarts.
 */
public final class OutboundAuditLog {

  /** The "previous hash" of the first entry. */
  public static final String GENESIS = "0".repeat(64);

  /** The job of an entry that belongs to none. */
  public static final String NO_JOB = "-";

  private final Path file;
  private final Path head;
  private final Clock clock;
  private final byte[] key;
  private long lastSeq;
  private String lastHash = GENESIS;

  /**
   * One message that left the site.
   *
   * @param seq 1-based position in the log
   * @param time when it was sent
   * @param method the gRPC method it went out on
   * @param kind what it was (e.g. {@code secagg}, {@code update_chunk}, {@code enroll_request})
   * @param job the job it belongs to, or {@code -}
   * @param round the training round it belongs to, or 0
   * @param attempt the round's attempt, or 0
   * @param bytes its serialized size
   * @param sha256 SHA-256 of its serialized bytes
   * @param previous the hash of the entry before
   * @param hash SHA-256 over this entry's fields and {@code previous}
   * @param mac HMAC-SHA256 of {@code hash} under the node's audit key; empty for an entry written
   *     before entries were keyed
   */
  public record Entry(
      long seq,
      Instant time,
      String method,
      String kind,
      String job,
      int round,
      int attempt,
      long bytes,
      String sha256,
      String previous,
      String hash,
      String mac) {

    boolean legacy() {
      return mac.isEmpty();
    }

    String line() {
      return String.join(
          " ",
          Long.toString(seq),
          time.toString(),
          method,
          kind,
          URLEncoder.encode(job, StandardCharsets.UTF_8),
          Integer.toString(round),
          Integer.toString(attempt),
          Long.toString(bytes),
          sha256,
          previous,
          hash,
          mac);
    }

    static Entry parse(String line) {
      String[] f = line.split(" ");
      if (f.length == 8) {
        return new Entry(
            Long.parseLong(f[0]),
            Instant.parse(f[1]),
            f[2],
            f[3],
            NO_JOB,
            0,
            0,
            Long.parseLong(f[4]),
            f[5],
            f[6],
            f[7],
            "");
      }
      if (f.length != 12) {
        throw new IllegalStateException("audit line has " + f.length + " fields: " + line);
      }
      return new Entry(
          Long.parseLong(f[0]),
          Instant.parse(f[1]),
          f[2],
          f[3],
          URLDecoder.decode(f[4], StandardCharsets.UTF_8),
          Integer.parseInt(f[5]),
          Integer.parseInt(f[6]),
          Long.parseLong(f[7]),
          f[8],
          f[9],
          f[10],
          f[11]);
    }

    String expectedHash() {
      String fields =
          legacy()
              ? previous + "|" + seq + "|" + time + "|" + method + "|" + kind + "|" + bytes + "|"
                  + sha256
              : previous + "|" + seq + "|" + time + "|" + method + "|" + kind + "|" + job + "|"
                  + round + "|" + attempt + "|" + bytes + "|" + sha256;
      return sha256Hex(fields.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * Where a message belongs: the job, round and attempt it is part of.
   *
   * @param job the job id, or {@code -}
   * @param round the round, or 0
   * @param attempt the attempt, or 0
   */
  public record Scope(String job, int round, int attempt) {
    public static final Scope NONE = new Scope(NO_JOB, 0, 0);

    public Scope {
      job = job == null || job.isEmpty() ? NO_JOB : job;
    }

    public static Scope job(String job) {
      return new Scope(job, 0, 0);
    }
  }

  /**
   * The outcome of checking the log.
   *
   * @param entries entries read
   * @param intact whether every entry's hash, link and MAC check out and the log ends where its
   *     head says
   * @param firstBrokenSeq the first entry that does not check out (for a truncated log, the first
   *     missing one), or 0
   * @param problem what is wrong, in words; empty when intact
   */
  public record Verification(long entries, boolean intact, long firstBrokenSeq, String problem) {
    static Verification ok(long entries) {
      return new Verification(entries, true, 0, "");
    }

    static Verification broken(long entries, long at, String problem) {
      return new Verification(entries, false, at, problem);
    }
  }

  /**
   * Opens (or starts) the log {@code file}, keyed with the key in {@code keyFile}; the key is
   * created when neither it nor a keyed log exists yet.
   *
   * @throws IllegalStateException when the log holds keyed entries but the key file is missing
   */
  public OutboundAuditLog(Path file, Path keyFile, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.head = file.resolveSibling(file.getFileName() + ".head");
    this.clock = Objects.requireNonNull(clock, "clock");
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Entry last = null;
      if (Files.exists(file)) {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (!lines.isEmpty()) {
          last = Entry.parse(lines.get(lines.size() - 1));
          lastSeq = last.seq();
          lastHash = last.hash();
        }
      }
      if (!Files.exists(keyFile) && (last != null && !last.legacy() || Files.exists(head))) {
        throw new IllegalStateException(
            "the outbound audit log "
                + file
                + " is keyed but its key file "
                + keyFile
                + " (federation.audit-key) is missing: restore the key, or move the log and "
                + head.getFileName()
                + " aside to start a new log");
      }
      this.key = loadOrCreateKey(keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the audit log " + file, e);
    }
  }

  /** Logs one outbound message by its serialized bytes. */
  public synchronized Entry append(String method, String kind, Scope scope, byte[] message) {
    Entry draft =
        new Entry(
            lastSeq + 1,
            clock.instant(),
            token(method),
            token(kind),
            scope.job(),
            scope.round(),
            scope.attempt(),
            message.length,
            sha256Hex(message),
            lastHash,
            "",
            "-");
    String hash = draft.expectedHash();
    Entry entry =
        new Entry(
            draft.seq(),
            draft.time(),
            draft.method(),
            draft.kind(),
            draft.job(),
            draft.round(),
            draft.attempt(),
            draft.bytes(),
            draft.sha256(),
            draft.previous(),
            hash,
            mac("entry|" + hash));
    try {
      Files.writeString(
          file,
          entry.line() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      writeHead(entry.seq(), entry.hash());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the audit log " + file, e);
    }
    lastSeq = entry.seq();
    lastHash = entry.hash();
    return entry;
  }

  /** Entries {@code from} (1-based) onwards, at most {@code limit}. */
  public List<Entry> read(long from, int limit) {
    return read(from, limit, e -> true);
  }

  /** Entries of {@code job} from {@code from} (1-based) onwards, at most {@code limit}. */
  public List<Entry> read(long from, int limit, String job) {
    return read(from, limit, e -> e.job().equals(job));
  }

  private synchronized List<Entry> read(long from, int limit, Predicate<Entry> which) {
    List<Entry> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines
          .skip(Math.max(0, from - 1))
          .map(Entry::parse)
          .filter(which)
          .limit(limit)
          .forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
    return out;
  }

  /** How many messages of each kind left for {@code job} (all of them when {@code null}). */
  public synchronized Map<String, Long> countsByKind(String job) {
    Map<String, Long> counts = new TreeMap<>();
    if (!Files.exists(file)) {
      return counts;
    }
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      lines
          .map(Entry::parse)
          .filter(e -> job == null || e.job().equals(job))
          .forEach(e -> counts.merge(e.kind(), 1L, Long::sum));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log " + file, e);
    }
    return counts;
  }

  public synchronized long size() {
    return lastSeq;
  }

  /** Walks the whole chain and checks it against the head. */
  public synchronized Verification verify() {
    String previous = GENESIS;
    long count = 0;
    boolean keyedSeen = false;
    if (Files.exists(file)) {
      try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
        for (String line : (Iterable<String>) lines::iterator) {
          count++;
          Entry entry;
          try {
            entry = Entry.parse(line);
          } catch (RuntimeException e) {
            return Verification.broken(count, count, "entry " + count + " cannot be read");
          }
          if (entry.seq() != count || !entry.previous().equals(previous)) {
            return Verification.broken(
                count, count, "entry " + count + " does not link to the entry before");
          }
          if (!entry.hash().equals(entry.expectedHash())) {
            return Verification.broken(count, count, "entry " + count + " does not match its hash");
          }
          if (entry.legacy() && keyedSeen) {
            return Verification.broken(
                count, count, "entry " + count + " has no MAC after keyed entries");
          }
          if (!entry.legacy()) {
            keyedSeen = true;
            if (!constantTimeEquals(entry.mac(), mac("entry|" + entry.hash()))) {
              return Verification.broken(
                  count, count, "entry " + count + " has a MAC that the audit key did not make");
            }
          }
          previous = entry.hash();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the audit log " + file, e);
      }
    }
    return checkHead(count, previous);
  }

  private Verification checkHead(long count, String lastHashRead) {
    if (!Files.exists(head)) {
      return count == 0 ? Verification.ok(0) : headless(count);
    }
    String[] f;
    try {
      f = Files.readString(head, StandardCharsets.UTF_8).trim().split(" ");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit log's head " + head, e);
    }
    if (f.length != 3 || !constantTimeEquals(f[2], mac("head|" + f[0] + "|" + f[1]))) {
      return Verification.broken(
          count, count, "the log's head file " + head.getFileName() + " was not made by its key");
    }
    long headSeq = Long.parseLong(f[0]);
    if (headSeq > count) {
      return Verification.broken(
          count,
          count + 1,
          "the log ends at entry " + count + " but its head says " + headSeq + ": truncated");
    }
    if (headSeq < count) {
      return Verification.broken(
          count,
          headSeq + 1,
          "entries after " + headSeq + " were added without the key (the head ends there)");
    }
    if (!f[1].equals(lastHashRead)) {
      return Verification.broken(
          count, count, "the last entry is not the one the head names: the tail was rewritten");
    }
    return Verification.ok(count);
  }

  /**
   * A log without its head (removed, or written before heads existed): its end cannot be checked.
   */
  private static Verification headless(long count) {
    return Verification.broken(
        count, count + 1, "the log has no head file: truncation cannot be ruled out");
  }

  private void writeHead(long seq, String hash) throws IOException {
    Path tmp = head.resolveSibling(head.getFileName() + ".tmp");
    Files.writeString(
        tmp,
        seq + " " + hash + " " + mac("head|" + seq + "|" + hash) + "\n",
        StandardCharsets.UTF_8);
    try {
      Files.move(tmp, head, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, head, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private String mac(String text) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(hmac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] loadOrCreateKey(Path keyFile) throws IOException {
    if (!Files.exists(keyFile)) {
      Path parent = keyFile.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      byte[] fresh = new byte[32];
      new SecureRandom().nextBytes(fresh);
      try {
        Files.createFile(
            keyFile,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(keyFile);
      } catch (FileAlreadyExistsException e) {
        return HexFormat.of().parseHex(Files.readString(keyFile, StandardCharsets.UTF_8).trim());
      }
      Files.writeString(keyFile, HexFormat.of().formatHex(fresh) + "\n", StandardCharsets.UTF_8);
      return fresh;
    }
    String hex = Files.readString(keyFile, StandardCharsets.UTF_8).trim();
    byte[] key;
    try {
      key = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "the audit key file " + keyFile + " (federation.audit-key) does not hold a hex key", e);
    }
    if (key.length < 16) {
      throw new IllegalStateException(
          "the audit key in " + keyFile + " (federation.audit-key) is shorter than 16 bytes");
    }
    return key;
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String token(String s) {
    return s.replace(' ', '_');
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package org.transitionnet.fuzz;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What the {@code *FuzzTest} suites share: the number of cases, reproducible seeds, byte and string
 * mutations, and the outcome tally each suite prints.
 *
 * <p>Each suite is one jqwik {@code @Example} that loops over {@code tnet.fuzz.cases} generated
 * inputs (default {@value #DEFAULT_CASES}; the full run uses 10,000). Case {@code i} draws from
 * {@code new Random(caseSeed(base, i))}, where the base seed is {@code tnet.fuzz.seed} or random;
 * every failure names its case seed, and {@code -Dtnet.fuzz.seed=<that seed> -Dtnet.fuzz.cases=1}
 * reruns exactly that case. (A jqwik {@code @Property} cannot take its tries from a system
 * property, and {@code jqwik.tries.default} would change every property of the module.)
 */
public final class FuzzSupport {

  public static final String CASES_PROPERTY = "tnet.fuzz.cases";
  public static final String SEED_PROPERTY = "tnet.fuzz.seed";
  public static final int DEFAULT_CASES = 500;

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** Values that break parsers: empty, blank, non-finite, huge, unicode, quotes, injections. */
  public static final List<String> NASTY =
      List.of(
          "",
          " ",
          "NA",
          "NaN",
          "nan",
          "Infinity",
          "-Infinity",
          "+Infinity",
          "inf",
          "1e309",
          "-1e309",
          "1e-400",
          "4.9e-324",
          "1.7976931348623157e308",
          "-0",
          "0",
          "-1",
          "2.5E+3",
          "0x1F",
          "1_000",
          "1,5",
          "\u0661\u0662\u0663",
          "\uFF11\uFF12",
          "\u22125",
          "+",
          "-",
          ".",
          "1.",
          ".5",
          "1e",
          "e5",
          "1e+",
          "99999999999999999999999999999999",
          "m",
          "f",
          "F",
          "true",
          "false",
          "null",
          "\"",
          "\"\"",
          "\"a\"\"b\"",
          "\"x,y\"",
          "\"multi\nline\"",
          "\u00e9",
          "\uD83D\uDE00",
          "\uFEFF",
          "\u0000",
          "\t",
          "\u00A0",
          "\u2028",
          "\uFFFD",
          "<script>",
          "'; DROP TABLE x;--",
          "%s%n",
          "${jndi:ldap://x}",
          "\\",
          "0.0",
          "1.0",
          "2",
          "{}",
          "[]",
          "\r");

  private FuzzSupport() {}

  public static int cases() {
    return Math.max(1, Integer.getInteger(CASES_PROPERTY, DEFAULT_CASES));
  }

  public static long baseSeed() {
    Long seed = Long.getLong(SEED_PROPERTY);
    return seed != null ? seed : new SecureRandom().nextLong();
  }

  public static long caseSeed(long base, int i) {
    return base + i * GOLDEN;
  }

  public static String rerun(long seed) {
    return "case seed "
        + seed
        + " (rerun it alone: -D"
        + SEED_PROPERTY
        + "="
        + seed
        + " -D"
        + CASES_PROPERTY
        + "=1)";
  }

  public static <T> T pick(Random r, List<T> from) {
    return from.get(r.nextInt(from.size()));
  }

  /** A nasty value, a random string, or a very long one. */
  public static String nastyString(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> randomString(r, 1 + r.nextInt(20));
      case 1 -> longString(r);
      default -> pick(r, NASTY);
    };
  }

  /** Up to 100,000 characters of one repeated unit (digits, letters, quotes, emoji). */
  public static String longString(Random r) {
    String unit = pick(r, List.of("9", "x", "0", "\"", ",", "\uD83D\uDE00", "1.5e", "\u00e9"));
    int n = 1 + r.nextInt(r.nextBoolean() ? 500 : 100_000 / unit.length());
    String s = unit.repeat(n);
    return r.nextBoolean() ? s : "1" + s;
  }

  /** Random code points from ASCII, Latin, control, surrogate-pair and private-use ranges. */
  public static String randomString(Random r, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      int cp =
          switch (r.nextInt(5)) {
            case 0 -> 0x20 + r.nextInt(0x5F);
            case 1 -> r.nextInt(0x20);
            case 2 -> 0xA0 + r.nextInt(0x2000);
            case 3 -> 0x1F300 + r.nextInt(0x300);
            default -> 0xE000 + r.nextInt(0x1000);
          };
      b.appendCodePoint(cp);
    }
    return b.toString();
  }

  public static byte[] randomBytes(Random r, int max) {
    byte[] b = new byte[r.nextInt(max + 1)];
    r.nextBytes(b);
    return b;
  }

  /** One byte-level mutation: bit flips, truncation, insertion, deletion, duplication. */
  public static byte[] mutateBytes(Random r, byte[] in) {
    if (in.length == 0) {
      return randomBytes(r, 16);
    }
    switch (r.nextInt(6)) {
      case 0 -> {
        byte[] out = in.clone();
        int flips = 1 + r.nextInt(8);
        for (int i = 0; i < flips; i++) {
          int at = r.nextInt(out.length);
          out[at] ^= (byte) (1 << r.nextInt(8));
        }
        return out;
      }
      case 1 -> {
        return Arrays.copyOf(in, r.nextInt(in.length));
      }
      case 2 -> {
        int at = r.nextInt(in.length + 1);
        byte[] what = randomBytes(r, 12);
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
      }
      case 3 -> {
        int from = r.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + r.nextInt(64));
        byte[] out = new byte[in.length - (to - from)];
        System.arraycopy(in, 0, out, 0, from);
        System.arraycopy(in, to, out, from, in.length - to);
        return out;
      }
      case 4 -> {
        int from = r.nextInt(in.length);
        int to = Math.min(in.length, from + 1 + r.nextInt(256));
        byte[] out = new byte[in.length + (to - from)];
        System.arraycopy(in, 0, out, 0, to);
        System.arraycopy(in, from, out, to, to - from);
        System.arraycopy(in, to, out, 2 * to - from, in.length - to);
        return out;
      }
      default -> {
        byte[] out = in.clone();
        out[r.nextInt(out.length)] = (byte) r.nextInt(256);
        return out;
      }
    }
  }

  /** Counts what a suite's cases ended in, and the crashes (exceptions no contract allows). */
  public static final class Tally {
    private final String suite;
    private final long baseSeed;
    private long cases;
    private long accepted;
    private final Map<String, Long> rejected = new TreeMap<>();
    private final Map<String, Long> refused = new TreeMap<>();
    private final List<String> crashes = new ArrayList<>();
    private Throwable firstCrash;

    public Tally(String suite, long baseSeed) {
      this.suite = suite;
      this.baseSeed = baseSeed;
    }

    public void caseDone() {
      cases++;
    }

    public void accepted(long n) {
      accepted += n;
    }

    public void rejected(String reason) {
      rejected.merge(reason, 1L, Long::sum);
    }

    public void refused(String kind) {
      refused.merge(kind, 1L, Long::sum);
    }

    /** Records an exception no contract allows; an OutOfMemoryError ends the run at once. */
    public void crash(long seed, Throwable t) {
      if (t instanceof OutOfMemoryError oom) {
        throw oom;
      }
      if (firstCrash == null) {
        firstCrash = t;
      }
      if (crashes.size() < 20) {
        crashes.add(t.getClass().getName() + ": " + t.getMessage() + " at " + rerun(seed));
      } else {
        crashes.add("");
      }
    }

    public String summary(String acceptedWhat) {
      return "fuzz "
          + suite
          + ": "
          + cases
          + " cases (base seed "
          + baseSeed
          + "), "
          + accepted
          + " "
          + acceptedWhat
          + ", rejected by reason "
          + rejected
          + ", refused whole "
          + refused
          + ", "
          + crashes.size()
          + " crashes";
    }

    /** Prints the summary line and fails, with the first crash's stack trace, if any crashed. */
    public void report(String acceptedWhat) {
      String summary = summary(acceptedWhat);
      System.out.println(summary);
      if (!crashes.isEmpty()) {
        StringWriter trace = new StringWriter();
        firstCrash.printStackTrace(new PrintWriter(trace));
        throw new AssertionError(
            summary
                + "\n"
                + String.join("\n", crashes.stream().filter(c -> !c.isEmpty()).toList())
                + "\nfirst crash:\n"
                + trace,
            firstCrash);
      }
    }
  }
}

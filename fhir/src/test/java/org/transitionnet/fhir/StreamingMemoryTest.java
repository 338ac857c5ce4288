package org.transitionnet.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The import streams: a child JVM with a 48 MB heap imports a generated 500 MB Observation stream
 * (more than ten times its heap), which would fail with OutOfMemoryError if the import held the
 * resources or the text.
 */
class StreamingMemoryTest {

  private static final long STREAM_CHARS = 500_000_000L;

  @Test
  void importsAStreamTenTimesLargerThanTheHeap() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child =
        new ProcessBuilder(
                List.of(
                    java.toString(),
                    "-Xmx48m",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    StreamingProbe.class.getName(),
                    Long.toString(STREAM_CHARS)))
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).as(output).isZero();
    Matcher m =
        Pattern.compile("chars=(\\d+) maxHeap=(\\d+) records=(\\d+) rejections=(\\d+) lines=(\\d+)")
            .matcher(output);
    assertThat(m.find()).as(output).isTrue();
    long chars = Long.parseLong(m.group(1));
    long maxHeap = Long.parseLong(m.group(2));
    long lines = Long.parseLong(m.group(5));
    assertThat(chars).isGreaterThanOrEqualTo(10 * maxHeap);
    assertThat(Long.parseLong(m.group(4))).isZero();
    long observations = lines - StreamingProbe.PATIENTS;
    long panels = (observations + StreamingProbe.EVERY - 1) / StreamingProbe.EVERY;
    // consecutive pairs of each patient's readings, all 10 days apart
    assertThat(Long.parseLong(m.group(3))).isEqualTo(panels - StreamingProbe.PATIENTS);
  }
}

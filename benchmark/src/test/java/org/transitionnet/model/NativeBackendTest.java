package org.transitionnet.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ND4J's native load waits for another JVM that is loading, and works once loaded. */
class NativeBackendTest {

  @TempDir Path cache;

  @Test
  void load_waitsWhileAnotherJvmHoldsTheLock_thenRuns() throws Exception {
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                cache.resolve(NativeBackend.LOCK_FILE).toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("locked");

    AtomicBoolean released = new AtomicBoolean();
    AtomicBoolean ranAfterRelease = new AtomicBoolean();
    AtomicBoolean ran = new AtomicBoolean();
    Thread loader =
        new Thread(
            () ->
                NativeBackend.underMachineLock(
                    cache,
                    () -> {
                      ranAfterRelease.set(released.get());
                      ran.set(true);
                    }));
    loader.start();
    loader.join(1_000);
    assertThat(ran).as("ran while another JVM held the lock").isFalse();

    released.set(true);
    holder.getOutputStream().close(); // the holder releases its lock and exits
    loader.join(30_000);
    assertThat(ran).isTrue();
    assertThat(ranAfterRelease).isTrue();
    assertThat(holder.waitFor()).isZero();
  }

  @Test
  void ensureLoaded_loadsTheBackendOnce() {
    NativeBackend.ensureLoaded();
    NativeBackend.ensureLoaded();
    assertThat(org.nd4j.linalg.factory.Nd4j.createFromArray(1.0, 2.0).sumNumber().doubleValue())
        .isEqualTo(3.0);
  }

  /** Holds the lock file until its standard input closes. */
  public static final class LockHolder {
    public static void main(String[] args) throws Exception {
      try (FileChannel channel =
              FileChannel.open(
                  Path.of(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        System.out.println("locked");
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for EOF
        }
      }
    }
  }
}

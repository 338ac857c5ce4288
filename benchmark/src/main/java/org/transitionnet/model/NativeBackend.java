package org.transitionnet.model;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Loads ND4J's native backend once per JVM, one JVM at a time on this machine.
 *
 * <p>JavaCPP unpacks and loads the native libraries from a cache shared by every JVM of the user
 * ({@code ~/.javacpp/cache}, or {@code org.bytedeco.javacpp.cachedir}). Two JVMs loading at the
 * same moment can make one fail with {@code UnsatisfiedLinkError: no jnind4jcpu in
 * java.library.path} (bytedeco/javacpp#608, open); the demo and the integration tests start several
 * Liberty nodes on one machine that begin training together, and a JVM whose ND4J failed to load
 * never retries (the class stays uninitialized until restart). So the first use of ND4J in a JVM
 * holds an exclusive lock on {@code .transitionnet-load.lock} in that cache while it loads: JVMs of
 * this project load one after the other (a second or two each), others are not affected. Where the
 * lock cannot be taken (read-only cache, no such directory allowed) it loads without it.
 */
public final class NativeBackend {

  /** The lock file's name inside the JavaCPP cache directory. */
  public static final String LOCK_FILE = ".transitionnet-load.lock";

  private static final Logger LOG = Logger.getLogger(NativeBackend.class.getName());
  private static volatile boolean loaded;

  private NativeBackend() {}

  /** Loads the backend unless this JVM already did; afterwards ND4J is usable. */
  public static void ensureLoaded() {
    if (loaded) {
      return;
    }
    synchronized (NativeBackend.class) {
      if (!loaded) {
        underMachineLock(cacheDirectory(), () -> Nd4j.getBackend());
        loaded = true;
      }
    }
  }

  /** JavaCPP's cache directory: {@code org.bytedeco.javacpp.cachedir}, else its default. */
  static Path cacheDirectory() {
    String configured = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of(System.getProperty("user.home"), ".javacpp", "cache");
  }

  /**
   * Runs {@code load} while holding the exclusive lock on {@link #LOCK_FILE} in {@code directory}
   * (waiting for another JVM that holds it), or without the lock when it cannot be taken.
   */
  static void underMachineLock(Path directory, Runnable load) {
    FileChannel channel = null;
    FileLock lock = null;
    try {
      Files.createDirectories(directory);
      channel =
          FileChannel.open(
              directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = channel.lock();
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(Level.FINE, "loading ND4J without the machine-wide lock", e);
    }
    try {
      load.run();
    } finally {
      try {
        if (lock != null) {
          lock.release();
        }
        if (channel != null) {
          channel.close();
        }
      } catch (IOException e) {
        LOG.log(Level.FINE, "could not release the ND4J load lock", e);
      }
    }
  }
}

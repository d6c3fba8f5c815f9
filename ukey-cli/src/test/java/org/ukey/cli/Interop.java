package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSL's command line and the interop vectors in {@code testdata/interop/seals}, for the GM and
 * PKI verb tests. A missing {@code openssl} fails the test with the way to install it.
 */
final class Interop {
  private Interop() {}

  /** Runs {@code openssl args...} in {@code dir}; fails the test unless it exits 0. */
  static byte[] openssl(Path dir, String... args) {
    return run(dir, false, args);
  }

  /** As {@link #openssl}, returning what OpenSSL wrote to stderr (its verdicts go there). */
  static String opensslStderr(Path dir, String... args) {
    return new String(run(dir, true, args), java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] run(Path dir, boolean stderr, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    try {
      Path out = Files.createTempFile(dir, "openssl", ".out");
      Path err = Files.createTempFile(dir, "openssl", ".err");
      Process p = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("openssl did not finish: " + cmd);
      }
      if (p.exitValue() != 0) {
        fail(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + Files.readString(err));
      }
      byte[] result = Files.readAllBytes(stderr ? err : out);
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new AssertionError("openssl is needed for this test: install it with"
          + " `apt-get install -y openssl` (./test does)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The interop vectors of the repository: {@code testdata/interop/seals}. */
  static Path seals() {
    String base = System.getProperty("ukey.testdata");
    if (base == null) {
      throw new AssertionError("system property ukey.testdata is not set: run the tests through"
          + " Maven, whose surefire configuration points it at <repository>/testdata");
    }
    Path dir = Path.of(base, "interop", "seals");
    if (!Files.isDirectory(dir)) {
      throw new AssertionError(dir + " is missing: the interop vectors are part of the"
          + " repository (testdata/interop/seals)");
    }
    return dir;
  }
}

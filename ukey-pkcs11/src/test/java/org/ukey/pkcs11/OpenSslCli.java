package org.ukey.pkcs11;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSL 3's command line as an interop peer (as in ukey-sm2's interop tests): a missing or
 * SM2-less {@code openssl} fails the test with how to install it, never skips it.
 */
public final class OpenSslCli {
  private OpenSslCli() {}

  /** What a run produced. */
  public record Result(int exit, byte[] out, String err) {
    public String stdout() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  /** Runs {@code openssl args...} in a directory without judging the exit code. */
  public static Result run(Path dir, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).start();
      p.getOutputStream().close();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Thread t = new Thread(() -> copy(p.getErrorStream(), err));
      t.start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      copy(p.getInputStream(), out);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail("openssl did not finish in 60 s: " + cmd);
      }
      t.join();
      return new Result(p.exitValue(), out.toByteArray(),
          new String(err.toByteArray(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("these interop tests need OpenSSL 3 with SM2 on the PATH:"
          + " apt-get install -y openssl", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Runs and fails the test on a non-zero exit. */
  public static byte[] ok(Path dir, String... args) {
    Result r = run(dir, args);
    if (r.exit() != 0) {
      fail("openssl " + String.join(" ", args) + " exited " + r.exit() + ": " + r.err());
    }
    return r.out();
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      // the process ended
    }
  }
}

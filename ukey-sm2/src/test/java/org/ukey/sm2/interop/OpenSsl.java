package org.ukey.sm2.interop;

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
 * OpenSSL's command line as an interop peer. Tests that use it fail (never skip) when it is
 * missing or lacks SM2/SM3/SM4, with an instruction to install it.
 */
public final class OpenSsl {
  private static volatile Boolean checked;

  private OpenSsl() {}

  /** Fails the test unless {@code openssl} 3 with SM2, SM3 and SM4 is on the PATH. */
  public static void require() {
    if (checked != null) {
      if (!checked) {
        fail(INSTALL);
      }
      return;
    }
    try {
      Result r = exec(null, null, "openssl", "version");
      boolean ok = r.exit == 0 && r.stdout().startsWith("OpenSSL 3");
      if (ok) {
        Result list = exec(null, null, "openssl", "list", "-cipher-algorithms");
        ok = list.exit == 0 && list.stdout().toUpperCase().contains("SM4");
      }
      checked = ok;
    } catch (IOException e) {
      checked = false;
    }
    if (!checked) {
      fail(INSTALL);
    }
  }

  private static final String INSTALL = "these interop tests need OpenSSL 3 (with SM2/SM3/SM4)"
      + " on the PATH: install it with `apt-get install -y openssl` (Debian/Ubuntu)";

  /**
   * Runs {@code openssl args...} in a directory and returns its standard output; fails the test
   * with OpenSSL's error output when it exits non-zero.
   */
  public static byte[] run(Path dir, String... args) {
    return run(dir, null, args);
  }

  /** As {@link #run(Path, String...)}, with bytes fed to standard input. */
  public static byte[] run(Path dir, byte[] stdin, String... args) {
    Result r = tryRun(dir, stdin, args);
    if (r.exit != 0) {
      fail("openssl " + String.join(" ", args) + " exited " + r.exit + ": " + r.stderr());
    }
    return r.out;
  }

  /** Runs {@code openssl args...} and returns the exit code and output, without judging. */
  public static Result tryRun(Path dir, byte[] stdin, String... args) {
    require();
    List<String> cmd = new ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    try {
      return exec(dir, stdin, cmd.toArray(new String[0]));
    } catch (IOException e) {
      throw new AssertionError("cannot run openssl", e);
    }
  }

  private static Result exec(Path dir, byte[] stdin, String... cmd) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    Process p = pb.start();
    if (stdin != null) {
      p.getOutputStream().write(stdin);
    }
    p.getOutputStream().close();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Thread t = new Thread(() -> copy(p.getErrorStream(), err));
    t.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    copy(p.getInputStream(), out);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("openssl did not finish in 60 s: " + String.join(" ", cmd));
      }
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return new Result(p.exitValue(), out.toByteArray(), err.toByteArray());
  }

  private static void copy(InputStream in, ByteArrayOutputStream out) {
    try (in) {
      in.transferTo(out);
    } catch (IOException e) {
      // the process ended; what was read is what there is
    }
  }

  /** What a run of OpenSSL produced. */
  public static final class Result {
    public final int exit;
    public final byte[] out;
    public final byte[] err;

    Result(int exit, byte[] out, byte[] err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }

    public String stdout() {
      return new String(out, StandardCharsets.UTF_8);
    }

    public String stderr() {
      return new String(err, StandardCharsets.UTF_8);
    }
  }
}

package org.ukey.sm2.soft;

import java.io.IOException;
import java.nio.file.Path;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.Session;
import org.ukey.api.Token;

/**
 * The process {@link SoftTokenCrashTest} kills with SIGKILL. It loops over wrong-PIN attempts
 * ({@code wrong-pins}) or key generations ({@code keygen}) and prints one line after each
 * completes, so the parent knows what must have reached the disk.
 *
 * <p>With a third argument N &ge; 0, every file write after the N-th completed operation stops
 * in the crash window (temporary file complete and flushed, not yet renamed), prints
 * {@code window} and waits there to be killed.
 */
final class CrashChild {
  private static volatile int completed;

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path dir = Path.of(args[1]);
    int pauseAfter = Integer.parseInt(args[2]);
    AtomicFile writer = new AtomicFile() {
      @Override
      void beforeRename(Path tmp, Path target) throws IOException {
        if (pauseAfter >= 0 && completed >= pauseAfter) {
          System.out.println("window");
          System.out.flush();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }
    };
    try (SoftTokenProvider store = SoftTokens.open(dir, writer)) {
      Token token = store.token("t");
      if (mode.equals("wrong-pins")) {
        for (int i = 0; ; i++) {
          try (Pin wrong = Pin.of("wrong-pin".toCharArray())) {
            token.login(wrong).close();
            throw new AssertionError("a wrong PIN was accepted");
          } catch (PinIncorrectException e) {
            System.out.println("done " + i);
            completed++;
          }
        }
      }
      try (Pin pin = Pin.of(Fixtures.USER_PIN.toCharArray());
           Session session = token.login(pin)) {
        int start = session.keys().size();
        for (int i = start; ; i++) {
          session.generateKey(KeySpec.ecP256(), "k" + i);
          System.out.println("done k" + i);
          completed++;
        }
      }
    }
  }
}

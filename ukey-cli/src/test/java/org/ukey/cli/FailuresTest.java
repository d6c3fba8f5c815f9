package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyNotFoundException;
import org.ukey.api.PinChangeRequiredException;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.PinLockedException;

class FailuresTest {
  @Test
  void saysHowManyPinTriesAreLeft() {
    assertEquals("PIN incorrect, 5 tries left",
        Failures.describe(new PinIncorrectException(5, null)));
    assertEquals("PIN incorrect, 1 try left",
        Failures.describe(new PinIncorrectException(1, null)));
  }

  @Test
  void tellsWhatToRunWhenThePinMustBeChanged() {
    assertEquals("PIN must be changed before first use: run `ukey pin change`",
        Failures.describe(new PinChangeRequiredException("token 'x' requires a PIN change")));
  }

  @Test
  void pointsALockedPinToTheSecurityOfficer() {
    String m = Failures.describe(new PinLockedException("user PIN of 'x' is locked", null));
    assertTrue(m.startsWith("user PIN of 'x' is locked; "), m);
    assertTrue(m.contains("`ukey pin unlock`"), m);
  }

  @Test
  void keepsTheMessagesOfSdkFailures() {
    assertEquals("no key labelled 'k' on token 't'",
        Failures.describe(new KeyNotFoundException("no key labelled 'k' on token 't'")));
    assertEquals("signature at offset 0: expected SEQUENCE (0x30)", Failures.describe(
        new InvalidEncodingException("signature", 0, "expected SEQUENCE (0x30)")));
  }

  @Test
  void namesTheFileOfAnIoFailure() {
    assertEquals("in.txt: no such file or directory",
        Failures.describe(new NoSuchFileException("in.txt")));
    assertEquals("out.sig: permission denied",
        Failures.describe(new AccessDeniedException("out.sig")));
    assertEquals("in.txt: no such file or directory",
        Failures.describe(new UncheckedIOException(new NoSuchFileException("in.txt"))));
    assertEquals("disk full", Failures.describe(new IOException("disk full")));
  }

  @Test
  void marksProgrammingErrorsAsUnexpected() {
    String m = Failures.describe(new IllegalStateException("boom"));
    assertEquals("unexpected error: java.lang.IllegalStateException: boom (run with --verbose"
        + " for the stack trace)", m);
  }

  @Test
  void joinsMultiLineMessagesIntoOneLine() {
    assertEquals("first; second; third", Failures.oneLine("first\nsecond\r\n  third\n"));
  }
}

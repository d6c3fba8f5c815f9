package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukey.sm2.soft.Fixtures.SO_PIN;
import static org.ukey.sm2.soft.Fixtures.USER_PIN;
import static org.ukey.sm2.soft.Fixtures.createToken;
import static org.ukey.sm2.soft.Fixtures.pin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.PinIncorrectException;
import org.ukey.api.Session;
import org.ukey.api.UKeyException;

class AtomicFileTest {
  @TempDir
  Path dir;

  /** Fails in the window between a complete, flushed temporary file and the rename. */
  private static final class CrashBeforeRename extends AtomicFile {
    Path leftTemp;

    @Override
    void beforeRename(Path tmp, Path target) throws IOException {
      assertTrue(Files.size(tmp) > 0);
      leftTemp = tmp;
      throw new IOException("simulated crash before rename");
    }
  }

  @Test
  void writesContentWithOwnerOnlyPermissionsAndNoTemporaryLeft() throws Exception {
    Path target = dir.resolve("x.token");
    new AtomicFile().write(target, new byte[] {1, 2, 3});
    new AtomicFile().write(target, new byte[] {4, 5});
    assertArrayEquals(new byte[] {4, 5}, Files.readAllBytes(target));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    assertEquals(List.of("x.token"), names());
  }

  @Test
  void failureBeforeRenameLeavesTheOldFileAndNoTemporary() throws Exception {
    Path target = dir.resolve("x.token");
    new AtomicFile().write(target, new byte[] {1, 2, 3});
    CrashBeforeRename crashing = new CrashBeforeRename();
    assertThrows(IOException.class, () -> crashing.write(target, new byte[] {9, 9}));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    assertFalse(Files.exists(crashing.leftTemp));
  }

  @Test
  void interruptedKeyGenerationLosesNothingThatWasStored() throws Exception {
    try (SoftTokenProvider good = SoftTokens.open(dir)) {
      try (Session s = createToken(good, "t").login(pin(USER_PIN))) {
        s.generateKey(KeySpec.ecP256(), "before");
      }
    }
    byte[] before = Files.readAllBytes(dir.resolve("t.token"));
    try (SoftTokenProvider crashing = SoftTokens.open(dir, new CrashBeforeRename())) {
      // Login writes too (the attempt counter); let it through a normal provider first.
      try (SoftTokenProvider good = SoftTokens.open(dir);
           Session s = good.token("t").login(pin(USER_PIN))) {
        assertEquals(1, s.keys().size());
      }
      UKeyException e = assertThrows(UKeyException.class,
          () -> crashing.token("t").login(pin(USER_PIN)));
      assertTrue(e.getMessage().contains("simulated crash"), e.getMessage());
    }
    assertArrayEquals(before, Files.readAllBytes(dir.resolve("t.token")));
    try (SoftTokenProvider good = SoftTokens.open(dir);
         Session s = good.token("t").login(pin(USER_PIN))) {
      assertEquals("before", s.keys().get(0).label());
    }
  }

  @Test
  void failedPinChangeKeepsTheOldPin() throws Exception {
    try (SoftTokenProvider good = SoftTokens.open(dir)) {
      createToken(good, "t");
    }
    // A provider whose first write (the attempt count) succeeds and every later one fails.
    AtomicFile failsAfterFirst = new AtomicFile() {
      int writes;

      @Override
      void beforeRename(Path tmp, Path target) throws IOException {
        if (++writes > 1) {
          throw new IOException("simulated crash before rename");
        }
      }
    };
    try (SoftTokenProvider crashing = SoftTokens.open(dir, failsAfterFirst)) {
      assertThrows(UKeyException.class,
          () -> crashing.token("t").changePin(pin(USER_PIN), pin("new-pin-1")));
    }
    try (SoftTokenProvider good = SoftTokens.open(dir)) {
      // The counted attempt stayed counted; the PIN did not change.
      assertEquals(5, good.token("t").info().pinStatus().retriesLeft().getAsInt());
      assertThrows(PinIncorrectException.class, () -> good.token("t").login(pin("new-pin-1")));
      good.token("t").login(pin(USER_PIN)).close();
    }
  }

  @Test
  void openingTheStoreRemovesTemporariesOfACrashedWriter() throws Exception {
    try (SoftTokenProvider good = SoftTokens.open(dir)) {
      createToken(good, "t");
    }
    Files.write(dir.resolve(".t.token.0a1b2c3d4e5f.tmp"), new byte[] {1});
    Files.write(dir.resolve("unrelated.txt"), new byte[] {1});
    try (SoftTokenProvider good = SoftTokens.open(dir)) {
      assertEquals(List.of(".lock", "t.token", "unrelated.txt"), names());
      good.deleteToken("t", pin(SO_PIN));
    }
  }

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }
}

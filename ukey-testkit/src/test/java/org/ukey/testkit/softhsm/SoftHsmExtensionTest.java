package org.ukey.testkit.softhsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ukey.api.KeySpec;
import org.ukey.api.Pin;
import org.ukey.api.Session;

class SoftHsmExtensionTest {

  /** One token for the whole class: what one test leaves, the next one sees. */
  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerClass {
    @RegisterExtension
    static final SoftHsmExtension HSM = SoftHsmExtension.with("per-class", "1111", "2222");
    static Path directory;

    @Test
    @Order(1)
    void givesATokenWithTheLabelAndPins() throws Exception {
      SoftHsmToken t = HSM.token();
      directory = t.tokenDirectory();
      assertEquals("per-class", t.token().info().label());
      assertEquals("SoftHSM project", t.token().info().manufacturer());
      try (Pin pin = t.userPin(); Session s = t.token().login(pin)) {
        s.generateKey(KeySpec.ecP256(), "left-behind");
      }
      try (Pin so = t.soPin(); Pin user = t.userPin()) {
        t.token().unlockPin(so, user);
      }
      assertTrue(t.config().startsWith(t.tokenDirectory().getParent()));
      assertEquals(t.config().toString(), t.environment().get("SOFTHSM2_CONF"));
    }

    @Test
    @Order(2)
    void keepsTheTokenAcrossTheClassAndInjectsIt(SoftHsmToken injected) throws Exception {
      assertSame(HSM.token(), injected);
      try (Pin pin = injected.userPin(); Session s = injected.token().login(pin)) {
        assertEquals("left-behind", s.key("left-behind").label());
      }
    }

    @AfterAll
    static void deletedAfterwards() {
      // afterAll of the extension runs after this method; the directory still exists here.
      assertTrue(Files.isDirectory(directory));
    }
  }

  /** A token per test: nothing carries over. */
  @Nested
  class PerTest {
    @RegisterExtension
    final SoftHsmExtension hsm = SoftHsmExtension.withLabel("per-test");

    @Test
    void startsEmpty() throws Exception {
      try (Pin pin = hsm.token().userPin(); Session s = hsm.token().token().login(pin)) {
        assertTrue(s.keys().isEmpty());
        s.generateKey(KeySpec.ecP256(), "only-here");
      }
    }

    @Test
    void startsEmptyAgain() throws Exception {
      try (Pin pin = hsm.token().userPin(); Session s = hsm.token().token().login(pin)) {
        assertTrue(s.keys().isEmpty());
      }
    }
  }

  @Test
  void closingDeletesTheDirectoryItMade() throws Exception {
    Path dir;
    try (SoftHsmToken t = SoftHsmToken.create("closing")) {
      dir = t.tokenDirectory().getParent();
      assertTrue(Files.isDirectory(dir));
    }
    assertFalse(Files.exists(dir));
  }

  @Test
  void refusesASecondTokenWhileOneIsOpen() throws Exception {
    try (SoftHsmToken first = SoftHsmToken.create("first")) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> SoftHsmToken.create("second"));
      assertTrue(e.getMessage().contains("still open"), e.getMessage());
      assertEquals("first", first.token().info().label());
    }
  }

  @Test
  void aWrongLibraryPathFailsWithWhatIsWrong() {
    String old = System.getProperty(SoftHsm.LIBRARY_PROPERTY);
    System.setProperty(SoftHsm.LIBRARY_PROPERTY, "/nonexistent/libsofthsm2.so");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, SoftHsm::library);
      assertTrue(e.getMessage().contains("/nonexistent/libsofthsm2.so"), e.getMessage());
    } finally {
      if (old == null) {
        System.clearProperty(SoftHsm.LIBRARY_PROPERTY);
      } else {
        System.setProperty(SoftHsm.LIBRARY_PROPERTY, old);
      }
    }
  }

  @Test
  void findsTheInstalledLibrary() {
    Path lib = SoftHsm.library();
    assertTrue(Files.isRegularFile(lib));
    assertNotEquals(-1, lib.toString().indexOf("softhsm2"));
  }
}

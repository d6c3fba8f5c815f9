package org.ukey.testkit.gm;

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
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.TokenRemovedException;
import org.ukey.testkit.ReferenceVerifier;

class GmTokenExtensionTest {

  /** One fixture for the class, two vendors: what one test leaves, the next one sees. */
  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerClass {
    @RegisterExtension
    static final GmTokenExtension GM = GmTokenExtension.with(GmToken.builder()
        .slots(GmVendor.SANSEC, GmVendor.TASS).label("teller").pins("1111", "2222")
        .maxTries(4));
    static Path directory;

    @Test
    @Order(1)
    void givesTokensWithTheLabelsPinsAndVendors() throws Exception {
      GmToken gm = GM.gm();
      directory = gm.directory();
      assertEquals(2, gm.slots());
      assertEquals("teller-0", GM.token(0).info().label());
      assertEquals("teller-1", GM.token(1).info().label());
      assertEquals("sansec", GM.token(0).profileName());
      assertEquals("tass", GM.token(1).profileName());
      assertFalse(GM.token(0).info().pinStatus().mustChange(), "ready for login");
      assertTrue(Files.readString(gm.config()).contains("pin.max-tries = 4"));
      assertEquals(gm.config().toString(), gm.environment().get(GmToken.CONFIG_ENV));
      for (int slot = 0; slot < 2; slot++) {
        try (Pin pin = GM.userPin(); Session s = GM.token(slot).login(pin)) {
          TokenKey k = s.generateKey(KeySpec.sm2(), "left-behind");
          byte[] m = {1, 2, 3};
          ReferenceVerifier.verify(k.publicKey(), SignatureAlgorithm.SM3_WITH_SM2, m,
              s.signer(k, SignatureAlgorithm.SM3_WITH_SM2).sign(m));
        }
      }
    }

    @Test
    @Order(2)
    void keepsTheTokensAcrossTheClassAndInjectsThem(GmToken injected) throws Exception {
      assertSame(GM.gm(), injected);
      try (Pin pin = injected.userPin(); Session s = injected.token(1).login(pin)) {
        assertEquals("left-behind", s.key("left-behind").label());
      }
    }

    @Test
    @Order(3)
    void removesAndInsertsATokenThroughTheControlFile() throws Exception {
      try (Pin pin = GM.userPin(); Session s = GM.token(1).login(pin)) {
        GM.remove(1);
        assertTrue(Files.exists(GM.gm().slotDirectory(1).resolve("removed")));
        assertThrows(TokenRemovedException.class, () -> s.generateRandom(4));
        assertThrows(TokenNotPresentException.class, () -> GM.token(1));
        assertEquals(1, GM.provider().tokens().size());
        GM.insert(1);
      }
      try (Pin pin = GM.userPin(); Session again = GM.token(1).login(pin)) {
        assertEquals("left-behind", again.key("left-behind").label());
      }
    }

    @AfterAll
    static void deletedAfterwards() {
      // The extension's afterAll runs after this one: the directory still exists here.
      assertTrue(directory != null && Files.isDirectory(directory));
    }
  }

  /** On an instance field: a fresh fixture per test. */
  @Nested
  class PerTest {
    @RegisterExtension
    final GmTokenExtension gm = new GmTokenExtension();
    static Path previous;

    @Test
    void first() throws Exception {
      check();
    }

    @Test
    void second() throws Exception {
      check();
    }

    private void check() throws Exception {
      assertNotEquals(previous, gm.gm().directory());
      previous = gm.gm().directory();
      assertEquals("gm", gm.token(0).info().label());
      try (Pin pin = gm.userPin(); Session s = gm.token(0).login(pin)) {
        assertTrue(s.keys().isEmpty(), "a fresh token");
        s.generateKey(KeySpec.sm2(), "k");
      }
    }
  }

  @Test
  void aMissingNamedLibraryIsAClearError() {
    String before = System.getProperty(GmToken.LIBRARY_PROPERTY);
    System.setProperty(GmToken.LIBRARY_PROPERTY, "/nonexistent/libukeygm.so");
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class, GmToken::library);
      assertTrue(e.getMessage().contains("-D" + GmToken.LIBRARY_PROPERTY), e.getMessage());
      assertTrue(e.getMessage().contains("/nonexistent/libukeygm.so"), e.getMessage());
    } finally {
      if (before == null) {
        System.clearProperty(GmToken.LIBRARY_PROPERTY);
      } else {
        System.setProperty(GmToken.LIBRARY_PROPERTY, before);
      }
    }
  }

  @Test
  void aSecondFixtureWhileOneIsOpenIsRefusedWithAReason() throws Exception {
    try (GmToken first = GmToken.create()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, GmToken::create);
      assertTrue(e.getMessage().contains("still open"), e.getMessage());
      assertTrue(first.token().isPresent());
    }
    try (GmToken again = GmToken.create()) {
      assertTrue(again.token().isPresent());
    }
  }

  @Test
  void theLibraryComesFromTheJarWhenNotNamed() {
    if (System.getProperty(GmToken.LIBRARY_PROPERTY) == null
        && System.getenv(GmToken.LIBRARY_ENV) == null) {
      Path lib = GmToken.library();
      assertTrue(Files.isRegularFile(lib), lib.toString());
      assertSame(lib, GmToken.library(), "extracted once per JVM");
    }
  }
}

package org.ukey.pkcs11.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.api.UKeyException;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.pkcs11.TestSoftHsm;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.Cryptoki;
import org.ukey.sm2.SoftVerifiers;
import org.ukey.sm2.pki.CertificateBuilder;

class ModuleRegistryTest {
  private static final byte[] MESSAGE = "m".getBytes(StandardCharsets.UTF_8);

  private static long cGetInfoFromOutside() throws Exception {
    Cryptoki ck = Cryptoki.load(TestSoftHsm.library().toRealPath(), false);
    ModuleCalls calls = new ModuleCalls(ck.functions(), ck.abi());
    try {
      calls.getInfo();
      return CKR.CKR_OK;
    } catch (Pkcs11Exception e) {
      return e.code();
    }
  }

  @Test
  void oneModulePerCanonicalPathSharedAndFinalizedByTheLastUser() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("shared")) {
      Path link = Files.createTempDirectory("ukey-link").resolve("libp11.so");
      Files.createSymbolicLink(link, TestSoftHsm.library().toRealPath());
      Pkcs11Provider second = Pkcs11.load(link, Pkcs11Options.builder()
          .environment("SOFTHSM2_CONF", hsm.conf().toString()).build());
      assertEquals(hsm.provider().libraryInfo().path(), second.libraryInfo().path());
      assertTrue(second.libraryInfo().initializedHere(), "the same module, not an adoption");
      try (Session a = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN))) {
        TokenKey key = a.generateKey(KeySpec.ecP256(), "k");
        hsm.provider().close();
        assertEquals(CKR.CKR_OK, cGetInfoFromOutside(), "still initialized for the second");
        assertFalse(a.isOpen(), "the first provider's sessions closed with it");
        try (Session b = second.token("shared").login(TestSoftHsm.pin(TestSoftHsm.USER_PIN))) {
          SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE,
              b.signer(b.key("k"), SignatureAlgorithm.SHA256_WITH_ECDSA).sign(MESSAGE));
        }
      }
      second.close();
      assertEquals(CKR.CKR_CRYPTOKI_NOT_INITIALIZED, cGetInfoFromOutside());
      Files.delete(link);
    }
  }

  @Test
  void refusesToShareAModuleConfiguredByAnotherEnvironment() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("env")) {
      UKeyException e = assertThrows(UKeyException.class, () -> Pkcs11.load(
          TestSoftHsm.library(), Pkcs11Options.builder()
              .environment("SOFTHSM2_CONF", "/elsewhere.conf").build()));
      assertTrue(e.getMessage().contains("another environment"), e.getMessage());
      assertEquals("env", hsm.token().info().label(), "the first user is unaffected");
    }
  }

  @Test
  void refusesAFileThatIsNotAPkcs11Library() throws Exception {
    Path notALibrary = Files.createTempFile("ukey", ".so");
    Files.writeString(notALibrary, "not ELF");
    UKeyException e = assertThrows(UKeyException.class, () -> Pkcs11.load(notALibrary));
    assertTrue(e.getMessage().contains("not a usable PKCS#11 library"), e.getMessage());
    // One line with the loader's reason, not JNA's repetition and the class path it searched.
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
    assertFalse(e.getMessage().contains("resource path"), e.getMessage());
    assertTrue(e.getMessage().length() < 400, e.getMessage());
    assertThrows(UKeyException.class, () -> Pkcs11.load(Path.of("/nonexistent/lib.so")));
    Files.delete(notALibrary);
  }

  @Test
  void adoptsAModuleSunPkcs11InitializedAndLeavesItToSunPkcs11() throws Exception {
    TestSoftHsm hsm = TestSoftHsm.create("adopted");
    try (Session s = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN))) {
      TokenKey key = s.generateKey(KeySpec.ecP256(), "k");
      // SunPKCS11 exposes only keys that have a certificate.
      s.importCertificate(key, CertificateBuilder.forSubject("CN=k", key.publicKey())
          .serialNumber(BigInteger.ONE)
          .validity(Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2036-01-01T00:00:00Z"))
          .sign(s.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA)));
    }
    hsm.provider().close();
    // SoftHSM numbers slots anew at each C_Initialize (from the token serial): look it up.
    long slot;
    try (Pkcs11Provider once = Pkcs11.load(TestSoftHsm.library())) {
      slot = once.token("adopted").slotId();
    }
    assertEquals(CKR.CKR_CRYPTOKI_NOT_INITIALIZED, cGetInfoFromOutside());

    // SunPKCS11 initializes the module (it reads SOFTHSM2_CONF set by the first load).
    Provider sun = Security.getProvider("SunPKCS11").configure("--name=ukeytest\nlibrary="
        + TestSoftHsm.library().toRealPath() + "\nslot=" + slot + "\n");
    KeyStore ks = KeyStore.getInstance("PKCS11", sun);
    ks.load(null, TestSoftHsm.USER_PIN.toCharArray());
    PrivateKey sunKey = (PrivateKey) ks.getKey("k", null);

    try (Pkcs11Provider ours = Pkcs11.load(TestSoftHsm.library())) {
      assertFalse(ours.libraryInfo().initializedHere());
      try (Session s = ours.token("adopted").login(TestSoftHsm.pin(TestSoftHsm.USER_PIN))) {
        TokenKey key = s.key("k");
        SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE,
            s.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA).sign(MESSAGE));
      }
    }
    // Not finalized, not logged out: SunPKCS11 still signs.
    assertEquals(CKR.CKR_OK, cGetInfoFromOutside());
    Signature sig = Signature.getInstance("SHA256withECDSA", sun);
    sig.initSign(sunKey);
    sig.update(MESSAGE);
    byte[] der = sig.sign();
    assertNotEquals(0, der.length);
    SoftVerifiers.verify(ks.getCertificate("k").getPublicKey(),
        SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE, der);
    hsm.close();
  }

  @Test
  void loaderReasonKeepsTheDynamicLoadersLine() {
    assertEquals("/tmp/x.so: file too short", ModuleRegistry.loaderReason(
        "Unable to load library '/tmp/x.so': /tmp/x.so: file too short\n/tmp/x.so: file too short"
            + "\nNative library (linux-x86-64//tmp/x.so) not found in resource path (a.jar:b.jar)"));
    assertEquals("the dynamic loader gave no reason", ModuleRegistry.loaderReason(null));
    assertEquals("something else", ModuleRegistry.loaderReason("something else\nmore"));
  }
}

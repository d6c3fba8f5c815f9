package org.ukey.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.sm2.SignatureCodec;
import org.ukey.sm2.SoftVerifiers;

/**
 * Interoperation with OpenSC's {@code pkcs11-tool} on the same SoftHSM token, in another
 * process: it lists and signs with keys the SDK generated, and the SDK signs with keys it
 * generated.
 *
 * <p>The SDK keeps the module initialized while pkcs11-tool runs, as two applications on one
 * machine would.
 */
class Pkcs11ToolInteropTest {
  private static final byte[] MESSAGE = "interop".getBytes(StandardCharsets.UTF_8);
  private static TestSoftHsm hsm;

  @BeforeAll
  static void open() throws Exception {
    hsm = TestSoftHsm.create("interop");
    pkcs11Tool("--show-info");
  }

  @AfterAll
  static void close() {
    if (hsm != null) {
      hsm.close();
    }
  }

  private static Session login() throws Exception {
    return hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN));
  }

  /** Runs pkcs11-tool on the test token; fails with an instruction when it is missing. */
  private static String pkcs11Tool(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module",
        TestSoftHsm.library().toString()));
    if (!args[0].equals("--show-info")) {
      cmd.addAll(List.of("--token-label", "interop", "--login", "--pin",
          TestSoftHsm.USER_PIN));
    }
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(hsm.environment());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("pkcs11-tool not found: install OpenSC"
          + " (apt-get install opensc, dnf install opensc, brew install opensc)", e);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("pkcs11-tool " + String.join(" ", args) + " failed:\n"
          + out);
    }
    return out;
  }

  @Test
  void pkcs11ToolListsAndSignsWithAnEcKeyTheSdkGenerated(@TempDir Path dir) throws Exception {
    TokenKey key;
    try (Session s = login()) {
      key = s.generateKey(KeySpec.ecP256(), "sdk-ec");
    }
    String id = HexFormat.of().formatHex(key.id());
    String listed = pkcs11Tool("--list-objects");
    assertTrue(listed.contains("label:      sdk-ec"), listed);
    assertTrue(listed.contains("ID:         " + id), listed);
    assertTrue(listed.contains("Private Key Object; EC"), listed);

    // SoftHSM has no CKM_ECDSA_SHA256: pkcs11-tool signs the digest with CKM_ECDSA.
    Path in = Files.write(dir.resolve("in"),
        MessageDigest.getInstance("SHA-256").digest(MESSAGE));
    Path sig = dir.resolve("sig");
    pkcs11Tool("--sign", "--mechanism", "ECDSA", "--id", id, "--input-file", in.toString(),
        "--output-file", sig.toString());
    byte[] raw = Files.readAllBytes(sig);
    assertEquals(64, raw.length, "pkcs11-tool writes r|s as CKM_ECDSA returns it");
    byte[] der = SignatureCodec.rawToDer(raw,
        ((ECPublicKey) key.publicKey()).getParams().getOrder());
    SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SHA256_WITH_ECDSA, MESSAGE, der);
  }

  @Test
  void pkcs11ToolSignsWithAnRsaKeyTheSdkGeneratedAsTheSdkDoes(@TempDir Path dir)
      throws Exception {
    TokenKey key;
    byte[] ours;
    try (Session s = login()) {
      key = s.generateKey(KeySpec.rsa(2048), "sdk-rsa");
      ours = s.signer(key, SignatureAlgorithm.SHA256_WITH_RSA).sign(MESSAGE);
      SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SHA256_WITH_RSA, MESSAGE, ours);
    }
    Path in = Files.write(dir.resolve("in"), MESSAGE);
    Path sig = dir.resolve("sig");
    // pkcs11-tool --sign picks its key by --id (a --label alone is not used to find it).
    pkcs11Tool("--sign", "--mechanism", "SHA256-RSA-PKCS", "--id",
        HexFormat.of().formatHex(key.id()),
        "--input-file", in.toString(), "--output-file", sig.toString());
    byte[] theirs = Files.readAllBytes(sig);
    SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SHA256_WITH_RSA, MESSAGE, theirs);
    // PKCS#1 v1.5 is deterministic: both signatures are the same bytes.
    assertArrayEquals(ours, theirs);
  }

  @Test
  void theSdkSignsWithKeysPkcs11ToolGenerated() throws Exception {
    pkcs11Tool("--keypairgen", "--key-type", "EC:secp384r1", "--id", "a1b2", "--label",
        "tool-ec");
    pkcs11Tool("--keypairgen", "--key-type", "rsa:2048", "--id", "c3d4", "--label",
        "tool-rsa");
    try (Session s = login()) {
      TokenKey ec = s.key("tool-ec");
      assertEquals(KeySpec.ecP384(), ec.spec());
      assertEquals("a1b2", HexFormat.of().formatHex(ec.id()));
      byte[] sig = s.signer(ec, SignatureAlgorithm.SHA384_WITH_ECDSA).sign(MESSAGE);
      SoftVerifiers.verify(ec.publicKey(), SignatureAlgorithm.SHA384_WITH_ECDSA, MESSAGE, sig);
      BigInteger order = ((ECPublicKey) ec.publicKey()).getParams().getOrder();
      assertEquals(2, SignatureCodec.decodeDer(sig, order).length);

      TokenKey rsa = s.keyById(HexFormat.of().parseHex("c3d4"));
      assertEquals(KeySpec.rsa(2048), rsa.spec());
      SoftVerifiers.verify(rsa.publicKey(), SignatureAlgorithm.SHA256_WITH_RSA_PSS, MESSAGE,
          s.signer(rsa, SignatureAlgorithm.SHA256_WITH_RSA_PSS).sign(MESSAGE));
    }
  }
}

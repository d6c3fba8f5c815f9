package org.ukey.pkcs11.cryptoki;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ukey.api.KeySpec;
import org.ukey.api.Session;
import org.ukey.api.TokenKey;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.TestSoftHsm;
import org.ukey.sm2.SoftVerifiers;

/**
 * Everything through the {@code CK_FUNCTION_LIST} pointers and JNA's generic calls, as for a
 * module that exports only {@code C_GetFunctionList}.
 */
class FunctionListCallsTest {
  @Test
  void signsThroughTheFunctionListAlone() throws Exception {
    try (TestSoftHsm hsm = TestSoftHsm.create("list",
        Pkcs11Options.builder().directCalls(false))) {
      assertFalse(hsm.provider().libraryInfo().directCalls());
      byte[] m = "m".getBytes(StandardCharsets.UTF_8);
      try (Session s = hsm.token().login(TestSoftHsm.pin(TestSoftHsm.USER_PIN))) {
        for (KeySpec spec : List.of(KeySpec.ecP256(), KeySpec.ecP384())) {
          TokenKey k = s.generateKey(spec, spec.name());
          SoftVerifiers.verify(k.publicKey(), spec.defaultSignatureAlgorithm(), m,
              s.signer(k, spec.defaultSignatureAlgorithm()).sign(m));
        }
      }
    }
  }
}

package org.ukey.pkcs11.internal;

import java.nio.ByteBuffer;
import org.ukey.pkcs11.Pkcs11Exception;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CK_MECHANISM;
import org.ukey.pkcs11.cryptoki.CkAbi;
import org.ukey.pkcs11.cryptoki.CkFunctions;
import org.ukey.pkcs11.cryptoki.NativeArena;

/**
 * The raw binding for what the SDK's API does not offer (token-side verification, SM3 digests,
 * SM4, secret keys), for tests: one call sequence per method on a given session.
 */
final class RawCalls {
  private final ModuleCalls calls;
  private final CkFunctions f;
  private final CkAbi abi;

  RawCalls(ModuleCalls calls) {
    this.calls = calls;
    this.f = calls.functions();
    this.abi = calls.abi();
  }

  ModuleCalls calls() {
    return calls;
  }

  private long mechanism(NativeArena a, long type, byte[] parameter) {
    int size = CK_MECHANISM.layout(abi).size();
    long m = a.allocate(size);
    CK_MECHANISM.write(a.buffer(m, size), 0, abi, type, a.copy(parameter),
        parameter == null ? 0 : parameter.length);
    return m;
  }

  /** C_VerifyInit + C_Verify; the CKR code (CKR_OK or CKR_SIGNATURE_INVALID). */
  long verify(long session, long mech, byte[] parameter, long key, byte[] data, byte[] sig)
      throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      calls.check("C_VerifyInit", f.C_VerifyInit(session, mechanism(a, mech, parameter), key));
      return f.C_Verify(session, a.copy(data), data.length, a.copy(sig), sig.length);
    }
  }

  /** C_VerifyInit + C_VerifyUpdate per part + C_VerifyFinal; the CKR code. */
  long verifyParts(long session, long mech, byte[] parameter, long key, byte[][] parts,
      byte[] sig) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      calls.check("C_VerifyInit", f.C_VerifyInit(session, mechanism(a, mech, parameter), key));
      for (byte[] p : parts) {
        long rv = f.C_VerifyUpdate(session, a.copy(p), p.length);
        if (rv != CKR.CKR_OK) {
          return rv;
        }
      }
      return f.C_VerifyFinal(session, a.copy(sig), sig.length);
    }
  }

  /** C_SignInit + C_Sign into a 128-byte buffer. */
  byte[] sign(long session, long mech, byte[] parameter, long key, byte[] data)
      throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      calls.check("C_SignInit", f.C_SignInit(session, mechanism(a, mech, parameter), key));
      long out = a.allocate(128);
      long len = a.ulongs(128);
      calls.check("C_Sign", f.C_Sign(session, a.copy(data), data.length, out, len));
      return a.read(out, (int) a.getUlong(len));
    }
  }

  /** C_DigestInit + C_Digest. */
  byte[] digest(long session, long mech, byte[] data) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      calls.check("C_DigestInit", f.C_DigestInit(session, mechanism(a, mech, null)));
      long out = a.allocate(64);
      long len = a.ulongs(64);
      calls.check("C_Digest", f.C_Digest(session, a.copy(data), data.length, out, len));
      return a.read(out, (int) a.getUlong(len));
    }
  }

  /** C_DigestInit + C_DigestUpdate per part + C_DigestFinal. */
  byte[] digestParts(long session, long mech, byte[]... parts) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      calls.check("C_DigestInit", f.C_DigestInit(session, mechanism(a, mech, null)));
      for (byte[] p : parts) {
        calls.check("C_DigestUpdate", f.C_DigestUpdate(session, a.copy(p), p.length));
      }
      long out = a.allocate(64);
      long len = a.ulongs(64);
      calls.check("C_DigestFinal", f.C_DigestFinal(session, out, len));
      return a.read(out, (int) a.getUlong(len));
    }
  }

  /** C_EncryptInit + C_Encrypt, output at most input + 256 bytes. */
  byte[] encrypt(long session, long mech, byte[] parameter, long key, byte[] data)
      throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      calls.check("C_EncryptInit", f.C_EncryptInit(session, mechanism(a, mech, parameter),
          key));
      int cap = data.length + 256;
      long out = a.allocate(cap);
      long len = a.ulongs(cap);
      calls.check("C_Encrypt", f.C_Encrypt(session, a.copy(data), data.length, out, len));
      return a.read(out, (int) a.getUlong(len));
    }
  }

  /** C_DecryptInit + C_Decrypt. */
  byte[] decrypt(long session, long mech, byte[] parameter, long key, byte[] data)
      throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      calls.check("C_DecryptInit", f.C_DecryptInit(session, mechanism(a, mech, parameter),
          key));
      int cap = data.length + 16;
      long out = a.allocate(cap);
      long len = a.ulongs(cap);
      calls.check("C_Decrypt", f.C_Decrypt(session, a.copy(data), data.length, out, len));
      return a.read(out, (int) a.getUlong(len));
    }
  }

  /** C_GenerateKey. */
  long generateKey(long session, long mech, Template t) throws Pkcs11Exception {
    try (NativeArena a = new NativeArena(abi)) {
      long out = a.ulongs(0);
      calls.check("C_GenerateKey", f.C_GenerateKey(session, mechanism(a, mech, null),
          t.write(a), t.size(), out));
      return a.getUlong(out);
    }
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer b = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      b.put(p);
    }
    return b.array();
  }
}

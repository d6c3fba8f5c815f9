package org.ukey.sm2.cipher;

import static org.ukey.sm2.cipher.Sm4Engine.BLOCK_SIZE;
import static org.ukey.sm2.cipher.Sm4Engine.INT_BE;

/**
 * CTR mode (GB/T 17964-2021 §11; NIST SP 800-38A §6.5): the keystream is E(IV), E(IV+1), …
 * with the whole 16-byte counter block incremented as one big-endian number, as OpenSSL's
 * {@code sm4-ctr} does. Encryption and decryption are the same operation.
 */
final class Sm4CtrOperation extends Sm4Operation {
  private final Sm4Engine engine;
  private final byte[] keystream = new byte[BLOCK_SIZE];
  private int used = BLOCK_SIZE;
  private int c0;
  private int c1;
  private int c2;
  private int c3;

  Sm4CtrOperation(Sm4Engine engine, byte[] iv) {
    this.engine = engine;
    c0 = (int) INT_BE.get(iv, 0);
    c1 = (int) INT_BE.get(iv, 4);
    c2 = (int) INT_BE.get(iv, 8);
    c3 = (int) INT_BE.get(iv, 12);
  }

  @Override
  int update(byte[] in, int inOff, int len, byte[] out, int outOff) {
    int done = 0;
    while (used < BLOCK_SIZE && done < len) {
      out[outOff + done] = (byte) (in[inOff + done] ^ keystream[used++]);
      done++;
    }
    int full = (len - done) / BLOCK_SIZE * BLOCK_SIZE;
    int end = done + full;
    for (; end - done >= 2 * BLOCK_SIZE && c3 != -1; done += 2 * BLOCK_SIZE) {
      // c3 != -1: the second counter is c3 + 1 without a carry into c2.
      engine.encryptXor2(c0, c1, c2, c3, c0, c1, c2, c3 + 1, in, inOff + done, out,
          outOff + done);
      increment();
      increment();
    }
    for (; done < end; done += BLOCK_SIZE) {
      engine.encryptXor(c0, c1, c2, c3, in, inOff + done, out, outOff + done);
      increment();
    }
    if (done < len) {
      engine.encryptInts(c0, c1, c2, c3, keystream, 0);
      increment();
      used = 0;
      while (done < len) {
        out[outOff + done] = (byte) (in[inOff + done] ^ keystream[used++]);
        done++;
      }
    }
    return len;
  }

  private void increment() {
    if (++c3 == 0 && ++c2 == 0 && ++c1 == 0) {
      ++c0;
    }
  }

  @Override
  int doFinal(byte[] out, int outOff) {
    java.util.Arrays.fill(keystream, (byte) 0);
    return 0;
  }
}

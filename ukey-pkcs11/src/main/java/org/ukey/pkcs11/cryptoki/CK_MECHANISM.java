package org.ukey.pkcs11.cryptoki;

import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code CK_MECHANISM}: a mechanism type and a pointer to its parameter. Written, never read.
 */
public final class CK_MECHANISM {
  private static final Map<CkAbi, StructLayout> LAYOUTS = new EnumMap<>(CkAbi.class);

  static {
    for (CkAbi abi : CkAbi.values()) {
      LAYOUTS.put(abi, layout(abi));
    }
  }

  private CK_MECHANISM() {}

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout
   */
  public static StructLayout layout(CkAbi abi) {
    return StructLayout.of("CK_MECHANISM", abi)
        .ulong("mechanism").pointer("pParameter").ulong("ulParameterLen").build();
  }

  /**
   * Writes the structure.
   *
   * @param b a buffer in native order
   * @param offset where the structure starts
   * @param abi the ABI
   * @param mechanism the mechanism type
   * @param pParameter the parameter's address, or 0
   * @param ulParameterLen the parameter's length
   */
  public static void write(ByteBuffer b, int offset, CkAbi abi, long mechanism, long pParameter,
      long ulParameterLen) {
    StructLayout l = LAYOUTS.get(abi);
    abi.putUlong(b, offset + l.offset("mechanism"), mechanism);
    abi.putPointer(b, offset + l.offset("pParameter"), pParameter);
    abi.putUlong(b, offset + l.offset("ulParameterLen"), ulParameterLen);
  }
}

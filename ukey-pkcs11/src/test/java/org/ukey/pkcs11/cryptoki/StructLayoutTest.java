package org.ukey.pkcs11.cryptoki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Sizes and offsets of the Cryptoki structures on both ABIs, against the values measured with
 * gcc on the OASIS 3.2 headers (pkcs11-prior-art.md §1.6: Linux x86-64 natural alignment, and
 * Win64 = 4-byte CK_ULONG, 8-byte pointers, #pragma pack(1)).
 */
class StructLayoutTest {

  @Test
  void ckInfoMatchesGccOnLp64() {
    StructLayout l = CK_INFO.layout(CkAbi.LP64);
    assertEquals(0, l.offset("cryptokiVersion"));
    assertEquals(2, l.offset("manufacturerID"));
    assertEquals(40, l.offset("flags"));
    assertEquals(48, l.offset("libraryDescription"));
    assertEquals(80, l.offset("libraryVersion"));
    assertEquals(88, l.size());
  }

  @Test
  void ckInfoIsPackedOnWin64() {
    StructLayout l = CK_INFO.layout(CkAbi.WIN64);
    assertEquals(34, l.offset("flags"));
    assertEquals(38, l.offset("libraryDescription"));
    assertEquals(70, l.offset("libraryVersion"));
    assertEquals(72, l.size());
  }

  @Test
  void ckMechanismAndAttributeMatchGccOnLp64() {
    assertEquals(0, CK_MECHANISM.layout(CkAbi.LP64).offset("mechanism"));
    assertEquals(24, CK_MECHANISM.layout(CkAbi.LP64).size());
    assertEquals(0, CK_ATTRIBUTE.layout(CkAbi.LP64).offset("type"));
    assertEquals(24, CK_ATTRIBUTE.layout(CkAbi.LP64).size());
    assertEquals(8, CK_MECHANISM.layout(CkAbi.LP64).offset("pParameter"));
    assertEquals(16, CK_MECHANISM.layout(CkAbi.LP64).offset("ulParameterLen"));
    assertEquals(8, CK_ATTRIBUTE.layout(CkAbi.LP64).offset("pValue"));
    assertEquals(16, CK_ATTRIBUTE.layout(CkAbi.LP64).offset("ulValueLen"));
  }

  @Test
  void ckMechanismAndAttributeArePackedOnWin64() {
    // jacknji11 PR #61: RSA-PSS failed on Win64 because of the padding hole this removes.
    assertEquals(4, CK_MECHANISM.layout(CkAbi.WIN64).offset("pParameter"));
    assertEquals(12, CK_MECHANISM.layout(CkAbi.WIN64).offset("ulParameterLen"));
    assertEquals(16, CK_MECHANISM.layout(CkAbi.WIN64).size());
    assertEquals(4, CK_ATTRIBUTE.layout(CkAbi.WIN64).offset("pValue"));
    assertEquals(12, CK_ATTRIBUTE.layout(CkAbi.WIN64).offset("ulValueLen"));
    assertEquals(16, CK_ATTRIBUTE.layout(CkAbi.WIN64).size());
  }

  @Test
  void ckTokenInfoMatchesGccOnBothAbis() {
    StructLayout lp64 = CK_TOKEN_INFO.layout(CkAbi.LP64);
    assertEquals(0, lp64.offset("label"));
    assertEquals(32, lp64.offset("manufacturerID"));
    assertEquals(64, lp64.offset("model"));
    assertEquals(80, lp64.offset("serialNumber"));
    assertEquals(96, lp64.offset("flags"));
    assertEquals(104, lp64.offset("ulMaxSessionCount"));
    assertEquals(176, lp64.offset("ulFreePrivateMemory"));
    assertEquals(184, lp64.offset("hardwareVersion"));
    assertEquals(186, lp64.offset("firmwareVersion"));
    assertEquals(188, lp64.offset("utcTime"));
    assertEquals(208, lp64.size());

    StructLayout win = CK_TOKEN_INFO.layout(CkAbi.WIN64);
    assertEquals(96, win.offset("flags"));
    assertEquals(100, win.offset("ulMaxSessionCount"));
    assertEquals(136, win.offset("ulFreePrivateMemory"));
    assertEquals(140, win.offset("hardwareVersion"));
    assertEquals(144, win.offset("utcTime"));
    assertEquals(160, win.size());
  }

  @Test
  void ckSlotInfoOnBothAbis() {
    StructLayout lp64 = CK_SLOT_INFO.layout(CkAbi.LP64);
    assertEquals(64, lp64.offset("manufacturerID"));
    assertEquals(96, lp64.offset("flags"));
    assertEquals(104, lp64.offset("hardwareVersion"));
    assertEquals(106, lp64.offset("firmwareVersion"));
    assertEquals(112, lp64.size());

    StructLayout win = CK_SLOT_INFO.layout(CkAbi.WIN64);
    assertEquals(96, win.offset("flags"));
    assertEquals(100, win.offset("hardwareVersion"));
    assertEquals(102, win.offset("firmwareVersion"));
    assertEquals(104, win.size());
  }

  @Test
  void initializeArgsOnBothAbis() {
    assertEquals(32, CK_C_INITIALIZE_ARGS.layout(CkAbi.LP64).offset("flags"));
    assertEquals(40, CK_C_INITIALIZE_ARGS.layout(CkAbi.LP64).offset("pReserved"));
    assertEquals(48, CK_C_INITIALIZE_ARGS.layout(CkAbi.LP64).size());
    assertEquals(32, CK_C_INITIALIZE_ARGS.layout(CkAbi.WIN64).offset("flags"));
    assertEquals(36, CK_C_INITIALIZE_ARGS.layout(CkAbi.WIN64).offset("pReserved"));
    assertEquals(44, CK_C_INITIALIZE_ARGS.layout(CkAbi.WIN64).size());
  }

  @Test
  void functionListPointersFollowTheVersionWithoutPaddingWhenPacked() {
    assertEquals(68, CK_FUNCTION_LIST.FUNCTIONS.size());
    assertEquals(8, CK_FUNCTION_LIST.layout(CkAbi.LP64).offset("C_Initialize"));
    assertEquals(8 + 43 * 8, CK_FUNCTION_LIST.layout(CkAbi.LP64).offset("C_Sign"));
    assertEquals(2, CK_FUNCTION_LIST.layout(CkAbi.WIN64).offset("C_Initialize"));
    assertEquals(2 + 43 * 8, CK_FUNCTION_LIST.layout(CkAbi.WIN64).offset("C_Sign"));
    assertEquals(2 + 67 * 4, CK_FUNCTION_LIST.layout(CkAbi.WIN32).offset("C_WaitForSlotEvent"));
  }

  @Test
  void readsTokenInfoWrittenWithTheWindowsLayout() {
    CkAbi abi = CkAbi.WIN64;
    StructLayout l = CK_TOKEN_INFO.layout(abi);
    ByteBuffer b = ByteBuffer.allocate(l.size()).order(ByteOrder.nativeOrder());
    put(b, l.offset("label"), "UKey-01", 32);
    put(b, l.offset("manufacturerID"), "Longmai", 32);
    put(b, l.offset("model"), "GM3000", 16);
    put(b, l.offset("serialNumber"), "0123456789", 16);
    b.putInt(l.offset("flags"), 0x00020404);
    b.putInt(l.offset("ulMaxSessionCount"), 0xFFFFFFFF);
    b.putInt(l.offset("ulMaxPinLen"), 16);
    b.put(l.offset("hardwareVersion"), (byte) 1).put(l.offset("hardwareVersion") + 1, (byte) 2);

    CK_TOKEN_INFO info = CK_TOKEN_INFO.read(b, abi);
    assertEquals("UKey-01", info.label());
    assertEquals("Longmai", info.manufacturerID());
    assertEquals("GM3000", info.model());
    assertEquals("0123456789", info.serialNumber());
    assertEquals(0x00020404L, info.flags());
    assertEquals(0xFFFFFFFFL, info.ulMaxSessionCount());
    assertEquals(16, info.ulMaxPinLen());
    assertEquals("1.2", info.hardwareVersion().toString());
  }

  @Test
  void readsFourByteUlongsUnsigned() {
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
    b.putInt(0, 0x80000104);
    assertEquals(0x80000104L, CkAbi.WIN64.getUlong(b, 0));
    b.putLong(0, 0x80000104L);
    assertEquals(0x80000104L, CkAbi.LP64.getUlong(b, 0));
  }

  @Test
  void refusesAValueTooLargeForAFourByteUlong() {
    ByteBuffer b = ByteBuffer.allocate(8);
    assertThrows(IllegalArgumentException.class, () -> CkAbi.WIN64.putUlong(b, 0, 1L << 32));
  }

  @Test
  void nativeAbiIsLp64OnThisLinuxX8664() {
    assertEquals(CkAbi.LP64, CkAbi.nativeAbi());
  }

  private static void put(ByteBuffer b, int offset, String text, int length) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < length; i++) {
      b.put(offset + i, i < t.length ? t[i] : (byte) ' ');
    }
  }
}

package org.ukey.pkcs11.cryptoki;

import java.util.List;

/**
 * {@code CK_FUNCTION_LIST}: a {@code CK_VERSION} followed by one pointer per Cryptoki 2.x
 * function, in the order of OASIS {@code pkcs11f.h} ("the order of the functions appearing herein
 * is important, and should not be altered", oasis-tcs/pkcs11 {@code published/3-02/pkcs11f.h}).
 * On packed ABIs the first pointer is at offset 2, not at the pointer size.
 */
public final class CK_FUNCTION_LIST {
  /** The 68 functions of Cryptoki 2.40, in table order. */
  public static final List<String> FUNCTIONS = List.of(
      "C_Initialize", "C_Finalize", "C_GetInfo", "C_GetFunctionList", "C_GetSlotList",
      "C_GetSlotInfo", "C_GetTokenInfo", "C_GetMechanismList", "C_GetMechanismInfo",
      "C_InitToken", "C_InitPIN", "C_SetPIN", "C_OpenSession", "C_CloseSession",
      "C_CloseAllSessions", "C_GetSessionInfo", "C_GetOperationState", "C_SetOperationState",
      "C_Login", "C_Logout", "C_CreateObject", "C_CopyObject", "C_DestroyObject",
      "C_GetObjectSize", "C_GetAttributeValue", "C_SetAttributeValue", "C_FindObjectsInit",
      "C_FindObjects", "C_FindObjectsFinal", "C_EncryptInit", "C_Encrypt", "C_EncryptUpdate",
      "C_EncryptFinal", "C_DecryptInit", "C_Decrypt", "C_DecryptUpdate", "C_DecryptFinal",
      "C_DigestInit", "C_Digest", "C_DigestUpdate", "C_DigestKey", "C_DigestFinal",
      "C_SignInit", "C_Sign", "C_SignUpdate", "C_SignFinal", "C_SignRecoverInit",
      "C_SignRecover", "C_VerifyInit", "C_Verify", "C_VerifyUpdate", "C_VerifyFinal",
      "C_VerifyRecoverInit", "C_VerifyRecover", "C_DigestEncryptUpdate",
      "C_DecryptDigestUpdate", "C_SignEncryptUpdate", "C_DecryptVerifyUpdate", "C_GenerateKey",
      "C_GenerateKeyPair", "C_WrapKey", "C_UnwrapKey", "C_DeriveKey", "C_SeedRandom",
      "C_GenerateRandom", "C_GetFunctionStatus", "C_CancelFunction", "C_WaitForSlotEvent");

  private CK_FUNCTION_LIST() {}

  /**
   * The layout on an ABI.
   *
   * @param abi the ABI
   * @return the layout, with one field per function name
   */
  public static StructLayout layout(CkAbi abi) {
    StructLayout.Builder b = StructLayout.of("CK_FUNCTION_LIST", abi).version("version");
    for (String f : FUNCTIONS) {
      b.pointer(f);
    }
    return b.build();
  }
}

package org.ukey.pkcs11.cryptoki;

import com.sun.jna.Pointer;

/**
 * The template of the fast path on LP64 platforms: {@link FunctionListCalls} with the
 * per-operation functions (find, attribute read, encrypt, decrypt, digest, sign, verify, random)
 * and the slot query every operation makes now and then (the token-presence check) overridden
 * by JNA direct-mapped native methods whose every parameter is a primitive {@code long}.
 * Direct mapping with primitives skips JNA's per-call argument conversion: one such call costs
 * about a third of a generic {@link com.sun.jna.Function#invoke} here (see the
 * benchmark table in the README).
 *
 * <p>This class is never instantiated under its own name: {@link Cryptoki} defines a hidden
 * class from its bytes for each loaded module and binds that class's natives with
 * {@code Native.register(hiddenClass, library)}, because JNA binds a class's natives to exactly
 * one library. It does so only after checking that each exported symbol is the very function the
 * module's {@code CK_FUNCTION_LIST} points at, so the calls still go "through the function list".
 *
 * <p>{@code CK_ULONG} is a C {@code unsigned long}, which on LP64 is 64 bits and passed in the
 * same registers as a Java {@code long}; pointers are addresses.
 *
 * <p><b>Thread-safety:</b> as {@link CkFunctions}.
 */
final class DirectLp64Calls extends FunctionListCalls {
  /** The functions this class binds directly, in declaration order. */
  static final java.util.List<String> DIRECT = java.util.List.of(
      "C_GetSlotInfo",
      "C_FindObjectsInit",
      "C_FindObjects",
      "C_FindObjectsFinal",
      "C_GetAttributeValue",
      "C_EncryptInit",
      "C_Encrypt",
      "C_DecryptInit",
      "C_Decrypt",
      "C_DigestInit",
      "C_Digest",
      "C_DigestUpdate",
      "C_DigestFinal",
      "C_SignInit",
      "C_Sign",
      "C_SignUpdate",
      "C_SignFinal",
      "C_VerifyInit",
      "C_Verify",
      "C_VerifyUpdate",
      "C_VerifyFinal",
      "C_GenerateRandom");

  DirectLp64Calls(Pointer functionList, CkAbi abi) {
    super(functionList, abi);
  }

  @Override
  public native long C_GetSlotInfo(long slotID, long pInfo);

  @Override
  public native long C_GetAttributeValue(long hSession, long hObject, long pTemplate, long ulCount);

  @Override
  public native long C_FindObjectsInit(long hSession, long pTemplate, long ulCount);

  @Override
  public native long C_FindObjects(long hSession, long phObject, long ulMaxObjectCount,
      long pulObjectCount);

  @Override
  public native long C_FindObjectsFinal(long hSession);

  @Override
  public native long C_EncryptInit(long hSession, long pMechanism, long hKey);

  @Override
  public native long C_Encrypt(long hSession, long pData, long ulDataLen, long pEncryptedData,
      long pulEncryptedDataLen);

  @Override
  public native long C_DecryptInit(long hSession, long pMechanism, long hKey);

  @Override
  public native long C_Decrypt(long hSession, long pEncryptedData, long ulEncryptedDataLen,
      long pData, long pulDataLen);

  @Override
  public native long C_DigestInit(long hSession, long pMechanism);

  @Override
  public native long C_Digest(long hSession, long pData, long ulDataLen, long pDigest,
      long pulDigestLen);

  @Override
  public native long C_DigestUpdate(long hSession, long pPart, long ulPartLen);

  @Override
  public native long C_DigestFinal(long hSession, long pDigest, long pulDigestLen);

  @Override
  public native long C_SignInit(long hSession, long pMechanism, long hKey);

  @Override
  public native long C_Sign(long hSession, long pData, long ulDataLen, long pSignature,
      long pulSignatureLen);

  @Override
  public native long C_SignUpdate(long hSession, long pPart, long ulPartLen);

  @Override
  public native long C_SignFinal(long hSession, long pSignature, long pulSignatureLen);

  @Override
  public native long C_VerifyInit(long hSession, long pMechanism, long hKey);

  @Override
  public native long C_Verify(long hSession, long pData, long ulDataLen, long pSignature,
      long ulSignatureLen);

  @Override
  public native long C_VerifyUpdate(long hSession, long pPart, long ulPartLen);

  @Override
  public native long C_VerifyFinal(long hSession, long pSignature, long ulSignatureLen);

  @Override
  public native long C_GenerateRandom(long hSession, long pRandomData, long ulRandomLen);
}

package org.ukey.pkcs11.cryptoki;

/**
 * The Cryptoki functions an SDK for signing tokens calls, with primitive Java types only: every
 * {@code CK_ULONG} (handles, lengths, flags, mechanism and user types) is a {@code long}, every
 * pointer is a native address as a {@code long} (0 for {@code NULL_PTR}), {@code CK_BBOOL} is a
 * {@code byte}. Each method returns the {@code CK_RV} read unsigned, so vendor codes
 * {@code >= 0x80000000} compare equal to their constants on every ABI.
 *
 * <p>Names and parameter order are those of OASIS {@code pkcs11f.h}. Callers own the memory
 * behind every address and must keep it alive until the call returns.
 *
 * <p><b>Thread-safety:</b> implementations are as thread-safe as the module behind them: a
 * module initialized with {@code CKF_OS_LOCKING_OK} may be called from many threads, one thread
 * per session at a time (PKCS#11 v2.40 §5.1.5 "applications ... must not use a session from two
 * threads at once"); a module that cannot lock is wrapped in {@link SerializedCalls}.
 */
public interface CkFunctions {
  long C_Initialize(long pInitArgs);

  long C_Finalize(long pReserved);

  long C_GetInfo(long pInfo);

  long C_GetSlotList(byte tokenPresent, long pSlotList, long pulCount);

  long C_GetSlotInfo(long slotID, long pInfo);

  long C_GetTokenInfo(long slotID, long pInfo);

  long C_GetMechanismList(long slotID, long pMechanismList, long pulCount);

  long C_GetMechanismInfo(long slotID, long type, long pInfo);

  long C_InitToken(long slotID, long pPin, long ulPinLen, long pLabel);

  long C_InitPIN(long hSession, long pPin, long ulPinLen);

  long C_SetPIN(long hSession, long pOldPin, long ulOldLen, long pNewPin, long ulNewLen);

  long C_OpenSession(long slotID, long flags, long pApplication, long notify, long phSession);

  long C_CloseSession(long hSession);

  long C_CloseAllSessions(long slotID);

  long C_GetSessionInfo(long hSession, long pInfo);

  long C_Login(long hSession, long userType, long pPin, long ulPinLen);

  long C_Logout(long hSession);

  long C_CreateObject(long hSession, long pTemplate, long ulCount, long phObject);

  long C_DestroyObject(long hSession, long hObject);

  long C_GetAttributeValue(long hSession, long hObject, long pTemplate, long ulCount);

  long C_SetAttributeValue(long hSession, long hObject, long pTemplate, long ulCount);

  long C_FindObjectsInit(long hSession, long pTemplate, long ulCount);

  long C_FindObjects(long hSession, long phObject, long ulMaxObjectCount, long pulObjectCount);

  long C_FindObjectsFinal(long hSession);

  long C_EncryptInit(long hSession, long pMechanism, long hKey);

  long C_Encrypt(long hSession, long pData, long ulDataLen, long pEncryptedData,
      long pulEncryptedDataLen);

  long C_EncryptUpdate(long hSession, long pPart, long ulPartLen, long pEncryptedPart,
      long pulEncryptedPartLen);

  long C_EncryptFinal(long hSession, long pLastEncryptedPart, long pulLastEncryptedPartLen);

  long C_DecryptInit(long hSession, long pMechanism, long hKey);

  long C_Decrypt(long hSession, long pEncryptedData, long ulEncryptedDataLen, long pData,
      long pulDataLen);

  long C_DecryptUpdate(long hSession, long pEncryptedPart, long ulEncryptedPartLen, long pPart,
      long pulPartLen);

  long C_DecryptFinal(long hSession, long pLastPart, long pulLastPartLen);

  long C_DigestInit(long hSession, long pMechanism);

  long C_Digest(long hSession, long pData, long ulDataLen, long pDigest, long pulDigestLen);

  long C_DigestUpdate(long hSession, long pPart, long ulPartLen);

  long C_DigestFinal(long hSession, long pDigest, long pulDigestLen);

  long C_SignInit(long hSession, long pMechanism, long hKey);

  long C_Sign(long hSession, long pData, long ulDataLen, long pSignature,
      long pulSignatureLen);

  long C_SignUpdate(long hSession, long pPart, long ulPartLen);

  long C_SignFinal(long hSession, long pSignature, long pulSignatureLen);

  long C_VerifyInit(long hSession, long pMechanism, long hKey);

  long C_Verify(long hSession, long pData, long ulDataLen, long pSignature, long ulSignatureLen);

  long C_VerifyUpdate(long hSession, long pPart, long ulPartLen);

  long C_VerifyFinal(long hSession, long pSignature, long ulSignatureLen);

  long C_GenerateKey(long hSession, long pMechanism, long pTemplate, long ulCount, long phKey);

  long C_GenerateKeyPair(long hSession, long pMechanism, long pPublicKeyTemplate,
      long ulPublicKeyAttributeCount, long pPrivateKeyTemplate,
      long ulPrivateKeyAttributeCount, long phPublicKey, long phPrivateKey);

  long C_GenerateRandom(long hSession, long pRandomData, long ulRandomLen);

  long C_WaitForSlotEvent(long flags, long pSlot, long pReserved);
}

package org.ukey.pkcs11.cryptoki;

/**
 * {@link CkFunctions} for a module that cannot use the operating system's locks
 * ({@code C_Initialize} returned {@code CKR_CANT_LOCK} for {@code CKF_OS_LOCKING_OK}): it was
 * initialized without threading arguments, which promises it one caller at a time, so every call
 * is made under one lock, as SunPKCS11's {@code SynchronizedPKCS11} does.
 *
 * <p><b>Thread-safety:</b> thread-safe; calls are serialized.
 */
public final class SerializedCalls implements CkFunctions {
  private final CkFunctions delegate;
  private final Object lock = new Object();

  /**
   * Wraps a module's functions.
   *
   * @param delegate the functions
   */
  public SerializedCalls(CkFunctions delegate) {
    this.delegate = delegate;
  }

  @Override
  public long C_Initialize(long pInitArgs) {
    synchronized (lock) {
      return delegate.C_Initialize(pInitArgs);
    }
  }

  @Override
  public long C_Finalize(long pReserved) {
    synchronized (lock) {
      return delegate.C_Finalize(pReserved);
    }
  }

  @Override
  public long C_GetInfo(long pInfo) {
    synchronized (lock) {
      return delegate.C_GetInfo(pInfo);
    }
  }

  @Override
  public long C_GetSlotList(byte tokenPresent, long pSlotList, long pulCount) {
    synchronized (lock) {
      return delegate.C_GetSlotList(tokenPresent, pSlotList, pulCount);
    }
  }

  @Override
  public long C_GetSlotInfo(long slotID, long pInfo) {
    synchronized (lock) {
      return delegate.C_GetSlotInfo(slotID, pInfo);
    }
  }

  @Override
  public long C_GetTokenInfo(long slotID, long pInfo) {
    synchronized (lock) {
      return delegate.C_GetTokenInfo(slotID, pInfo);
    }
  }

  @Override
  public long C_GetMechanismList(long slotID, long pMechanismList, long pulCount) {
    synchronized (lock) {
      return delegate.C_GetMechanismList(slotID, pMechanismList, pulCount);
    }
  }

  @Override
  public long C_GetMechanismInfo(long slotID, long type, long pInfo) {
    synchronized (lock) {
      return delegate.C_GetMechanismInfo(slotID, type, pInfo);
    }
  }

  @Override
  public long C_InitToken(long slotID, long pPin, long ulPinLen, long pLabel) {
    synchronized (lock) {
      return delegate.C_InitToken(slotID, pPin, ulPinLen, pLabel);
    }
  }

  @Override
  public long C_InitPIN(long hSession, long pPin, long ulPinLen) {
    synchronized (lock) {
      return delegate.C_InitPIN(hSession, pPin, ulPinLen);
    }
  }

  @Override
  public long C_SetPIN(long hSession, long pOldPin, long ulOldLen, long pNewPin, long ulNewLen) {
    synchronized (lock) {
      return delegate.C_SetPIN(hSession, pOldPin, ulOldLen, pNewPin, ulNewLen);
    }
  }

  @Override
  public long C_OpenSession(long slotID, long flags, long pApplication, long notify,
      long phSession) {
    synchronized (lock) {
      return delegate.C_OpenSession(slotID, flags, pApplication, notify, phSession);
    }
  }

  @Override
  public long C_CloseSession(long hSession) {
    synchronized (lock) {
      return delegate.C_CloseSession(hSession);
    }
  }

  @Override
  public long C_CloseAllSessions(long slotID) {
    synchronized (lock) {
      return delegate.C_CloseAllSessions(slotID);
    }
  }

  @Override
  public long C_GetSessionInfo(long hSession, long pInfo) {
    synchronized (lock) {
      return delegate.C_GetSessionInfo(hSession, pInfo);
    }
  }

  @Override
  public long C_Login(long hSession, long userType, long pPin, long ulPinLen) {
    synchronized (lock) {
      return delegate.C_Login(hSession, userType, pPin, ulPinLen);
    }
  }

  @Override
  public long C_Logout(long hSession) {
    synchronized (lock) {
      return delegate.C_Logout(hSession);
    }
  }

  @Override
  public long C_CreateObject(long hSession, long pTemplate, long ulCount, long phObject) {
    synchronized (lock) {
      return delegate.C_CreateObject(hSession, pTemplate, ulCount, phObject);
    }
  }

  @Override
  public long C_DestroyObject(long hSession, long hObject) {
    synchronized (lock) {
      return delegate.C_DestroyObject(hSession, hObject);
    }
  }

  @Override
  public long C_GetAttributeValue(long hSession, long hObject, long pTemplate, long ulCount) {
    synchronized (lock) {
      return delegate.C_GetAttributeValue(hSession, hObject, pTemplate, ulCount);
    }
  }

  @Override
  public long C_SetAttributeValue(long hSession, long hObject, long pTemplate, long ulCount) {
    synchronized (lock) {
      return delegate.C_SetAttributeValue(hSession, hObject, pTemplate, ulCount);
    }
  }

  @Override
  public long C_FindObjectsInit(long hSession, long pTemplate, long ulCount) {
    synchronized (lock) {
      return delegate.C_FindObjectsInit(hSession, pTemplate, ulCount);
    }
  }

  @Override
  public long C_FindObjects(long hSession, long phObject, long ulMaxObjectCount,
      long pulObjectCount) {
    synchronized (lock) {
      return delegate.C_FindObjects(hSession, phObject, ulMaxObjectCount, pulObjectCount);
    }
  }

  @Override
  public long C_FindObjectsFinal(long hSession) {
    synchronized (lock) {
      return delegate.C_FindObjectsFinal(hSession);
    }
  }

  @Override
  public long C_EncryptInit(long hSession, long pMechanism, long hKey) {
    synchronized (lock) {
      return delegate.C_EncryptInit(hSession, pMechanism, hKey);
    }
  }

  @Override
  public long C_Encrypt(long hSession, long pData, long ulDataLen, long pEncryptedData,
      long pulEncryptedDataLen) {
    synchronized (lock) {
      return delegate.C_Encrypt(hSession, pData, ulDataLen, pEncryptedData, pulEncryptedDataLen);
    }
  }

  @Override
  public long C_EncryptUpdate(long hSession, long pPart, long ulPartLen, long pEncryptedPart,
      long pulEncryptedPartLen) {
    synchronized (lock) {
      return delegate.C_EncryptUpdate(hSession, pPart, ulPartLen, pEncryptedPart,
          pulEncryptedPartLen);
    }
  }

  @Override
  public long C_EncryptFinal(long hSession, long pLastEncryptedPart, long pulLastEncryptedPartLen) {
    synchronized (lock) {
      return delegate.C_EncryptFinal(hSession, pLastEncryptedPart, pulLastEncryptedPartLen);
    }
  }

  @Override
  public long C_DecryptInit(long hSession, long pMechanism, long hKey) {
    synchronized (lock) {
      return delegate.C_DecryptInit(hSession, pMechanism, hKey);
    }
  }

  @Override
  public long C_Decrypt(long hSession, long pEncryptedData, long ulEncryptedDataLen, long pData,
      long pulDataLen) {
    synchronized (lock) {
      return delegate.C_Decrypt(hSession, pEncryptedData, ulEncryptedDataLen, pData, pulDataLen);
    }
  }

  @Override
  public long C_DecryptUpdate(long hSession, long pEncryptedPart, long ulEncryptedPartLen,
      long pPart, long pulPartLen) {
    synchronized (lock) {
      return delegate.C_DecryptUpdate(hSession, pEncryptedPart, ulEncryptedPartLen, pPart,
          pulPartLen);
    }
  }

  @Override
  public long C_DecryptFinal(long hSession, long pLastPart, long pulLastPartLen) {
    synchronized (lock) {
      return delegate.C_DecryptFinal(hSession, pLastPart, pulLastPartLen);
    }
  }

  @Override
  public long C_DigestInit(long hSession, long pMechanism) {
    synchronized (lock) {
      return delegate.C_DigestInit(hSession, pMechanism);
    }
  }

  @Override
  public long C_Digest(long hSession, long pData, long ulDataLen, long pDigest, long pulDigestLen) {
    synchronized (lock) {
      return delegate.C_Digest(hSession, pData, ulDataLen, pDigest, pulDigestLen);
    }
  }

  @Override
  public long C_DigestUpdate(long hSession, long pPart, long ulPartLen) {
    synchronized (lock) {
      return delegate.C_DigestUpdate(hSession, pPart, ulPartLen);
    }
  }

  @Override
  public long C_DigestFinal(long hSession, long pDigest, long pulDigestLen) {
    synchronized (lock) {
      return delegate.C_DigestFinal(hSession, pDigest, pulDigestLen);
    }
  }

  @Override
  public long C_SignInit(long hSession, long pMechanism, long hKey) {
    synchronized (lock) {
      return delegate.C_SignInit(hSession, pMechanism, hKey);
    }
  }

  @Override
  public long C_Sign(long hSession, long pData, long ulDataLen, long pSignature,
      long pulSignatureLen) {
    synchronized (lock) {
      return delegate.C_Sign(hSession, pData, ulDataLen, pSignature, pulSignatureLen);
    }
  }

  @Override
  public long C_SignUpdate(long hSession, long pPart, long ulPartLen) {
    synchronized (lock) {
      return delegate.C_SignUpdate(hSession, pPart, ulPartLen);
    }
  }

  @Override
  public long C_SignFinal(long hSession, long pSignature, long pulSignatureLen) {
    synchronized (lock) {
      return delegate.C_SignFinal(hSession, pSignature, pulSignatureLen);
    }
  }

  @Override
  public long C_VerifyInit(long hSession, long pMechanism, long hKey) {
    synchronized (lock) {
      return delegate.C_VerifyInit(hSession, pMechanism, hKey);
    }
  }

  @Override
  public long C_Verify(long hSession, long pData, long ulDataLen, long pSignature,
      long ulSignatureLen) {
    synchronized (lock) {
      return delegate.C_Verify(hSession, pData, ulDataLen, pSignature, ulSignatureLen);
    }
  }

  @Override
  public long C_VerifyUpdate(long hSession, long pPart, long ulPartLen) {
    synchronized (lock) {
      return delegate.C_VerifyUpdate(hSession, pPart, ulPartLen);
    }
  }

  @Override
  public long C_VerifyFinal(long hSession, long pSignature, long ulSignatureLen) {
    synchronized (lock) {
      return delegate.C_VerifyFinal(hSession, pSignature, ulSignatureLen);
    }
  }

  @Override
  public long C_GenerateKey(long hSession, long pMechanism, long pTemplate, long ulCount,
      long phKey) {
    synchronized (lock) {
      return delegate.C_GenerateKey(hSession, pMechanism, pTemplate, ulCount, phKey);
    }
  }

  @Override
  public long C_GenerateKeyPair(long hSession, long pMechanism, long pPublicKeyTemplate,
      long ulPublicKeyAttributeCount, long pPrivateKeyTemplate, long ulPrivateKeyAttributeCount,
      long phPublicKey, long phPrivateKey) {
    synchronized (lock) {
      return delegate.C_GenerateKeyPair(hSession, pMechanism, pPublicKeyTemplate,
          ulPublicKeyAttributeCount, pPrivateKeyTemplate, ulPrivateKeyAttributeCount, phPublicKey,
          phPrivateKey);
    }
  }

  @Override
  public long C_GenerateRandom(long hSession, long pRandomData, long ulRandomLen) {
    synchronized (lock) {
      return delegate.C_GenerateRandom(hSession, pRandomData, ulRandomLen);
    }
  }

  @Override
  public long C_WaitForSlotEvent(long flags, long pSlot, long pReserved) {
    synchronized (lock) {
      return delegate.C_WaitForSlotEvent(flags, pSlot, pReserved);
    }
  }
}

package org.ukey.pkcs11.cryptoki;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link CkFunctions} through the function pointers of the module's {@code CK_FUNCTION_LIST}, so
 * modules that export nothing but {@code C_GetFunctionList} work. Each call goes through JNA's
 * generic {@link Function#invoke} path: {@code CK_ULONG} arguments as {@link NativeLong} (4 or 8
 * bytes as the platform's {@code unsigned long}), pointers as {@link Pointer}.
 *
 * <p>A function whose entry in the list is {@code NULL} returns
 * {@link CKR#CKR_FUNCTION_NOT_SUPPORTED} without calling anything.
 *
 * <p><b>Thread-safety:</b> immutable; see {@link CkFunctions}.
 */
public class FunctionListCalls implements CkFunctions {
  private final CkAbi abi;
  private final Map<String, Long> addresses;
  private final Function initialize;
  private final Function finalizeFn;
  private final Function getInfo;
  private final Function getSlotList;
  private final Function getSlotInfo;
  private final Function getTokenInfo;
  private final Function getMechanismList;
  private final Function getMechanismInfo;
  private final Function initToken;
  private final Function initPin;
  private final Function setPin;
  private final Function openSession;
  private final Function closeSession;
  private final Function closeAllSessions;
  private final Function getSessionInfo;
  private final Function login;
  private final Function logout;
  private final Function createObject;
  private final Function destroyObject;
  private final Function getAttributeValue;
  private final Function setAttributeValue;
  private final Function findObjectsInit;
  private final Function findObjects;
  private final Function findObjectsFinal;
  private final Function encryptInit;
  private final Function encrypt;
  private final Function encryptUpdate;
  private final Function encryptFinal;
  private final Function decryptInit;
  private final Function decrypt;
  private final Function decryptUpdate;
  private final Function decryptFinal;
  private final Function digestInit;
  private final Function digest;
  private final Function digestUpdate;
  private final Function digestFinal;
  private final Function signInit;
  private final Function sign;
  private final Function signUpdate;
  private final Function signFinal;
  private final Function verifyInit;
  private final Function verify;
  private final Function verifyUpdate;
  private final Function verifyFinal;
  private final Function generateKey;
  private final Function generateKeyPair;
  private final Function generateRandom;
  private final Function waitForSlotEvent;

  /**
   * Reads the function pointers of a {@code CK_FUNCTION_LIST}.
   *
   * @param functionList the list, as returned by {@code C_GetFunctionList}
   * @param abi the platform ABI
   */
  public FunctionListCalls(Pointer functionList, CkAbi abi) {
    this.abi = abi;
    StructLayout layout = CK_FUNCTION_LIST.layout(abi);
    ByteBuffer table = functionList.getByteBuffer(0, layout.size())
        .order(ByteOrder.nativeOrder());
    Map<String, Long> found = new HashMap<>();
    for (String name : CK_FUNCTION_LIST.FUNCTIONS) {
      found.put(name, abi.getPointer(table, layout.offset(name)));
    }
    this.addresses = Map.copyOf(found);
    initialize = fn("C_Initialize");
    finalizeFn = fn("C_Finalize");
    getInfo = fn("C_GetInfo");
    getSlotList = fn("C_GetSlotList");
    getSlotInfo = fn("C_GetSlotInfo");
    getTokenInfo = fn("C_GetTokenInfo");
    getMechanismList = fn("C_GetMechanismList");
    getMechanismInfo = fn("C_GetMechanismInfo");
    initToken = fn("C_InitToken");
    initPin = fn("C_InitPIN");
    setPin = fn("C_SetPIN");
    openSession = fn("C_OpenSession");
    closeSession = fn("C_CloseSession");
    closeAllSessions = fn("C_CloseAllSessions");
    getSessionInfo = fn("C_GetSessionInfo");
    login = fn("C_Login");
    logout = fn("C_Logout");
    createObject = fn("C_CreateObject");
    destroyObject = fn("C_DestroyObject");
    getAttributeValue = fn("C_GetAttributeValue");
    setAttributeValue = fn("C_SetAttributeValue");
    findObjectsInit = fn("C_FindObjectsInit");
    findObjects = fn("C_FindObjects");
    findObjectsFinal = fn("C_FindObjectsFinal");
    encryptInit = fn("C_EncryptInit");
    encrypt = fn("C_Encrypt");
    encryptUpdate = fn("C_EncryptUpdate");
    encryptFinal = fn("C_EncryptFinal");
    decryptInit = fn("C_DecryptInit");
    decrypt = fn("C_Decrypt");
    decryptUpdate = fn("C_DecryptUpdate");
    decryptFinal = fn("C_DecryptFinal");
    digestInit = fn("C_DigestInit");
    digest = fn("C_Digest");
    digestUpdate = fn("C_DigestUpdate");
    digestFinal = fn("C_DigestFinal");
    signInit = fn("C_SignInit");
    sign = fn("C_Sign");
    signUpdate = fn("C_SignUpdate");
    signFinal = fn("C_SignFinal");
    verifyInit = fn("C_VerifyInit");
    verify = fn("C_Verify");
    verifyUpdate = fn("C_VerifyUpdate");
    verifyFinal = fn("C_VerifyFinal");
    generateKey = fn("C_GenerateKey");
    generateKeyPair = fn("C_GenerateKeyPair");
    generateRandom = fn("C_GenerateRandom");
    waitForSlotEvent = fn("C_WaitForSlotEvent");
  }

  /**
   * The address the function list gives for a function.
   *
   * @param name a name from {@link CK_FUNCTION_LIST#FUNCTIONS}
   * @return the address, 0 when the entry is {@code NULL}
   */
  public final long address(String name) {
    Long a = addresses.get(name);
    if (a == null) {
      throw new IllegalArgumentException("not a Cryptoki 2.x function: " + name);
    }
    return a;
  }

  /**
   * The platform ABI.
   *
   * @return the ABI
   */
  public final CkAbi abi() {
    return abi;
  }

  private Function fn(String name) {
    long a = addresses.get(name);
    return a == 0 ? null : Function.getFunction(new Pointer(a));
  }

  private long call(Function f, Object... args) {
    if (f == null) {
      return CKR.CKR_FUNCTION_NOT_SUPPORTED;
    }
    if (Native.LONG_SIZE == 8) {
      return f.invokeLong(args);
    }
    return f.invokeInt(args) & 0xFFFFFFFFL;
  }

  private static NativeLong ul(long v) {
    return new NativeLong(v, true);
  }

  private static Pointer p(long address) {
    return address == 0 ? null : new Pointer(address);
  }

  @Override
  public long C_Initialize(long pInitArgs) {
    return call(initialize, p(pInitArgs));
  }

  @Override
  public long C_Finalize(long pReserved) {
    return call(finalizeFn, p(pReserved));
  }

  @Override
  public long C_GetInfo(long pInfo) {
    return call(getInfo, p(pInfo));
  }

  @Override
  public long C_GetSlotList(byte tokenPresent, long pSlotList, long pulCount) {
    return call(getSlotList, tokenPresent, p(pSlotList), p(pulCount));
  }

  @Override
  public long C_GetSlotInfo(long slotID, long pInfo) {
    return call(getSlotInfo, ul(slotID), p(pInfo));
  }

  @Override
  public long C_GetTokenInfo(long slotID, long pInfo) {
    return call(getTokenInfo, ul(slotID), p(pInfo));
  }

  @Override
  public long C_GetMechanismList(long slotID, long pMechanismList, long pulCount) {
    return call(getMechanismList, ul(slotID), p(pMechanismList), p(pulCount));
  }

  @Override
  public long C_GetMechanismInfo(long slotID, long type, long pInfo) {
    return call(getMechanismInfo, ul(slotID), ul(type), p(pInfo));
  }

  @Override
  public long C_InitToken(long slotID, long pPin, long ulPinLen, long pLabel) {
    return call(initToken, ul(slotID), p(pPin), ul(ulPinLen), p(pLabel));
  }

  @Override
  public long C_InitPIN(long hSession, long pPin, long ulPinLen) {
    return call(initPin, ul(hSession), p(pPin), ul(ulPinLen));
  }

  @Override
  public long C_SetPIN(long hSession, long pOldPin, long ulOldLen, long pNewPin,
      long ulNewLen) {
    return call(setPin, ul(hSession), p(pOldPin), ul(ulOldLen), p(pNewPin), ul(ulNewLen));
  }

  @Override
  public long C_OpenSession(long slotID, long flags, long pApplication, long notify,
      long phSession) {
    return call(openSession, ul(slotID), ul(flags), p(pApplication), p(notify), p(phSession));
  }

  @Override
  public long C_CloseSession(long hSession) {
    return call(closeSession, ul(hSession));
  }

  @Override
  public long C_CloseAllSessions(long slotID) {
    return call(closeAllSessions, ul(slotID));
  }

  @Override
  public long C_GetSessionInfo(long hSession, long pInfo) {
    return call(getSessionInfo, ul(hSession), p(pInfo));
  }

  @Override
  public long C_Login(long hSession, long userType, long pPin, long ulPinLen) {
    return call(login, ul(hSession), ul(userType), p(pPin), ul(ulPinLen));
  }

  @Override
  public long C_Logout(long hSession) {
    return call(logout, ul(hSession));
  }

  @Override
  public long C_CreateObject(long hSession, long pTemplate, long ulCount, long phObject) {
    return call(createObject, ul(hSession), p(pTemplate), ul(ulCount), p(phObject));
  }

  @Override
  public long C_DestroyObject(long hSession, long hObject) {
    return call(destroyObject, ul(hSession), ul(hObject));
  }

  @Override
  public long C_GetAttributeValue(long hSession, long hObject, long pTemplate, long ulCount) {
    return call(getAttributeValue, ul(hSession), ul(hObject), p(pTemplate), ul(ulCount));
  }

  @Override
  public long C_SetAttributeValue(long hSession, long hObject, long pTemplate, long ulCount) {
    return call(setAttributeValue, ul(hSession), ul(hObject), p(pTemplate), ul(ulCount));
  }

  @Override
  public long C_FindObjectsInit(long hSession, long pTemplate, long ulCount) {
    return call(findObjectsInit, ul(hSession), p(pTemplate), ul(ulCount));
  }

  @Override
  public long C_FindObjects(long hSession, long phObject, long ulMaxObjectCount,
      long pulObjectCount) {
    return call(findObjects, ul(hSession), p(phObject), ul(ulMaxObjectCount),
        p(pulObjectCount));
  }

  @Override
  public long C_FindObjectsFinal(long hSession) {
    return call(findObjectsFinal, ul(hSession));
  }

  @Override
  public long C_EncryptInit(long hSession, long pMechanism, long hKey) {
    return call(encryptInit, ul(hSession), p(pMechanism), ul(hKey));
  }

  @Override
  public long C_Encrypt(long hSession, long pData, long ulDataLen, long pEncryptedData,
      long pulEncryptedDataLen) {
    return call(encrypt, ul(hSession), p(pData), ul(ulDataLen), p(pEncryptedData),
        p(pulEncryptedDataLen));
  }

  @Override
  public long C_EncryptUpdate(long hSession, long pPart, long ulPartLen, long pEncryptedPart,
      long pulEncryptedPartLen) {
    return call(encryptUpdate, ul(hSession), p(pPart), ul(ulPartLen), p(pEncryptedPart),
        p(pulEncryptedPartLen));
  }

  @Override
  public long C_EncryptFinal(long hSession, long pLastEncryptedPart,
      long pulLastEncryptedPartLen) {
    return call(encryptFinal, ul(hSession), p(pLastEncryptedPart), p(pulLastEncryptedPartLen));
  }

  @Override
  public long C_DecryptInit(long hSession, long pMechanism, long hKey) {
    return call(decryptInit, ul(hSession), p(pMechanism), ul(hKey));
  }

  @Override
  public long C_Decrypt(long hSession, long pEncryptedData, long ulEncryptedDataLen,
      long pData, long pulDataLen) {
    return call(decrypt, ul(hSession), p(pEncryptedData), ul(ulEncryptedDataLen), p(pData),
        p(pulDataLen));
  }

  @Override
  public long C_DecryptUpdate(long hSession, long pEncryptedPart, long ulEncryptedPartLen,
      long pPart, long pulPartLen) {
    return call(decryptUpdate, ul(hSession), p(pEncryptedPart), ul(ulEncryptedPartLen),
        p(pPart), p(pulPartLen));
  }

  @Override
  public long C_DecryptFinal(long hSession, long pLastPart, long pulLastPartLen) {
    return call(decryptFinal, ul(hSession), p(pLastPart), p(pulLastPartLen));
  }

  @Override
  public long C_DigestInit(long hSession, long pMechanism) {
    return call(digestInit, ul(hSession), p(pMechanism));
  }

  @Override
  public long C_Digest(long hSession, long pData, long ulDataLen, long pDigest,
      long pulDigestLen) {
    return call(digest, ul(hSession), p(pData), ul(ulDataLen), p(pDigest), p(pulDigestLen));
  }

  @Override
  public long C_DigestUpdate(long hSession, long pPart, long ulPartLen) {
    return call(digestUpdate, ul(hSession), p(pPart), ul(ulPartLen));
  }

  @Override
  public long C_DigestFinal(long hSession, long pDigest, long pulDigestLen) {
    return call(digestFinal, ul(hSession), p(pDigest), p(pulDigestLen));
  }

  @Override
  public long C_SignInit(long hSession, long pMechanism, long hKey) {
    return call(signInit, ul(hSession), p(pMechanism), ul(hKey));
  }

  @Override
  public long C_Sign(long hSession, long pData, long ulDataLen, long pSignature,
      long pulSignatureLen) {
    return call(sign, ul(hSession), p(pData), ul(ulDataLen), p(pSignature),
        p(pulSignatureLen));
  }

  @Override
  public long C_SignUpdate(long hSession, long pPart, long ulPartLen) {
    return call(signUpdate, ul(hSession), p(pPart), ul(ulPartLen));
  }

  @Override
  public long C_SignFinal(long hSession, long pSignature, long pulSignatureLen) {
    return call(signFinal, ul(hSession), p(pSignature), p(pulSignatureLen));
  }

  @Override
  public long C_VerifyInit(long hSession, long pMechanism, long hKey) {
    return call(verifyInit, ul(hSession), p(pMechanism), ul(hKey));
  }

  @Override
  public long C_Verify(long hSession, long pData, long ulDataLen, long pSignature,
      long ulSignatureLen) {
    return call(verify, ul(hSession), p(pData), ul(ulDataLen), p(pSignature),
        ul(ulSignatureLen));
  }

  @Override
  public long C_VerifyUpdate(long hSession, long pPart, long ulPartLen) {
    return call(verifyUpdate, ul(hSession), p(pPart), ul(ulPartLen));
  }

  @Override
  public long C_VerifyFinal(long hSession, long pSignature, long ulSignatureLen) {
    return call(verifyFinal, ul(hSession), p(pSignature), ul(ulSignatureLen));
  }

  @Override
  public long C_GenerateKey(long hSession, long pMechanism, long pTemplate, long ulCount,
      long phKey) {
    return call(generateKey, ul(hSession), p(pMechanism), p(pTemplate), ul(ulCount), p(phKey));
  }

  @Override
  public long C_GenerateKeyPair(long hSession, long pMechanism, long pPublicKeyTemplate,
      long ulPublicKeyAttributeCount, long pPrivateKeyTemplate,
      long ulPrivateKeyAttributeCount, long phPublicKey, long phPrivateKey) {
    return call(generateKeyPair, ul(hSession), p(pMechanism), p(pPublicKeyTemplate),
        ul(ulPublicKeyAttributeCount), p(pPrivateKeyTemplate), ul(ulPrivateKeyAttributeCount),
        p(phPublicKey), p(phPrivateKey));
  }

  @Override
  public long C_GenerateRandom(long hSession, long pRandomData, long ulRandomLen) {
    return call(generateRandom, ul(hSession), p(pRandomData), ul(ulRandomLen));
  }

  @Override
  public long C_WaitForSlotEvent(long flags, long pSlot, long pReserved) {
    return call(waitForSlotEvent, ul(flags), p(pSlot), p(pReserved));
  }
}

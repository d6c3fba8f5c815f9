/*
 * pkcs11.h: the subset of the Cryptoki 2.40 interface that ukeygm implements or reports.
 *
 * Written for this project from the published PKCS#11 2.40 specification's type and constant
 * definitions (the values are interoperability facts); it is not a copy of the OASIS or of any
 * vendor's header. Linux/Unix conventions: CK_ULONG is unsigned long, structures use the
 * platform's natural alignment (no packing), CK_PTR is a plain pointer.
 */
#ifndef UKEYGM_PKCS11_H
#define UKEYGM_PKCS11_H

#ifdef __cplusplus
extern "C" {
#endif

#define CK_PTR *
#define NULL_PTR 0

typedef unsigned char CK_BYTE;
typedef CK_BYTE CK_CHAR;
typedef CK_BYTE CK_UTF8CHAR;
typedef CK_BYTE CK_BBOOL;
typedef unsigned long CK_ULONG;
typedef long CK_LONG;
typedef CK_ULONG CK_FLAGS;
typedef CK_BYTE *CK_BYTE_PTR;
typedef CK_CHAR *CK_CHAR_PTR;
typedef CK_UTF8CHAR *CK_UTF8CHAR_PTR;
typedef CK_ULONG *CK_ULONG_PTR;
typedef void *CK_VOID_PTR;
typedef CK_VOID_PTR *CK_VOID_PTR_PTR;

typedef CK_ULONG CK_RV;
typedef CK_ULONG CK_SLOT_ID;
typedef CK_SLOT_ID *CK_SLOT_ID_PTR;
typedef CK_ULONG CK_SESSION_HANDLE;
typedef CK_SESSION_HANDLE *CK_SESSION_HANDLE_PTR;
typedef CK_ULONG CK_OBJECT_HANDLE;
typedef CK_OBJECT_HANDLE *CK_OBJECT_HANDLE_PTR;
typedef CK_ULONG CK_OBJECT_CLASS;
typedef CK_ULONG CK_KEY_TYPE;
typedef CK_ULONG CK_CERTIFICATE_TYPE;
typedef CK_ULONG CK_ATTRIBUTE_TYPE;
typedef CK_ULONG CK_MECHANISM_TYPE;
typedef CK_MECHANISM_TYPE *CK_MECHANISM_TYPE_PTR;
typedef CK_ULONG CK_USER_TYPE;
typedef CK_ULONG CK_STATE;
typedef CK_ULONG CK_NOTIFICATION;

#define CK_TRUE 1
#define CK_FALSE 0
#define CK_UNAVAILABLE_INFORMATION (~0UL)
#define CK_EFFECTIVELY_INFINITE 0UL
#define CK_INVALID_HANDLE 0UL

typedef struct CK_VERSION {
  CK_BYTE major;
  CK_BYTE minor;
} CK_VERSION;
typedef CK_VERSION *CK_VERSION_PTR;

typedef struct CK_INFO {
  CK_VERSION cryptokiVersion;
  CK_UTF8CHAR manufacturerID[32];
  CK_FLAGS flags;
  CK_UTF8CHAR libraryDescription[32];
  CK_VERSION libraryVersion;
} CK_INFO;
typedef CK_INFO *CK_INFO_PTR;

typedef struct CK_SLOT_INFO {
  CK_UTF8CHAR slotDescription[64];
  CK_UTF8CHAR manufacturerID[32];
  CK_FLAGS flags;
  CK_VERSION hardwareVersion;
  CK_VERSION firmwareVersion;
} CK_SLOT_INFO;
typedef CK_SLOT_INFO *CK_SLOT_INFO_PTR;

typedef struct CK_TOKEN_INFO {
  CK_UTF8CHAR label[32];
  CK_UTF8CHAR manufacturerID[32];
  CK_UTF8CHAR model[16];
  CK_CHAR serialNumber[16];
  CK_FLAGS flags;
  CK_ULONG ulMaxSessionCount;
  CK_ULONG ulSessionCount;
  CK_ULONG ulMaxRwSessionCount;
  CK_ULONG ulRwSessionCount;
  CK_ULONG ulMaxPinLen;
  CK_ULONG ulMinPinLen;
  CK_ULONG ulTotalPublicMemory;
  CK_ULONG ulFreePublicMemory;
  CK_ULONG ulTotalPrivateMemory;
  CK_ULONG ulFreePrivateMemory;
  CK_VERSION hardwareVersion;
  CK_VERSION firmwareVersion;
  CK_CHAR utcTime[16];
} CK_TOKEN_INFO;
typedef CK_TOKEN_INFO *CK_TOKEN_INFO_PTR;

typedef struct CK_SESSION_INFO {
  CK_SLOT_ID slotID;
  CK_STATE state;
  CK_FLAGS flags;
  CK_ULONG ulDeviceError;
} CK_SESSION_INFO;
typedef CK_SESSION_INFO *CK_SESSION_INFO_PTR;

typedef struct CK_ATTRIBUTE {
  CK_ATTRIBUTE_TYPE type;
  CK_VOID_PTR pValue;
  CK_ULONG ulValueLen;
} CK_ATTRIBUTE;
typedef CK_ATTRIBUTE *CK_ATTRIBUTE_PTR;

typedef struct CK_MECHANISM {
  CK_MECHANISM_TYPE mechanism;
  CK_VOID_PTR pParameter;
  CK_ULONG ulParameterLen;
} CK_MECHANISM;
typedef CK_MECHANISM *CK_MECHANISM_PTR;

typedef struct CK_MECHANISM_INFO {
  CK_ULONG ulMinKeySize;
  CK_ULONG ulMaxKeySize;
  CK_FLAGS flags;
} CK_MECHANISM_INFO;
typedef CK_MECHANISM_INFO *CK_MECHANISM_INFO_PTR;

typedef CK_RV (*CK_NOTIFY)(CK_SESSION_HANDLE hSession, CK_NOTIFICATION event,
                           CK_VOID_PTR pApplication);
typedef CK_RV (*CK_CREATEMUTEX)(CK_VOID_PTR_PTR ppMutex);
typedef CK_RV (*CK_DESTROYMUTEX)(CK_VOID_PTR pMutex);
typedef CK_RV (*CK_LOCKMUTEX)(CK_VOID_PTR pMutex);
typedef CK_RV (*CK_UNLOCKMUTEX)(CK_VOID_PTR pMutex);

typedef struct CK_C_INITIALIZE_ARGS {
  CK_CREATEMUTEX CreateMutex;
  CK_DESTROYMUTEX DestroyMutex;
  CK_LOCKMUTEX LockMutex;
  CK_UNLOCKMUTEX UnlockMutex;
  CK_FLAGS flags;
  CK_VOID_PTR pReserved;
} CK_C_INITIALIZE_ARGS;
typedef CK_C_INITIALIZE_ARGS *CK_C_INITIALIZE_ARGS_PTR;

/* Return values. */
#define CKR_OK 0x00UL
#define CKR_CANCEL 0x01UL
#define CKR_HOST_MEMORY 0x02UL
#define CKR_SLOT_ID_INVALID 0x03UL
#define CKR_GENERAL_ERROR 0x05UL
#define CKR_FUNCTION_FAILED 0x06UL
#define CKR_ARGUMENTS_BAD 0x07UL
#define CKR_NO_EVENT 0x08UL
#define CKR_NEED_TO_CREATE_THREADS 0x09UL
#define CKR_CANT_LOCK 0x0AUL
#define CKR_ATTRIBUTE_READ_ONLY 0x10UL
#define CKR_ATTRIBUTE_SENSITIVE 0x11UL
#define CKR_ATTRIBUTE_TYPE_INVALID 0x12UL
#define CKR_ATTRIBUTE_VALUE_INVALID 0x13UL
#define CKR_ACTION_PROHIBITED 0x1BUL
#define CKR_DATA_INVALID 0x20UL
#define CKR_DATA_LEN_RANGE 0x21UL
#define CKR_DEVICE_ERROR 0x30UL
#define CKR_DEVICE_MEMORY 0x31UL
#define CKR_DEVICE_REMOVED 0x32UL
#define CKR_ENCRYPTED_DATA_INVALID 0x40UL
#define CKR_ENCRYPTED_DATA_LEN_RANGE 0x41UL
#define CKR_FUNCTION_CANCELED 0x50UL
#define CKR_FUNCTION_NOT_PARALLEL 0x51UL
#define CKR_FUNCTION_NOT_SUPPORTED 0x54UL
#define CKR_KEY_HANDLE_INVALID 0x60UL
#define CKR_KEY_SIZE_RANGE 0x62UL
#define CKR_KEY_TYPE_INCONSISTENT 0x63UL
#define CKR_KEY_FUNCTION_NOT_PERMITTED 0x68UL
#define CKR_MECHANISM_INVALID 0x70UL
#define CKR_MECHANISM_PARAM_INVALID 0x71UL
#define CKR_OBJECT_HANDLE_INVALID 0x82UL
#define CKR_OPERATION_ACTIVE 0x90UL
#define CKR_OPERATION_NOT_INITIALIZED 0x91UL
#define CKR_PIN_INCORRECT 0xA0UL
#define CKR_PIN_INVALID 0xA1UL
#define CKR_PIN_LEN_RANGE 0xA2UL
#define CKR_PIN_EXPIRED 0xA3UL
#define CKR_PIN_LOCKED 0xA4UL
#define CKR_SESSION_CLOSED 0xB0UL
#define CKR_SESSION_COUNT 0xB1UL
#define CKR_SESSION_HANDLE_INVALID 0xB3UL
#define CKR_SESSION_PARALLEL_NOT_SUPPORTED 0xB4UL
#define CKR_SESSION_READ_ONLY 0xB5UL
#define CKR_SESSION_EXISTS 0xB6UL
#define CKR_SESSION_READ_ONLY_EXISTS 0xB7UL
#define CKR_SESSION_READ_WRITE_SO_EXISTS 0xB8UL
#define CKR_SIGNATURE_INVALID 0xC0UL
#define CKR_SIGNATURE_LEN_RANGE 0xC1UL
#define CKR_TEMPLATE_INCOMPLETE 0xD0UL
#define CKR_TEMPLATE_INCONSISTENT 0xD1UL
#define CKR_TOKEN_NOT_PRESENT 0xE0UL
#define CKR_TOKEN_NOT_RECOGNIZED 0xE1UL
#define CKR_TOKEN_WRITE_PROTECTED 0xE2UL
#define CKR_USER_ALREADY_LOGGED_IN 0x100UL
#define CKR_USER_NOT_LOGGED_IN 0x101UL
#define CKR_USER_PIN_NOT_INITIALIZED 0x102UL
#define CKR_USER_TYPE_INVALID 0x103UL
#define CKR_USER_ANOTHER_ALREADY_LOGGED_IN 0x104UL
#define CKR_USER_TOO_MANY_TYPES 0x105UL
#define CKR_RANDOM_SEED_NOT_SUPPORTED 0x120UL
#define CKR_RANDOM_NO_RNG 0x121UL
#define CKR_CURVE_NOT_SUPPORTED 0x140UL
#define CKR_BUFFER_TOO_SMALL 0x150UL
#define CKR_CRYPTOKI_NOT_INITIALIZED 0x190UL
#define CKR_CRYPTOKI_ALREADY_INITIALIZED 0x191UL
#define CKR_MUTEX_BAD 0x1A0UL
#define CKR_MUTEX_NOT_LOCKED 0x1A1UL

/* Object classes, key, certificate and user types, session states. */
#define CKO_DATA 0x0UL
#define CKO_CERTIFICATE 0x1UL
#define CKO_PUBLIC_KEY 0x2UL
#define CKO_PRIVATE_KEY 0x3UL
#define CKO_SECRET_KEY 0x4UL
#define CKC_X_509 0x0UL
#define CKU_SO 0UL
#define CKU_USER 1UL
#define CKU_CONTEXT_SPECIFIC 2UL
#define CKS_RO_PUBLIC_SESSION 0UL
#define CKS_RO_USER_FUNCTIONS 1UL
#define CKS_RW_PUBLIC_SESSION 2UL
#define CKS_RW_USER_FUNCTIONS 3UL
#define CKS_RW_SO_FUNCTIONS 4UL

/* Attributes. */
#define CKA_CLASS 0x000UL
#define CKA_TOKEN 0x001UL
#define CKA_PRIVATE 0x002UL
#define CKA_LABEL 0x003UL
#define CKA_APPLICATION 0x010UL
#define CKA_VALUE 0x011UL
#define CKA_OBJECT_ID 0x012UL
#define CKA_CERTIFICATE_TYPE 0x080UL
#define CKA_ISSUER 0x081UL
#define CKA_SERIAL_NUMBER 0x082UL
#define CKA_TRUSTED 0x086UL
#define CKA_CERTIFICATE_CATEGORY 0x087UL
#define CKA_URL 0x089UL
#define CKA_HASH_OF_SUBJECT_PUBLIC_KEY 0x08AUL
#define CKA_HASH_OF_ISSUER_PUBLIC_KEY 0x08BUL
#define CKA_CHECK_VALUE 0x090UL
#define CKA_KEY_TYPE 0x100UL
#define CKA_SUBJECT 0x101UL
#define CKA_ID 0x102UL
#define CKA_SENSITIVE 0x103UL
#define CKA_ENCRYPT 0x104UL
#define CKA_DECRYPT 0x105UL
#define CKA_WRAP 0x106UL
#define CKA_UNWRAP 0x107UL
#define CKA_SIGN 0x108UL
#define CKA_SIGN_RECOVER 0x109UL
#define CKA_VERIFY 0x10AUL
#define CKA_VERIFY_RECOVER 0x10BUL
#define CKA_DERIVE 0x10CUL
#define CKA_START_DATE 0x110UL
#define CKA_END_DATE 0x111UL
#define CKA_VALUE_LEN 0x161UL
#define CKA_EXTRACTABLE 0x162UL
#define CKA_LOCAL 0x163UL
#define CKA_NEVER_EXTRACTABLE 0x164UL
#define CKA_ALWAYS_SENSITIVE 0x165UL
#define CKA_KEY_GEN_MECHANISM 0x166UL
#define CKA_MODIFIABLE 0x170UL
#define CKA_COPYABLE 0x171UL
#define CKA_DESTROYABLE 0x172UL
#define CKA_EC_PARAMS 0x180UL
#define CKA_EC_POINT 0x181UL
#define CKA_ALWAYS_AUTHENTICATE 0x202UL
#define CKA_WRAP_WITH_TRUSTED 0x210UL

/* Flags. */
#define CKF_TOKEN_PRESENT 0x1UL
#define CKF_REMOVABLE_DEVICE 0x2UL
#define CKF_HW_SLOT 0x4UL
#define CKF_RNG 0x1UL
#define CKF_WRITE_PROTECTED 0x2UL
#define CKF_LOGIN_REQUIRED 0x4UL
#define CKF_USER_PIN_INITIALIZED 0x8UL
#define CKF_TOKEN_INITIALIZED 0x400UL
#define CKF_USER_PIN_COUNT_LOW 0x10000UL
#define CKF_USER_PIN_FINAL_TRY 0x20000UL
#define CKF_USER_PIN_LOCKED 0x40000UL
#define CKF_USER_PIN_TO_BE_CHANGED 0x80000UL
#define CKF_SO_PIN_COUNT_LOW 0x100000UL
#define CKF_SO_PIN_FINAL_TRY 0x200000UL
#define CKF_SO_PIN_LOCKED 0x400000UL
#define CKF_SO_PIN_TO_BE_CHANGED 0x800000UL
#define CKF_RW_SESSION 0x2UL
#define CKF_SERIAL_SESSION 0x4UL
#define CKF_HW 0x1UL
#define CKF_ENCRYPT 0x100UL
#define CKF_DECRYPT 0x200UL
#define CKF_DIGEST 0x400UL
#define CKF_SIGN 0x800UL
#define CKF_VERIFY 0x2000UL
#define CKF_GENERATE 0x8000UL
#define CKF_GENERATE_KEY_PAIR 0x10000UL
#define CKF_LIBRARY_CANT_CREATE_OS_THREADS 0x1UL
#define CKF_OS_LOCKING_OK 0x2UL
#define CKF_DONT_BLOCK 0x1UL

/* Vendor-defined values of the two GM profiles ukeygm models (see README.md). */
#define CKK_VENDOR_SM2 0x80000004UL     /* Sansec CKK_SA_SM2 = TASS CKK_VENDOR_SM2 */
#define CKK_SA_SM4 0x80000106UL
#define CKK_TA_SM4 0x80000002UL
#define CKM_SM2_KEY_PAIR_GEN 0x80008001UL
#define CKM_SA_SM3_SM2_Z 0x80008102UL
#define CKM_SA_SM3_SM2_Z_DER 0x80008103UL
#define CKM_SA_SM2_SIGN 0x80008104UL
#define CKM_SA_SM2_RAW 0x80008200UL
#define CKM_SA_SM3_HASH 0x80009001UL
#define CKM_TA_SM2 0x80008000UL
#define CKM_TA_SM3_SM2 0x80008100UL
#define CKM_TA_SM2_RAW 0x80008200UL
#define CKM_TA_VENDOR_SM3 0x80000005UL
#define CKM_SM4_KEY_GEN 0x80000107UL
#define CKM_SM4_ECB 0x80000108UL
#define CKM_SM4_CBC 0x80000109UL

typedef struct CK_FUNCTION_LIST CK_FUNCTION_LIST;
typedef CK_FUNCTION_LIST *CK_FUNCTION_LIST_PTR;
typedef CK_FUNCTION_LIST_PTR *CK_FUNCTION_LIST_PTR_PTR;

/* X(name, parameter list) for each of the 68 Cryptoki 2.40 functions, in function-list order. */
#define UKEYGM_FUNCTIONS(X) \
  X(C_Initialize, (CK_VOID_PTR pInitArgs)) \
  X(C_Finalize, (CK_VOID_PTR pReserved)) \
  X(C_GetInfo, (CK_INFO_PTR pInfo)) \
  X(C_GetFunctionList, (CK_FUNCTION_LIST_PTR_PTR ppFunctionList)) \
  X(C_GetSlotList, (CK_BBOOL tokenPresent, CK_SLOT_ID_PTR pSlotList, CK_ULONG_PTR pulCount)) \
  X(C_GetSlotInfo, (CK_SLOT_ID slotID, CK_SLOT_INFO_PTR pInfo)) \
  X(C_GetTokenInfo, (CK_SLOT_ID slotID, CK_TOKEN_INFO_PTR pInfo)) \
  X(C_GetMechanismList, (CK_SLOT_ID slotID, CK_MECHANISM_TYPE_PTR pMechanismList, \
                         CK_ULONG_PTR pulCount)) \
  X(C_GetMechanismInfo, (CK_SLOT_ID slotID, CK_MECHANISM_TYPE type, \
                         CK_MECHANISM_INFO_PTR pInfo)) \
  X(C_InitToken, (CK_SLOT_ID slotID, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen, \
                  CK_UTF8CHAR_PTR pLabel)) \
  X(C_InitPIN, (CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pPin, CK_ULONG ulPinLen)) \
  X(C_SetPIN, (CK_SESSION_HANDLE hSession, CK_UTF8CHAR_PTR pOldPin, CK_ULONG ulOldLen, \
               CK_UTF8CHAR_PTR pNewPin, CK_ULONG ulNewLen)) \
  X(C_OpenSession, (CK_SLOT_ID slotID, CK_FLAGS flags, CK_VOID_PTR pApplication, \
                    CK_NOTIFY Notify, CK_SESSION_HANDLE_PTR phSession)) \
  X(C_CloseSession, (CK_SESSION_HANDLE hSession)) \
  X(C_CloseAllSessions, (CK_SLOT_ID slotID)) \
  X(C_GetSessionInfo, (CK_SESSION_HANDLE hSession, CK_SESSION_INFO_PTR pInfo)) \
  X(C_GetOperationState, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, \
                          CK_ULONG_PTR pulOperationStateLen)) \
  X(C_SetOperationState, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pOperationState, \
                          CK_ULONG ulOperationStateLen, CK_OBJECT_HANDLE hEncryptionKey, \
                          CK_OBJECT_HANDLE hAuthenticationKey)) \
  X(C_Login, (CK_SESSION_HANDLE hSession, CK_USER_TYPE userType, CK_UTF8CHAR_PTR pPin, \
              CK_ULONG ulPinLen)) \
  X(C_Logout, (CK_SESSION_HANDLE hSession)) \
  X(C_CreateObject, (CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, \
                     CK_OBJECT_HANDLE_PTR phObject)) \
  X(C_CopyObject, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, \
                   CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, \
                   CK_OBJECT_HANDLE_PTR phNewObject)) \
  X(C_DestroyObject, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject)) \
  X(C_GetObjectSize, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, \
                      CK_ULONG_PTR pulSize)) \
  X(C_GetAttributeValue, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, \
                          CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)) \
  X(C_SetAttributeValue, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hObject, \
                          CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount)) \
  X(C_FindObjectsInit, (CK_SESSION_HANDLE hSession, CK_ATTRIBUTE_PTR pTemplate, \
                        CK_ULONG ulCount)) \
  X(C_FindObjects, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE_PTR phObject, \
                    CK_ULONG ulMaxObjectCount, CK_ULONG_PTR pulObjectCount)) \
  X(C_FindObjectsFinal, (CK_SESSION_HANDLE hSession)) \
  X(C_EncryptInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                    CK_OBJECT_HANDLE hKey)) \
  X(C_Encrypt, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, \
                CK_BYTE_PTR pEncryptedData, CK_ULONG_PTR pulEncryptedDataLen)) \
  X(C_EncryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, \
                      CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen)) \
  X(C_EncryptFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastEncryptedPart, \
                     CK_ULONG_PTR pulLastEncryptedPartLen)) \
  X(C_DecryptInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                    CK_OBJECT_HANDLE hKey)) \
  X(C_Decrypt, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedData, \
                CK_ULONG ulEncryptedDataLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen)) \
  X(C_DecryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, \
                      CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, CK_ULONG_PTR pulPartLen)) \
  X(C_DecryptFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pLastPart, \
                     CK_ULONG_PTR pulLastPartLen)) \
  X(C_DigestInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism)) \
  X(C_Digest, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, \
               CK_BYTE_PTR pDigest, CK_ULONG_PTR pulDigestLen)) \
  X(C_DigestUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)) \
  X(C_DigestKey, (CK_SESSION_HANDLE hSession, CK_OBJECT_HANDLE hKey)) \
  X(C_DigestFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pDigest, \
                    CK_ULONG_PTR pulDigestLen)) \
  X(C_SignInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                 CK_OBJECT_HANDLE hKey)) \
  X(C_Sign, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, \
             CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)) \
  X(C_SignUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)) \
  X(C_SignFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, \
                  CK_ULONG_PTR pulSignatureLen)) \
  X(C_SignRecoverInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                        CK_OBJECT_HANDLE hKey)) \
  X(C_SignRecover, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, \
                    CK_BYTE_PTR pSignature, CK_ULONG_PTR pulSignatureLen)) \
  X(C_VerifyInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                   CK_OBJECT_HANDLE hKey)) \
  X(C_Verify, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pData, CK_ULONG ulDataLen, \
               CK_BYTE_PTR pSignature, CK_ULONG ulSignatureLen)) \
  X(C_VerifyUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen)) \
  X(C_VerifyFinal, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, \
                    CK_ULONG ulSignatureLen)) \
  X(C_VerifyRecoverInit, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                          CK_OBJECT_HANDLE hKey)) \
  X(C_VerifyRecover, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSignature, \
                      CK_ULONG ulSignatureLen, CK_BYTE_PTR pData, CK_ULONG_PTR pulDataLen)) \
  X(C_DigestEncryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, \
                            CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen)) \
  X(C_DecryptDigestUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, \
                            CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, \
                            CK_ULONG_PTR pulPartLen)) \
  X(C_SignEncryptUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pPart, CK_ULONG ulPartLen, \
                          CK_BYTE_PTR pEncryptedPart, CK_ULONG_PTR pulEncryptedPartLen)) \
  X(C_DecryptVerifyUpdate, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pEncryptedPart, \
                            CK_ULONG ulEncryptedPartLen, CK_BYTE_PTR pPart, \
                            CK_ULONG_PTR pulPartLen)) \
  X(C_GenerateKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                    CK_ATTRIBUTE_PTR pTemplate, CK_ULONG ulCount, CK_OBJECT_HANDLE_PTR phKey)) \
  X(C_GenerateKeyPair, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                        CK_ATTRIBUTE_PTR pPublicKeyTemplate, CK_ULONG ulPublicKeyAttributeCount, \
                        CK_ATTRIBUTE_PTR pPrivateKeyTemplate, \
                        CK_ULONG ulPrivateKeyAttributeCount, CK_OBJECT_HANDLE_PTR phPublicKey, \
                        CK_OBJECT_HANDLE_PTR phPrivateKey)) \
  X(C_WrapKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                CK_OBJECT_HANDLE hWrappingKey, CK_OBJECT_HANDLE hKey, CK_BYTE_PTR pWrappedKey, \
                CK_ULONG_PTR pulWrappedKeyLen)) \
  X(C_UnwrapKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                  CK_OBJECT_HANDLE hUnwrappingKey, CK_BYTE_PTR pWrappedKey, \
                  CK_ULONG ulWrappedKeyLen, CK_ATTRIBUTE_PTR pTemplate, \
                  CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)) \
  X(C_DeriveKey, (CK_SESSION_HANDLE hSession, CK_MECHANISM_PTR pMechanism, \
                  CK_OBJECT_HANDLE hBaseKey, CK_ATTRIBUTE_PTR pTemplate, \
                  CK_ULONG ulAttributeCount, CK_OBJECT_HANDLE_PTR phKey)) \
  X(C_SeedRandom, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR pSeed, CK_ULONG ulSeedLen)) \
  X(C_GenerateRandom, (CK_SESSION_HANDLE hSession, CK_BYTE_PTR RandomData, \
                       CK_ULONG ulRandomLen)) \
  X(C_GetFunctionStatus, (CK_SESSION_HANDLE hSession)) \
  X(C_CancelFunction, (CK_SESSION_HANDLE hSession)) \
  X(C_WaitForSlotEvent, (CK_FLAGS flags, CK_SLOT_ID_PTR pSlot, CK_VOID_PTR pReserved))

#define UKEYGM_DECLARE(name, params) CK_RV name params;
UKEYGM_FUNCTIONS(UKEYGM_DECLARE)
#undef UKEYGM_DECLARE

#define UKEYGM_TYPEDEF(name, params) typedef CK_RV (*CK_##name) params;
UKEYGM_FUNCTIONS(UKEYGM_TYPEDEF)
#undef UKEYGM_TYPEDEF

#define UKEYGM_MEMBER(name, params) CK_##name name;
struct CK_FUNCTION_LIST {
  CK_VERSION version;
  UKEYGM_FUNCTIONS(UKEYGM_MEMBER)
};
#undef UKEYGM_MEMBER

#ifdef __cplusplus
}
#endif
#endif

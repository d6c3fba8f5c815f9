package org.ukey.pkcs11.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import java.util.Optional;
import org.ukey.api.DigestAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.api.UnsupportedAlgorithmException;
import org.ukey.pkcs11.cryptoki.CKG;
import org.ukey.pkcs11.cryptoki.CKM;
import org.ukey.pkcs11.cryptoki.CKR;
import org.ukey.pkcs11.cryptoki.CK_MECHANISM;
import org.ukey.pkcs11.cryptoki.CK_RSA_PKCS_PSS_PARAMS;
import org.ukey.pkcs11.cryptoki.CkAbi;
import org.ukey.pkcs11.cryptoki.CkFunctions;
import org.ukey.pkcs11.cryptoki.NativeArena;
import org.ukey.pkcs11.cryptoki.StructLayout;
import org.ukey.sm2.SignatureCodec;
import org.ukey.sm2.Sm2;
import org.ukey.sm2.Sm3;

/**
 * Signs with a key on a PKCS#11 token, one {@link SignWay} of its profile.
 *
 * <p>The hot path ({@link #sign(byte[])}) borrows a native session, writes the
 * {@code CK_MECHANISM} and the input into the session's scratch memory, calls
 * {@code C_SignInit} and {@code C_Sign} through {@link CkFunctions} (JNA direct mapping with
 * primitive arguments where the module allows) and returns the session in {@code finally}. The
 * output buffer is sized from the key (RSA: the modulus; (EC)DSA/SM2: the field) so that one
 * {@code C_Sign} suffices; the module's length is used only after {@code CKR_BUFFER_TOO_SMALL},
 * never from a length query, which some modules get wrong (google/native-pkcs11#171 ended the
 * operation on the query).
 *
 * <p>Digests are computed here when the way says so (ECDSA over {@code CKM_ECDSA}; SM2's
 * e = SM3(Z‖M) with Z computed once per signer). (EC)DSA/SM2 output is normalized to DER once,
 * here, with {@link SignatureCodec}, whatever form the token returns.
 *
 * <p><b>Thread-safety:</b> thread-safe; each call uses its own pooled session.
 */
final class Pkcs11Signer implements Signer {
  // DigestInfo prefixes, RFC 8017 §9.2 note 1.
  private static final byte[] SHA256_INFO = hex("3031300d060960864801650304020105000420");
  private static final byte[] SHA384_INFO = hex("3041300d060960864801650304020205000430");
  private static final byte[] SHA512_INFO = hex("3051300d060960864801650304020305000440");
  private static final int MAX_SIGNATURE = 1 << 16;
  private static final int STREAM_BUFFER = 8192;

  private final SessionImpl session;
  private final TokenState state;
  private final Pkcs11Key key;
  private final SignatureAlgorithm algorithm;
  private final SignWay way;
  private final String mechanismName;
  private final CkFunctions f;
  private final CkAbi abi;
  private final int limit;
  private final byte[] z;
  private final byte[] userId;
  private final byte[] parameter;
  private final BigInteger order;
  private final int field;
  private final int expected;
  private final byte[] digestInfo;
  private final ThreadLocal<MessageDigest> digest;
  private final int mechanismOffset;
  private final int parameterOffset;
  private final int parameterLengthOffset;
  private final TokenState.SessionFn<byte[], byte[]> signOnce = this::signOnce;

  Pkcs11Signer(SessionImpl session, Pkcs11Key key, SignatureAlgorithm algorithm, SignWay way,
      String mechanismName, int profileMax) throws UKeyException {
    this.session = session;
    this.mechanismName = mechanismName;
    this.state = key.state;
    this.key = key;
    this.algorithm = algorithm;
    this.way = way;
    this.f = state.functions();
    this.abi = state.calls.abi();
    int max = way.maxSinglePart() != 0 ? way.maxSinglePart() : profileMax;
    this.limit = max == 0 ? Integer.MAX_VALUE : max;
    StructLayout mech = CK_MECHANISM.layout(abi);
    this.mechanismOffset = NativeSession.MECHANISM + mech.offset("mechanism");
    this.parameterOffset = NativeSession.MECHANISM + mech.offset("pParameter");
    this.parameterLengthOffset = NativeSession.MECHANISM + mech.offset("ulParameterLen");

    PublicKey pub = key.publicKey();
    if (algorithm.keyType() == KeyType.RSA) {
      this.order = null;
      this.field = 0;
      this.expected = (key.spec().bits() + 7) / 8;
    } else {
      this.order = ((ECPublicKey) pub).getParams().getOrder();
      this.field = key.spec().bits() / 8;
      this.expected = way.output() == SignWay.Output.RAW ? 2 * field : 2 * field + 8;
    }
    byte[] userId = algorithm.sm2UserId().orElse(null);
    this.userId = userId;
    this.z = way.input() == SignWay.Input.E ? Sm2.z(userId, (ECPublicKey) pub) : null;
    if (way.pss()) {
      this.parameter = pssParameters(algorithm, abi);
    } else if (way.input() == SignWay.Input.MESSAGE_ID) {
      this.parameter = userId;
    } else {
      this.parameter = null;
    }
    DigestAlgorithm d = algorithm.digest();
    boolean hashHere = way.input() == SignWay.Input.DIGEST
        || way.input() == SignWay.Input.DIGEST_INFO;
    if (hashHere) {
      MessageDigest prototype;
      try {
        prototype = MessageDigest.getInstance(d.jcaName());
        prototype.clone();
      } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
        throw new UnsupportedAlgorithmException("no cloneable " + d.jcaName()
            + " in this JVM", e);
      }
      this.digest = ThreadLocal.withInitial(() -> {
        try {
          return (MessageDigest) prototype.clone();
        } catch (CloneNotSupportedException e) {
          throw new IllegalStateException(e);
        }
      });
    } else {
      this.digest = null;
    }
    this.digestInfo = way.input() != SignWay.Input.DIGEST_INFO ? null
        : d == DigestAlgorithm.SHA256 ? SHA256_INFO
        : d == DigestAlgorithm.SHA384 ? SHA384_INFO
        : d == DigestAlgorithm.SHA512 ? SHA512_INFO : null;
    if (way.input() == SignWay.Input.DIGEST_INFO && digestInfo == null) {
      throw new UnsupportedAlgorithmException("no DigestInfo for " + d);
    }
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public PublicKey publicKey() {
    return key.publicKey();
  }

  @Override
  public Optional<X509Certificate> certificate() {
    return key.certificate();
  }

  @Override
  public byte[] sign(byte[] message) throws UKeyException {
    session.checkOpen();
    return sign(message, false);
  }

  @Override
  public byte[] sign(InputStream message) throws IOException, UKeyException {
    session.checkOpen();
    switch (way.input()) {
      case DIGEST:
      case DIGEST_INFO:
        return sign(digestOf(message), true);
      case E:
        // Not a SequenceInputStream over Z and the message: it closes each stream it exhausts,
        // and the caller's stream is the caller's to close.
        return sign(Sm2.digestForSigning(userId, (ECPublicKey) key.publicKey(), message), true);
      default:
        if (!way.multiPart()) {
          byte[] all = message.readNBytes(limit == Integer.MAX_VALUE ? Integer.MAX_VALUE - 8
              : limit + 1);
          if (all.length > limit) {
            throw tooLong(all.length);
          }
          return sign(all, false);
        }
        try {
          return state.withSession(this::signStream, message, false);
        } catch (UncheckedIOException e) {
          throw e.getCause();
        }
    }
  }

  /**
   * Signs a caller's digest when the way has the SDK hash: {@code digest} is what
   * {@code C_Sign} gets for {@code digest} ways ({@code CKM_ECDSA}, {@code CKM_RSA_PKCS_PSS})
   * and SM2's {@code e} ways, and what is wrapped in the {@code DigestInfo} for
   * {@code digest-info} ({@code CKM_RSA_PKCS}). A way whose mechanism hashes the message on the
   * token ({@code CKM_SHA256_RSA_PKCS}, the vendor SM3-with-SM2 mechanisms) cannot take one.
   */
  /** True for the ways where the SDK hashes: digest, digest-info and SM2's e. */
  @Override
  public boolean signsDigests() {
    return way.input() == SignWay.Input.DIGEST || way.input() == SignWay.Input.DIGEST_INFO
        || way.input() == SignWay.Input.E;
  }

  @Override
  public byte[] signDigest(byte[] digest) throws UKeyException {
    Objects.requireNonNull(digest, "digest");
    int n = algorithm.digest().length();
    if (digest.length != n) {
      throw new IllegalArgumentException(algorithm + " signs a " + n + "-byte "
          + (way.input() == SignWay.Input.E ? "e = SM3(Z‖M)" : algorithm.digest().jcaName())
          + " digest, not " + digest.length + " bytes");
    }
    session.checkOpen();
    switch (way.input()) {
      case DIGEST:
      case E:
        return sign(digest, true);
      case DIGEST_INFO: {
        byte[] info = new byte[digestInfo.length + n];
        System.arraycopy(digestInfo, 0, info, 0, digestInfo.length);
        System.arraycopy(digest, 0, info, digestInfo.length, n);
        return sign(info, true);
      }
      default:
        throw new UnsupportedAlgorithmException(algorithm + " on " + state.name + " signs with "
            + mechanismName + " (profile '" + session.profileName() + "'), which hashes the"
            + " message on the token: it cannot sign a digest computed by the caller; sign the"
            + " message, or use a profile whose way for " + algorithm.name()
            + " takes a digest");
    }
  }

  private byte[] sign(byte[] input, boolean prepared) throws UKeyException {
    byte[] data = prepared ? input : prepare(input);
    try {
      return state.withSession(signOnce, data, true);
    } catch (UKeyException e) {
      if (!Pkcs11Key.staleHandle(e)) {
        throw e;
      }
      key.refindHandle();
      return state.withSession(signOnce, data, true);
    }
  }

  /** What {@code C_Sign} is given for a message. */
  private byte[] prepare(byte[] message) throws UKeyException {
    switch (way.input()) {
      case DIGEST:
        return digest.get().digest(message);
      case DIGEST_INFO: {
        byte[] h = digest.get().digest(message);
        byte[] out = new byte[digestInfo.length + h.length];
        System.arraycopy(digestInfo, 0, out, 0, digestInfo.length);
        System.arraycopy(h, 0, out, digestInfo.length, h.length);
        return out;
      }
      case E: {
        byte[] zm = new byte[z.length + message.length];
        System.arraycopy(z, 0, zm, 0, z.length);
        System.arraycopy(message, 0, zm, z.length, message.length);
        return Sm3.digest(zm);
      }
      default:
        return message;
    }
  }

  private byte[] digestOf(InputStream in) throws IOException {
    MessageDigest md = digest.get();
    md.reset();
    byte[] buf = new byte[STREAM_BUFFER];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    byte[] h = md.digest();
    if (digestInfo == null) {
      return h;
    }
    byte[] out = new byte[digestInfo.length + h.length];
    System.arraycopy(digestInfo, 0, out, 0, digestInfo.length);
    System.arraycopy(h, 0, out, digestInfo.length, h.length);
    return out;
  }

  /**
   * C_SignInit + C_Sign (or C_SignUpdate... + C_SignFinal) on one session; the signature in
   * the API's form.
   */
  private byte[] signOnce(NativeSession ns, byte[] input) throws UKeyException {
    ByteBuffer s = ns.scratch;
    long base = ns.address;
    long h = ns.handle;
    NativeArena extra = null;
    try {
      long parameterAddress = 0;
      if (parameter != null) {
        if (parameter.length <= NativeSession.PARAMETER_CAPACITY) {
          s.put(NativeSession.PARAMETER, parameter);
          parameterAddress = base + NativeSession.PARAMETER;
        } else {
          extra = new NativeArena(abi);
          parameterAddress = extra.copy(parameter);
        }
      }
      init(s, base, h, parameterAddress);
      if (input.length <= limit) {
        long data;
        if (input.length <= NativeSession.DATA_CAPACITY) {
          s.put(NativeSession.DATA, input);
          data = base + NativeSession.DATA;
        } else {
          if (extra == null) {
            extra = new NativeArena(abi);
          }
          data = extra.copy(input);
        }
        return output(ns, false, data, input.length);
      }
      if (!way.multiPart()) {
        // The operation is active and will not be finished: the session goes.
        ns.broken = true;
        throw tooLong(input.length);
      }
      int chunk = Math.min(NativeSession.DATA_CAPACITY, limit);
      for (int off = 0; off < input.length; off += chunk) {
        int n = Math.min(chunk, input.length - off);
        s.put(NativeSession.DATA, input, off, n);
        update(h, base, n);
      }
      return output(ns, true, 0, 0);
    } finally {
      if (extra != null) {
        extra.close();
      }
    }
  }

  /** C_SignInit + C_SignUpdate per chunk read + C_SignFinal. */
  private byte[] signStream(NativeSession ns, InputStream in) throws UKeyException {
    ByteBuffer s = ns.scratch;
    long base = ns.address;
    long h = ns.handle;
    long parameterAddress = 0;
    NativeArena extra = null;
    try {
      if (parameter != null) {
        if (parameter.length <= NativeSession.PARAMETER_CAPACITY) {
          s.put(NativeSession.PARAMETER, parameter);
          parameterAddress = base + NativeSession.PARAMETER;
        } else {
          extra = new NativeArena(abi);
          parameterAddress = extra.copy(parameter);
        }
      }
      init(s, base, h, parameterAddress);
      byte[] buf = new byte[Math.min(NativeSession.DATA_CAPACITY, limit)];
      try {
        for (int n; (n = in.readNBytes(buf, 0, buf.length)) > 0; ) {
          s.put(NativeSession.DATA, buf, 0, n);
          update(h, base, n);
        }
      } catch (IOException e) {
        ns.broken = true;
        throw new UncheckedIOException(e);
      }
      return output(ns, true, 0, 0);
    } finally {
      if (extra != null) {
        extra.close();
      }
    }
  }

  private void init(ByteBuffer s, long base, long h, long parameterAddress)
      throws UKeyException {
    abi.putUlong(s, mechanismOffset, way.mechanism());
    abi.putPointer(s, parameterOffset, parameterAddress);
    abi.putUlong(s, parameterLengthOffset, parameter == null ? 0 : parameter.length);
    long rv = f.C_SignInit(h, base + NativeSession.MECHANISM, key.privateHandle);
    if (rv != CKR.CKR_OK) {
      throw state.calls.error("C_SignInit", rv);
    }
  }

  private void update(long h, long base, int n) throws UKeyException {
    long rv = f.C_SignUpdate(h, base + NativeSession.DATA, n);
    if (rv != CKR.CKR_OK) {
      throw state.calls.error("C_SignUpdate", rv);
    }
  }

  /**
   * C_Sign or C_SignFinal into the scratch output sized from the key; on
   * {@code CKR_BUFFER_TOO_SMALL} (the operation stays active, PKCS#11 v2.40 §5.2) again into a
   * buffer of the length the module gave.
   */
  private byte[] output(NativeSession ns, boolean last, long data, int dataLength)
      throws UKeyException {
    ByteBuffer s = ns.scratch;
    long base = ns.address;
    long h = ns.handle;
    long capacity = Math.min(expected, NativeSession.OUT_CAPACITY);
    abi.putUlong(s, NativeSession.OUT_LENGTH, capacity);
    long out = base + NativeSession.OUT;
    long outLength = base + NativeSession.OUT_LENGTH;
    long rv = last ? f.C_SignFinal(h, out, outLength)
        : f.C_Sign(h, data, dataLength, out, outLength);
    if (rv == CKR.CKR_OK) {
      long n = abi.getUlong(s, NativeSession.OUT_LENGTH);
      if (n > capacity) {
        throw new InvalidEncodingException(last ? "C_SignFinal output" : "C_Sign output", -1,
            "module wrote " + n + " bytes into a " + capacity + "-byte buffer");
      }
      return fromScratch(ns, (int) n);
    }
    long needed = abi.getUlong(s, NativeSession.OUT_LENGTH);
    for (int attempt = 0; rv == CKR.CKR_BUFFER_TOO_SMALL && attempt < 3; attempt++) {
      if (needed <= capacity || needed > MAX_SIGNATURE) {
        ns.broken = true;
        throw new InvalidEncodingException(last ? "C_SignFinal output" : "C_Sign output", -1,
            "CKR_BUFFER_TOO_SMALL with a needed length of " + needed + " for a " + capacity
                + "-byte buffer");
      }
      capacity = needed;
      try (NativeArena a = new NativeArena(abi)) {
        long bigger = a.allocate(capacity);
        long length = a.ulongs(capacity);
        rv = last ? f.C_SignFinal(h, bigger, length)
            : f.C_Sign(h, data, dataLength, bigger, length);
        needed = a.getUlong(length);
        if (rv == CKR.CKR_OK) {
          if (needed > capacity) {
            throw new InvalidEncodingException("C_Sign output", -1, "module wrote " + needed
                + " bytes into a " + capacity + "-byte buffer");
          }
          return finish(a.read(bigger, (int) needed));
        }
      }
    }
    if (rv == CKR.CKR_BUFFER_TOO_SMALL) {
      ns.broken = true;
    }
    throw state.calls.error(last ? "C_SignFinal" : "C_Sign", rv);
  }

  /**
   * The signature the module wrote at the scratch output, in the API's form. A raw r‖s (what
   * {@code CKM_ECDSA} returns) is encoded from the session's own copy, so a signature
   * allocates only the DER it returns.
   */
  private byte[] fromScratch(NativeSession ns, int n) throws UKeyException {
    if (algorithm.keyType() != KeyType.RSA && way.output() == SignWay.Output.RAW
        && n <= ns.rawSignature.length) {
      checkRawLength(n);
      ns.scratch.get(NativeSession.OUT, ns.rawSignature, 0, n);
      return SignatureCodec.rawToDer(ns.rawSignature, 0, n, order);
    }
    byte[] out = new byte[n];
    ns.scratch.get(NativeSession.OUT, out);
    return finish(out);
  }

  /** The signature in the API's form: DER for (EC)DSA and SM2, checked. */
  private byte[] finish(byte[] out) throws UKeyException {
    if (algorithm.keyType() == KeyType.RSA) {
      if (out.length != expected) {
        throw new InvalidEncodingException("RSA signature from the token", -1,
            out.length + " bytes for a " + expected + "-byte modulus");
      }
      return out;
    }
    SignWay.Output form = way.output();
    if (form == SignWay.Output.AUTO) {
      form = out.length > 0 && out[0] == 0x30 && isDer(out) ? SignWay.Output.DER
          : SignWay.Output.RAW;
    }
    if (form == SignWay.Output.DER) {
      SignatureCodec.decodeDer(out, order);
      return out;
    }
    checkRawLength(out.length);
    return SignatureCodec.rawToDer(out, order);
  }

  /** A raw r‖s from the token is two field-sized halves. */
  private void checkRawLength(int n) throws InvalidEncodingException {
    if (n != 2 * field) {
      throw new InvalidEncodingException("r|s signature from the token", -1,
          "expected " + 2 * field + " bytes, found " + n);
    }
  }

  private boolean isDer(byte[] out) {
    try {
      SignatureCodec.decodeDer(out, order);
      return true;
    } catch (InvalidEncodingException e) {
      return false;
    }
  }

  private UnsupportedAlgorithmException tooLong(int length) {
    return new UnsupportedAlgorithmException(algorithm + " with " + mechanismName + " on "
        + state.name + " signs at most " + limit + " bytes in one part, and the message has "
        + length);
  }

  private static byte[] pssParameters(SignatureAlgorithm alg, CkAbi abi)
      throws UnsupportedAlgorithmException {
    long hash;
    long mgf;
    switch (alg.digest()) {
      case SHA256:
        hash = CKM.CKM_SHA256;
        mgf = CKG.CKG_MGF1_SHA256;
        break;
      case SHA384:
        hash = CKM.CKM_SHA384;
        mgf = CKG.CKG_MGF1_SHA384;
        break;
      case SHA512:
        hash = CKM.CKM_SHA512;
        mgf = CKG.CKG_MGF1_SHA512;
        break;
      default:
        throw new UnsupportedAlgorithmException("no PSS parameters for " + alg);
    }
    int size = CK_RSA_PKCS_PSS_PARAMS.layout(abi).size();
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
    CK_RSA_PKCS_PSS_PARAMS.write(b, 0, abi, hash, mgf, alg.pssSaltLength());
    return b.array();
  }

  private static byte[] hex(String s) {
    return java.util.HexFormat.of().parseHex(s);
  }

  @Override
  public String toString() {
    return "Pkcs11Signer[" + algorithm + ", " + key + "]";
  }
}

package org.ukey.sm2.engine;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.util.encoders.Hex;

/** Known-answer vectors for SM2 signatures, with the clause each comes from. */
public final class Sm2Vectors {
  private Sm2Vectors() {}

  public static final byte[] MESSAGE = "message digest".getBytes(StandardCharsets.US_ASCII);

  /** GM/T 0003.5-2012 / GB/T 32918.5-2017 Annex A: sm2p256v1, default ID 1234567812345678. */
  public static final class Sm2p256v1 {
    public static final byte[] ID = "1234567812345678".getBytes(StandardCharsets.US_ASCII);
    public static final BigInteger D = hex("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
    public static final BigInteger X = hex("09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020");
    public static final BigInteger Y = hex("CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13");
    public static final byte[] Z = Hex.decode("B2E14C5C79C6DF5B85F4FE7ED8DB7A262B9DA7E07CCB0EA9F4747B8CCDA8A4F3");
    public static final byte[] E = Hex.decode("F0B43E94BA45ACCAACE692ED534382EB17E6AB5A19CE7B31F4486FDFC0D28640");
    public static final BigInteger K = hex("59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21");
    public static final BigInteger R = hex("F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3");
    public static final BigInteger S = hex("B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA");
    /** SEQUENCE { r, s }, 72 bytes: both integers need a leading 0x00. */
    public static final byte[] DER = Hex.decode("3046022100F5A03B0648D2C4630EEAC513E1BB81A15944DA38"
        + "27D5B74143AC7EACEEE720B3022100B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C4"
        + "85BBC1AA");

    private Sm2p256v1() {}
  }

  /** GB/T 32918.2-2016 Annex A.2: the 256-bit test curve over Fp, ID ALICE123@YAHOO.COM. */
  public static final class TestCurve {
    public static final BigInteger P = hex("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3");
    public static final BigInteger A = hex("787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498");
    public static final BigInteger B = hex("63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A");
    public static final BigInteger GX = hex("421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D");
    public static final BigInteger GY = hex("0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2");
    public static final BigInteger N = hex("8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7");
    public static final byte[] ID = "ALICE123@YAHOO.COM".getBytes(StandardCharsets.US_ASCII);
    public static final BigInteger D = hex("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263");
    public static final BigInteger X = hex("0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A");
    public static final BigInteger Y = hex("7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857");
    public static final byte[] Z = Hex.decode("F4A38489E32B45B6F876E3AC2168CA392362DC8F23459C1D1146FC3DBFB7BC9A");
    public static final byte[] E = Hex.decode("B524F552CD82B8B028476E005C377FB19A87E6FC682D48BB5D42E3D9B9EFFE76");
    public static final BigInteger K = hex("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F");
    public static final BigInteger R = hex("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1");
    public static final BigInteger S = hex("6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7");

    public static ECDomainParameters domain() {
      ECCurve curve = new ECCurve.Fp(P, A, B, N, BigInteger.ONE);
      return new ECDomainParameters(curve, curve.createPoint(GX, GY), N, BigInteger.ONE);
    }

    private TestCurve() {}
  }

  public static BigInteger hex(String h) {
    return new BigInteger(h, 16);
  }
}

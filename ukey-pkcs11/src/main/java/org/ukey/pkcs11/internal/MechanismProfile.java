package org.ukey.pkcs11.internal;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.pkcs11.cryptoki.CKK;
import org.ukey.pkcs11.cryptoki.CKM;

/**
 * A token's vendor behaviour as data: the {@code CKK_}/{@code CKM_} values of our key types and
 * signature algorithms, how each signature is fed and what comes out, where public keys are, and
 * the vendor's names for its own codes. Parsed from a {@code .properties} resource or user file
 * by {@link ProfileParser}; the format is documented in the {@code standard} profile.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
final class MechanismProfile {
  private final String name;
  private final String description;
  private final List<String> matchManufacturer;
  private final List<String> matchModel;
  private final List<String> matchLibrary;
  private final Map<KeyType, KeyProfile> keys;
  private final Map<String, List<SignWay>> signing;
  private final Map<EncryptionAlgorithm, List<DecryptWay>> decryption;
  private final Map<Long, String> mechanismNames;
  private final Map<Long, String> keyTypeNames;
  private final Map<Long, String> returnCodeNames;
  private final int maxSinglePart;

  MechanismProfile(String name, String description, List<String> matchManufacturer,
      List<String> matchModel, List<String> matchLibrary, int maxSinglePart,
      Map<KeyType, KeyProfile> keys,
      Map<String, List<SignWay>> signing, Map<EncryptionAlgorithm, List<DecryptWay>> decryption,
      Map<Long, String> mechanismNames, Map<Long, String> keyTypeNames,
      Map<Long, String> returnCodeNames) {
    this.name = name;
    this.description = description;
    this.matchManufacturer = List.copyOf(matchManufacturer);
    this.matchModel = List.copyOf(matchModel);
    this.matchLibrary = List.copyOf(matchLibrary);
    this.maxSinglePart = maxSinglePart;
    this.keys = keys.isEmpty() ? Map.of() : new EnumMap<>(keys);
    this.signing = Map.copyOf(signing);
    this.decryption = decryption.isEmpty() ? Map.of() : new EnumMap<>(decryption);
    this.mechanismNames = Map.copyOf(mechanismNames);
    this.keyTypeNames = Map.copyOf(keyTypeNames);
    this.returnCodeNames = Map.copyOf(returnCodeNames);
  }

  String name() {
    return name;
  }

  String description() {
    return description;
  }

  /**
   * The longest input the token takes in one {@code C_Sign}/{@code C_SignUpdate} call when a way
   * does not say (xipki's {@code maxFrameSize}; TASS: 8192), 0 for no limit.
   */
  int maxSinglePart() {
    return maxSinglePart;
  }

  Optional<KeyProfile> key(KeyType type) {
    return Optional.ofNullable(keys.get(type));
  }

  Map<KeyType, KeyProfile> keys() {
    return keys;
  }

  /** The ways to make a signature, in order of preference; empty when none is known. */
  List<SignWay> ways(SignatureAlgorithm algorithm) {
    return signing.getOrDefault(algorithm.name(), List.of());
  }

  Map<String, List<SignWay>> signing() {
    return signing;
  }

  List<DecryptWay> ways(EncryptionAlgorithm algorithm) {
    return decryption.getOrDefault(algorithm, List.of());
  }

  Map<EncryptionAlgorithm, List<DecryptWay>> decryption() {
    return decryption;
  }

  /**
   * The key families stored with a {@code CKK_} value; for {@code CKK_EC} this can be both EC and
   * SM2 (told apart by the curve).
   */
  List<KeyType> keyTypesOf(long ckk) {
    return keys.entrySet().stream().filter(e -> e.getValue().keyType() == ckk)
        .map(Map.Entry::getKey).toList();
  }

  String mechanismName(long mechanism) {
    String n = mechanismNames.get(mechanism);
    if (n != null) {
      return n;
    }
    return CKM.name(mechanism).orElseGet(() -> hex(mechanism));
  }

  String keyTypeName(long keyType) {
    String n = keyTypeNames.get(keyType);
    return n != null ? n : CKK.name(keyType).orElseGet(() -> hex(keyType));
  }

  Map<Long, String> mechanismNames() {
    return mechanismNames;
  }

  Map<Long, String> keyTypeNames() {
    return keyTypeNames;
  }

  Map<Long, String> returnCodeNames() {
    return returnCodeNames;
  }

  /** The vendor's name of a vendor return code, or {@code null}. */
  String returnCodeName(long rv) {
    return returnCodeNames.get(rv);
  }

  List<String> matchManufacturer() {
    return matchManufacturer;
  }

  List<String> matchModel() {
    return matchModel;
  }

  List<String> matchLibrary() {
    return matchLibrary;
  }

  /**
   * Whether this profile is for a token: every {@code match.*} list given must have an entry
   * contained (ignoring case) in the corresponding text. A profile without any {@code match.*}
   * line never matches; it is used only when named.
   *
   * @param manufacturer the token's and the library's manufacturer IDs
   * @param model the token's model
   * @param library the library's description
   */
  boolean matches(List<String> manufacturer, String model, String library) {
    if (matchManufacturer.isEmpty() && matchModel.isEmpty() && matchLibrary.isEmpty()) {
      return false;
    }
    return (matchManufacturer.isEmpty() || manufacturer.stream().anyMatch(
            m -> containsAny(m, matchManufacturer)))
        && (matchModel.isEmpty() || containsAny(model, matchModel))
        && (matchLibrary.isEmpty() || containsAny(library, matchLibrary));
  }

  private static boolean containsAny(String text, List<String> needles) {
    String t = text.toLowerCase(Locale.ROOT);
    return needles.stream().anyMatch(n -> t.contains(n.toLowerCase(Locale.ROOT)));
  }

  private static String hex(long v) {
    return String.format(Locale.ROOT, "0x%08X", v);
  }

  @Override
  public String toString() {
    return "MechanismProfile[" + name + "]";
  }

  /** Collects the parts of a profile while parsing, starting from a parent's. */
  static final class Builder {
    String name;
    String description = "";
    List<String> matchManufacturer = List.of();
    List<String> matchModel = List.of();
    List<String> matchLibrary = List.of();
    int maxSinglePart;
    final Map<KeyType, KeyProfile> keys = new EnumMap<>(KeyType.class);
    final Map<String, List<SignWay>> signing = new HashMap<>();
    final Map<EncryptionAlgorithm, List<DecryptWay>> decryption =
        new EnumMap<>(EncryptionAlgorithm.class);
    final Map<Long, String> mechanismNames = new HashMap<>();
    final Map<Long, String> keyTypeNames = new HashMap<>();
    final Map<Long, String> returnCodeNames = new HashMap<>();

    Builder() {}

    Builder(MechanismProfile parent) {
      maxSinglePart = parent.maxSinglePart;
      keys.putAll(parent.keys);
      signing.putAll(parent.signing);
      decryption.putAll(parent.decryption);
      mechanismNames.putAll(parent.mechanismNames);
      keyTypeNames.putAll(parent.keyTypeNames);
      returnCodeNames.putAll(parent.returnCodeNames);
    }

    MechanismProfile build() {
      return new MechanismProfile(name, description, matchManufacturer, matchModel,
          matchLibrary, maxSinglePart, keys, signing, decryption, mechanismNames, keyTypeNames,
          returnCodeNames);
    }
  }
}

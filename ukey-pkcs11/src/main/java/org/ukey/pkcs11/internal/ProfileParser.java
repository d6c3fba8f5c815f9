package org.ukey.pkcs11.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.ukey.api.EncryptionAlgorithm;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.KeyType;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.pkcs11.cryptoki.CKK;
import org.ukey.pkcs11.cryptoki.CKM;

/**
 * Reads a mechanism profile file: {@code key = value} lines, {@code #} comment lines, UTF-8.
 * Strict: an unknown key, a repeated key, a malformed value or a way that does not fit its
 * algorithm is rejected with the file, line and reason. The format is documented in the built-in
 * {@code standard.properties}.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
final class ProfileParser {
  private static final long MAX_CK_ULONG32 = 0xFFFFFFFFL;
  private static final int MAX_LINES = 10_000;

  private ProfileParser() {}

  /**
   * Parses one profile.
   *
   * @param source the file or resource name, for messages
   * @param text the file's text
   * @param parents looks up a profile named in {@code extends}
   * @return the profile
   * @throws InvalidEncodingException if the file is malformed
   */
  static MechanismProfile parse(String source, String text,
      Function<String, Optional<MechanismProfile>> parents) throws InvalidEncodingException {
    Map<String, String> entries = new HashMap<>();
    Map<String, Integer> lineOf = new HashMap<>();
    String[] lines = text.split("\r?\n", -1);
    if (lines.length > MAX_LINES) {
      throw new InvalidEncodingException("mechanism profile " + source, -1,
          "more than " + MAX_LINES + " lines");
    }
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int eq = line.indexOf('=');
      if (eq <= 0) {
        throw error(source, i + 1, "expected 'key = value'");
      }
      String key = line.substring(0, eq).strip();
      String value = line.substring(eq + 1).strip();
      if (entries.putIfAbsent(key, value) != null) {
        throw error(source, i + 1, "'" + key + "' is given twice (first on line "
            + lineOf.get(key) + ")");
      }
      lineOf.put(key, i + 1);
    }
    return new Reading(source, entries, lineOf, parents).read();
  }

  private static InvalidEncodingException error(String source, int line, String problem) {
    return new InvalidEncodingException("mechanism profile " + source + " line " + line, -1,
        problem);
  }

  /** The state of reading one file. */
  private static final class Reading {
    private final String source;
    private final Map<String, String> entries;
    private final Map<String, Integer> lineOf;
    private final Function<String, Optional<MechanismProfile>> parents;
    private final Map<String, Long> names = new HashMap<>();
    private final Set<String> used = new HashSet<>();
    private MechanismProfile.Builder b;

    Reading(String source, Map<String, String> entries, Map<String, Integer> lineOf,
        Function<String, Optional<MechanismProfile>> parents) {
      this.source = source;
      this.entries = entries;
      this.lineOf = lineOf;
      this.parents = parents;
    }

    MechanismProfile read() throws InvalidEncodingException {
      String parentName = take("extends");
      if (parentName != null) {
        MechanismProfile parent = parents.apply(parentName).orElseThrow(() ->
            error(source, lineOf.get("extends"), "unknown profile '" + parentName + "'"));
        b = new MechanismProfile.Builder(parent);
        parent.mechanismNames().forEach((v, n) -> names.put(n, v));
        parent.keyTypeNames().forEach((v, n) -> names.put(n, v));
        parent.returnCodeNames().forEach((v, n) -> names.put(n, v));
      } else {
        b = new MechanismProfile.Builder();
      }
      b.name = take("name");
      if (b.name == null || !b.name.matches("[a-z0-9][a-z0-9._-]*")) {
        throw error(source, b.name == null ? 1 : lineOf.get("name"),
            "'name' must be given, in lower case letters, digits, '.', '_' or '-'");
      }
      String description = take("description");
      b.description = description == null ? "" : description;
      for (String key : entries.keySet()) {
        if (key.equals("source") || key.startsWith("source.")) {
          used.add(key);
        }
      }
      String m = take("match.manufacturer");
      if (m != null) {
        b.matchManufacturer = list(m);
      }
      m = take("match.model");
      if (m != null) {
        b.matchModel = list(m);
      }
      m = take("match.library");
      if (m != null) {
        b.matchLibrary = list(m);
      }
      String max = take("max-single-part");
      if (max != null) {
        b.maxSinglePart = (int) number("max-single-part", max, 1, Integer.MAX_VALUE);
      }
      readDefinitions();
      readKeys();
      readSigning();
      readDecryption();
      for (String key : entries.keySet()) {
        if (!used.contains(key)) {
          throw error(source, lineOf.get(key), "unknown key '" + key + "'");
        }
      }
      return b.build();
    }

    private void readDefinitions() throws InvalidEncodingException {
      for (String key : sorted("define.")) {
        String name = key.substring("define.".length());
        long value = number(key, take(key), 0, MAX_CK_ULONG32);
        if (name.startsWith("CKM_")) {
          b.mechanismNames.put(value, name);
        } else if (name.startsWith("CKK_")) {
          b.keyTypeNames.put(value, name);
        } else if (name.startsWith("CKR_")) {
          b.returnCodeNames.put(value, name);
        } else {
          throw error(source, lineOf.get(key), "defined names start with CKM_, CKK_ or CKR_");
        }
        names.put(name, value);
      }
    }

    private void readKeys() throws InvalidEncodingException {
      for (KeyType type : KeyType.values()) {
        String prefix = "key." + type.name() + ".";
        String t = take(prefix + "type");
        String g = take(prefix + "generate");
        String e = take(prefix + "ec-params");
        String p = take(prefix + "public-key");
        if (t == null && g == null && e == null && p == null) {
          continue;
        }
        KeyProfile old = b.keys.get(type);
        if (old == null && t == null) {
          throw error(source, lineOf.get(firstKey(prefix)), prefix + "type must be given");
        }
        long keyType = t != null ? code(prefix + "type", t) : old.keyType();
        long gen = g != null ? code(prefix + "generate", g)
            : old != null ? old.generateMechanism() : -1;
        boolean ecParams = e != null ? bool(prefix + "ec-params", e)
            : old != null ? old.ecParams() : type != KeyType.RSA;
        KeyProfile.PublicKeyForm form = p != null
            ? word(prefix + "public-key", p, KeyProfile.PublicKeyForm.values(),
                KeyProfile.PublicKeyForm::word)
            : old != null ? old.publicKeyForm() : KeyProfile.PublicKeyForm.EC_POINT;
        b.keys.put(type, new KeyProfile(keyType, gen, ecParams, form));
      }
      for (String key : entries.keySet()) {
        if (key.startsWith("key.") && !used.contains(key)) {
          throw error(source, lineOf.get(key), "unknown key '" + key
              + "' (key.<RSA|EC|SM2>.<type|generate|ec-params|public-key>)");
        }
      }
    }

    private void readSigning() throws InvalidEncodingException {
      for (String key : sorted("sign.")) {
        String algName = key.substring("sign.".length());
        SignatureAlgorithm alg = SignatureAlgorithm.values().stream()
            .filter(a -> a.name().equals(algName)).findFirst()
            .orElseThrow(() -> error(source, lineOf.get(key), "unknown signature algorithm '"
                + algName + "' (one of " + SignatureAlgorithm.values() + ")"));
        List<SignWay> ways = new ArrayList<>();
        for (String way : take(key).split(",")) {
          ways.add(signWay(key, alg, way.strip()));
        }
        b.signing.put(alg.name(), List.copyOf(ways));
      }
    }

    private SignWay signWay(String key, SignatureAlgorithm alg, String text)
        throws InvalidEncodingException {
      String[] w = text.split("\\s+");
      if (w.length < 2 || w[0].isEmpty()) {
        throw error(source, lineOf.get(key),
            "a way is '<mechanism> <input> [raw|der|auto] [pss] [single-part] [max=N]'");
      }
      long mechanism = code(key, w[0]);
      SignWay.Input input = word(key, w[1], SignWay.Input.values(), SignWay.Input::word);
      SignWay.Output output = SignWay.Output.NONE;
      boolean pss = false;
      boolean multiPart = true;
      int max = 0;
      for (int i = 2; i < w.length; i++) {
        String o = w[i];
        if (o.equals("pss")) {
          pss = true;
        } else if (o.equals("single-part")) {
          multiPart = false;
        } else if (o.startsWith("max=")) {
          max = (int) number(key, o.substring(4), 1, Integer.MAX_VALUE);
        } else {
          output = word(key, o, new SignWay.Output[] {SignWay.Output.RAW, SignWay.Output.DER,
              SignWay.Output.AUTO}, SignWay.Output::word);
        }
      }
      boolean dsa = alg.keyType() != KeyType.RSA;
      if (dsa && output == SignWay.Output.NONE) {
        throw error(source, lineOf.get(key), alg.name() + " ways must say raw, der or auto");
      }
      if (!dsa && output != SignWay.Output.NONE) {
        throw error(source, lineOf.get(key), "RSA signatures have no raw/der form");
      }
      if (input.sm2Only() && alg.keyType() != KeyType.SM2) {
        throw error(source, lineOf.get(key), "input '" + input.word() + "' is for SM2 only");
      }
      if (alg.keyType() == KeyType.SM2 && (input == SignWay.Input.DIGEST
          || input == SignWay.Input.MESSAGE || input == SignWay.Input.DIGEST_INFO)) {
        throw error(source, lineOf.get(key), "SM2 ways take e, message-z or message-id"
            + " (a token that hashes without Z does not make SM3withSM2 signatures)");
      }
      if (input == SignWay.Input.DIGEST_INFO && (alg.keyType() != KeyType.RSA || alg.isPss())) {
        throw error(source, lineOf.get(key), "digest-info is for RSA PKCS#1 v1.5 only");
      }
      if (pss != alg.isPss()) {
        throw error(source, lineOf.get(key), alg.isPss()
            ? "PSS ways must say pss (the mechanism takes CK_RSA_PKCS_PSS_PARAMS)"
            : "pss is for the PSS algorithms only");
      }
      return new SignWay(mechanism, input, output, pss, multiPart, max);
    }

    private void readDecryption() throws InvalidEncodingException {
      for (String key : sorted("decrypt.")) {
        String algName = key.substring("decrypt.".length());
        EncryptionAlgorithm alg = Arrays.stream(EncryptionAlgorithm.values())
            .filter(a -> a.name().equals(algName)).findFirst()
            .orElseThrow(() -> error(source, lineOf.get(key), "unknown encryption algorithm '"
                + algName + "'"));
        List<DecryptWay> ways = new ArrayList<>();
        for (String way : take(key).split(",")) {
          String[] w = way.strip().split("\\s+");
          long mechanism = code(key, w[0]);
          boolean oaep = false;
          DecryptWay.Layout layout = DecryptWay.Layout.NONE;
          for (int i = 1; i < w.length; i++) {
            if (w[i].equals("oaep-sha256")) {
              oaep = true;
            } else {
              layout = word(key, w[i], new DecryptWay.Layout[] {DecryptWay.Layout.C1C3C2,
                  DecryptWay.Layout.C1C2C3}, DecryptWay.Layout::word);
            }
          }
          boolean sm2 = alg.keyType() == KeyType.SM2;
          if (sm2 == (layout == DecryptWay.Layout.NONE)) {
            throw error(source, lineOf.get(key), sm2
                ? "SM2 decryption ways must give the token's layout, c1c3c2 or c1c2c3"
                : "a ciphertext layout is for SM2 only");
          }
          if (oaep != (alg == EncryptionAlgorithm.RSA_OAEP_SHA256)) {
            throw error(source, lineOf.get(key), "oaep-sha256 goes with RSA_OAEP_SHA256 only,"
                + " and RSA_OAEP_SHA256 needs it");
          }
          ways.add(new DecryptWay(mechanism, oaep, layout));
        }
        b.decryption.put(alg, List.copyOf(ways));
      }
    }

    private String take(String key) {
      used.add(key);
      return entries.get(key);
    }

    private List<String> sorted(String prefix) {
      return entries.keySet().stream().filter(k -> k.startsWith(prefix))
          .sorted((x, y) -> Integer.compare(lineOf.get(x), lineOf.get(y))).toList();
    }

    private String firstKey(String prefix) {
      return sorted(prefix).get(0);
    }

    private List<String> list(String value) {
      return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
          .toList();
    }

    private boolean bool(String key, String value) throws InvalidEncodingException {
      if (value.equals("true")) {
        return true;
      }
      if (value.equals("false")) {
        return false;
      }
      throw error(source, lineOf.get(key), "expected true or false, found '" + value + "'");
    }

    private long code(String key, String value) throws InvalidEncodingException {
      Long named = names.get(value);
      if (named == null && value.startsWith("CKM_")) {
        named = CKM.value(value).orElse(null);
      }
      if (named == null && value.startsWith("CKK_")) {
        named = CKK.value(value).orElse(null);
      }
      if (named != null) {
        return named;
      }
      if (value.startsWith("CK")) {
        throw error(source, lineOf.get(key), "unknown name '" + value
            + "' (define it with define." + value + " = 0x...)");
      }
      return number(key, value, 0, MAX_CK_ULONG32);
    }

    private long number(String key, String value, long min, long max)
        throws InvalidEncodingException {
      try {
        long v = value.startsWith("0x") || value.startsWith("0X")
            ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
        if (v < min || v > max) {
          throw error(source, lineOf.get(key), value + " is out of range [" + min + ", "
              + max + "]");
        }
        return v;
      } catch (NumberFormatException e) {
        throw error(source, lineOf.get(key), "expected a number, found '" + value + "'");
      }
    }

    private <T> T word(String key, String value, T[] options,
        Function<T, String> wordOf) throws InvalidEncodingException {
      for (T o : options) {
        if (wordOf.apply(o).equals(value.toLowerCase(Locale.ROOT))) {
          return o;
        }
      }
      throw error(source, lineOf.get(key), "unexpected '" + value + "' (one of "
          + Arrays.stream(options).map(wordOf).toList() + ")");
    }
  }
}

package org.ukey.pkcs11.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;

/**
 * The mechanism profiles a provider can use: the built-in ones (resources under
 * {@code org/ukey/pkcs11/profiles/}) and the user's files. Picks one for a token by name or by
 * its manufacturer ID; the user's files are tried first, {@code standard} is the fallback.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
final class ProfileCatalog {
  /** Built-in profiles, parents before children. */
  static final List<String> BUILT_IN =
      List.of("standard", "sansec", "tass", "luna", "westone", "ibm-ep11");
  static final String STANDARD = "standard";
  private static final long MAX_FILE = 1 << 20;

  private final Map<String, MechanismProfile> builtIn;
  private final Map<String, MechanismProfile> user;

  private ProfileCatalog(Map<String, MechanismProfile> builtIn,
      Map<String, MechanismProfile> user) {
    this.builtIn = builtIn;
    this.user = user;
  }

  /**
   * Loads the built-in profiles and the user's files.
   *
   * @param files the user's profile files, in order
   * @return the catalog
   * @throws UKeyException if a file cannot be read or is malformed
   */
  static ProfileCatalog load(List<Path> files) throws UKeyException {
    Map<String, MechanismProfile> builtIn = new LinkedHashMap<>();
    for (String name : BUILT_IN) {
      String resource = "/org/ukey/pkcs11/profiles/" + name + ".properties";
      try (InputStream in = ProfileCatalog.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("built-in profile missing: " + resource);
        }
        MechanismProfile p = ProfileParser.parse(name + ".properties",
            new String(in.readAllBytes(), StandardCharsets.UTF_8),
            n -> Optional.ofNullable(builtIn.get(n)));
        builtIn.put(p.name(), p);
      } catch (IOException e) {
        throw new IllegalStateException("reading built-in profile " + resource, e);
      }
    }
    Map<String, MechanismProfile> user = new LinkedHashMap<>();
    for (Path file : files) {
      MechanismProfile p = parseFile(file, n -> Optional.ofNullable(
          user.containsKey(n) ? user.get(n) : builtIn.get(n)));
      user.put(p.name(), p);
    }
    return new ProfileCatalog(Map.copyOf(builtIn), user);
  }

  private static MechanismProfile parseFile(Path file,
      java.util.function.Function<String, Optional<MechanismProfile>> parents)
      throws UKeyException {
    try {
      if (Files.size(file) > MAX_FILE) {
        throw new InvalidEncodingException("mechanism profile " + file, -1,
            "larger than " + MAX_FILE + " bytes");
      }
      return ProfileParser.parse(file.toString(), Files.readString(file), parents);
    } catch (IOException e) {
      throw new UKeyException("cannot read mechanism profile " + file, e);
    }
  }

  /**
   * A profile by name, or by the path of a profile file (read now).
   *
   * @param nameOrFile the name or path
   * @return the profile
   * @throws UKeyException if there is no such profile and no such file, or the file is bad
   */
  MechanismProfile named(String nameOrFile) throws UKeyException {
    MechanismProfile p = user.get(nameOrFile);
    if (p == null) {
      p = builtIn.get(nameOrFile);
    }
    if (p != null) {
      return p;
    }
    Path file = Path.of(nameOrFile);
    if (Files.isRegularFile(file)) {
      return parseFile(file, n -> Optional.ofNullable(
          user.containsKey(n) ? user.get(n) : builtIn.get(n)));
    }
    throw new UKeyException("unknown mechanism profile '" + nameOrFile + "' (built in: "
        + BUILT_IN + (user.isEmpty() ? "" : ", from files: " + user.keySet()) + ")");
  }

  /**
   * The profile for a token: the first user profile, then built-in profile, whose
   * {@code match.*} lines fit; else {@code standard}.
   *
   * @param manufacturers the token's and the library's manufacturer IDs
   * @param model the token model
   * @param library the library description
   * @return the profile
   */
  MechanismProfile select(List<String> manufacturers, String model, String library) {
    List<MechanismProfile> candidates = new ArrayList<>(user.values());
    for (String name : BUILT_IN) {
      candidates.add(builtIn.get(name));
    }
    for (MechanismProfile p : candidates) {
      if (p.matches(manufacturers, model, library)) {
        return p;
      }
    }
    return builtIn.get(STANDARD);
  }

  /** Every profile, user files first. */
  List<MechanismProfile> all() {
    List<MechanismProfile> out = new ArrayList<>(user.values());
    for (String name : BUILT_IN) {
      out.add(builtIn.get(name));
    }
    return out;
  }
}

package org.ukey.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ukey.api.Pin;
import org.ukey.api.Session;
import org.ukey.api.Token;
import org.ukey.api.TokenNotPresentException;
import org.ukey.api.TokenProvider;
import org.ukey.api.UKeyException;
import org.ukey.policy.Operation;
import org.ukey.pkcs11.Pkcs11;
import org.ukey.pkcs11.Pkcs11Options;
import org.ukey.pkcs11.Pkcs11Provider;
import org.ukey.sm2.soft.SoftTokenProvider;
import org.ukey.sm2.soft.SoftTokens;

/**
 * The one place that turns the global options into a {@link TokenProvider}, a {@link Token} and
 * a logged-in {@link Session}: the soft token in a directory by default, a PKCS#11 library with
 * {@code --pkcs11 LIB}.
 *
 * <p>Store directory: {@code --store DIR}, else {@code $UKEY_STORE}, else {@code ~/.ukey/soft}.
 * Token: the one given by {@code --token LABEL} (or {@code --slot N} for PKCS#11), else the only
 * one there is, else an error that lists the labels.
 *
 * <p><b>Thread-safety:</b> not thread-safe; one per run.
 */
final class ProviderChoice {
  /** The environment variable that names the soft token store when {@code --store} is absent. */
  static final String STORE_VARIABLE = "UKEY_STORE";

  private final UkeyCommand ukey;

  ProviderChoice(UkeyCommand ukey) {
    this.ukey = ukey;
  }

  /**
   * The soft token store this run uses.
   *
   * @return the directory (it may not exist yet)
   */
  Path storeDirectory() {
    if (ukey.store != null) {
      return ukey.store;
    }
    String fromEnv = ukey.environment().env().get(STORE_VARIABLE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return ukey.environment().home().resolve(".ukey").resolve("soft");
  }

  /**
   * Opens the provider the options choose. The store must exist: reading verbs never create it.
   *
   * @return the provider; the caller closes it
   * @throws CliException if the options contradict each other or the store does not exist
   * @throws UKeyException if the provider cannot be opened
   */
  TokenProvider open() throws CliException, UKeyException {
    checkOptions();
    if (ukey.pkcs11 != null) {
      return openPkcs11(ukey.pkcs11);
    }
    Path dir = storeDirectory();
    if (!Files.isDirectory(dir)) {
      throw new CliException("no soft token store at " + dir
          + ": create a token with `ukey token init --label LABEL`");
    }
    return SoftTokens.open(dir);
  }

  /**
   * Opens the soft token store for creating a token in it, creating the directory if needed.
   *
   * @return the store; the caller closes it
   * @throws CliException if {@code --pkcs11} is given (PKCS#11 tokens are initialised by their
   *     vendors' tools)
   * @throws UKeyException if the store cannot be opened
   */
  SoftTokenProvider openSoftStore() throws CliException, UKeyException {
    checkOptions();
    if (ukey.pkcs11 != null) {
      throw new CliException("token init creates soft tokens only; initialise a PKCS#11 token"
          + " with its vendor's tool (SoftHSM: softhsm2-util --init-token)");
    }
    return SoftTokens.open(storeDirectory());
  }

  /**
   * The token the options choose among those present.
   *
   * @param provider the open provider
   * @return the token
   * @throws CliException if there is none, or several and none was chosen
   * @throws UKeyException if the provider fails, or no token has the chosen label
   */
  Token token(TokenProvider provider) throws CliException, UKeyException {
    if (ukey.slot != null && provider instanceof Pkcs11Provider) {
      return ((Pkcs11Provider) provider).slot(ukey.slot);
    }
    List<Token> tokens = provider.tokens();
    if (ukey.token != null) {
      for (Token t : tokens) {
        if (t.info().label().equals(ukey.token)) {
          return t;
        }
      }
      throw new TokenNotPresentException("no token labelled '" + ukey.token + "' in "
          + provider.description() + describeLabels(tokens));
    }
    if (tokens.isEmpty()) {
      throw new CliException("no token in " + provider.description()
          + ": create one with `ukey token init --label LABEL`");
    }
    if (tokens.size() > 1) {
      throw new CliException(tokens.size() + " tokens in " + provider.description()
          + ": choose one with --token LABEL" + describeLabels(tokens));
    }
    return tokens.get(0);
  }

  /**
   * Logs in to a token with the user PIN from {@code --pin-env}, {@code --pin-file} or a prompt.
   * The PIN is wiped before this returns.
   *
   * @param token the token
   * @return the session; the caller closes it
   * @throws CliException if no PIN can be read
   * @throws UKeyException if the login fails (wrong PIN, locked, must change)
   */
  Session login(Token token) throws CliException, UKeyException {
    String label = token.info().label();
    try (Pin pin = ukey.userPin().read(ukey.environment(), "User PIN for '" + label + "': ")) {
      return token.login(pin);
    } catch (UKeyException e) {
      ukey.policy().recordFailure(Operation.LOGIN, token, null, e); // seed 000 §19
      throw e;
    }
  }

  private void checkOptions() throws CliException {
    ukey.userPin(); // refuses --pin-env with --pin-file before anything is opened
    if (ukey.slot != null && ukey.token != null) {
      throw new CliException("--slot and --token both choose the token; use one");
    }
    if (ukey.pkcs11 == null && ukey.slot != null) {
      throw new CliException("--slot chooses a PKCS#11 slot and needs --pkcs11 LIB;"
          + " soft tokens are chosen with --token LABEL");
    }
    if (ukey.pkcs11 == null && ukey.profile != null) {
      throw new CliException("--profile chooses a PKCS#11 vendor profile and needs --pkcs11 LIB");
    }
  }

  /**
   * Opens the PKCS#11 library of {@code --pkcs11}, with the vendor profile of {@code --profile}
   * (a built-in name or a profile file) when given.
   *
   * @return the provider; the caller closes it
   * @throws CliException if {@code --pkcs11} is not given or the options contradict each other
   * @throws UKeyException if the library cannot be loaded or initialized
   */
  Pkcs11Provider openPkcs11(String verb) throws CliException, UKeyException {
    checkOptions();
    if (ukey.pkcs11 == null) {
      throw new CliException(verb + " works on a PKCS#11 library: give --pkcs11 LIB");
    }
    return openPkcs11(ukey.pkcs11);
  }

  private Pkcs11Provider openPkcs11(Path library) throws UKeyException {
    Pkcs11Options.Builder options = Pkcs11Options.builder();
    if (ukey.profile != null) {
      options.profile(ukey.profile);
    }
    return Pkcs11.load(library, options.build());
  }

  private static String describeLabels(List<Token> tokens) throws UKeyException {
    if (tokens.isEmpty()) {
      return "";
    }
    List<String> labels = new ArrayList<>();
    for (Token t : tokens) {
      labels.add("'" + t.info().label() + "'");
    }
    return " (labels: " + String.join(", ", labels) + ")";
  }
}

package org.ukey.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code ukey} command: the global options of the CLI contract, and the list of verbs.
 *
 * <p>A new verb is one class and one entry in {@code subcommands} below. The global options are
 * inherited, so they may be given before or after the verb ({@code ukey --json tokens} and
 * {@code ukey tokens --json} are the same); their values always land in this object.
 *
 * <p><b>Thread-safety:</b> one instance per run, on one thread.
 */
@Command(name = "ukey",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = UkeyCommand.Version.class,
    usageHelpAutoWidth = true,
    sortOptions = false,
    description = "UKey (智能密码钥匙) and e-seal tool: tokens, keys, sign and verify.%n"
        + "Exit codes: 0 success or valid, 1 checked and invalid, 2 usage or operational error.",
    subcommands = {
        TokenCommand.class,
        TokensCommand.class,
        KeysCommand.class,
        KeygenCommand.class,
        SignCommand.class,
        VerifyCommand.class,
        PinCommand.class,
        ImportCommand.class,
        CertCommand.class,
        CsrCommand.class,
        EncryptCommand.class,
        DecryptCommand.class,
        CmsCommand.class,
        SealCommand.class,
        OfdCommand.class,
        LedgerCommand.class,
        AuditCommand.class,
        MechanismsCommand.class,
        WatchCommand.class,
        DemoCommand.class,
    })
final class UkeyCommand implements Callable<Integer> {
  private final Environment environment;

  @Spec
  CommandSpec spec;

  @Option(names = "--store", paramLabel = "DIR", scope = ScopeType.INHERIT,
      description = "Soft token store (default: $UKEY_STORE, else ~/.ukey/soft).")
  Path store;

  @Option(names = "--pkcs11", paramLabel = "LIB", scope = ScopeType.INHERIT,
      description = "Use a PKCS#11 library instead of the soft token.")
  Path pkcs11;

  @Option(names = "--slot", paramLabel = "N", scope = ScopeType.INHERIT,
      description = "PKCS#11 slot id (with --pkcs11).")
  Long slot;

  @Option(names = "--token", paramLabel = "LABEL", scope = ScopeType.INHERIT,
      description = "Token label, when there is more than one.")
  String token;

  @Option(names = "--profile", paramLabel = "NAME", scope = ScopeType.INHERIT,
      description = "PKCS#11 vendor profile (with --pkcs11).")
  String profile;

  @Option(names = "--pin-env", paramLabel = "VAR", scope = ScopeType.INHERIT,
      description = "Read the user PIN from environment variable VAR.")
  String pinEnv;

  @Option(names = "--pin-file", paramLabel = "FILE", scope = ScopeType.INHERIT,
      description = "Read the user PIN from the first line of FILE.")
  Path pinFile;

  /**
   * A PIN typed as an argument. Taken only to be refused without being echoed: picocli would
   * quote an unknown option and its value in the error, printing the PIN.
   */
  @Option(names = {"--pin", "--so-pin", "--new-pin", "--user-pin"}, hidden = true,
      scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "")
  String pinArgument;

  @Option(names = "--no-audit", scope = ScopeType.INHERIT,
      description = "Do not record key use in the store's audit trail (<store>/audit/).")
  boolean noAudit;

  @Option(names = "--person", paramLabel = "PERSON", scope = ScopeType.INHERIT,
      description = "Who is acting, for the audit trail and the ledger (default: $UKEY_PERSON,"
          + " else the login name).")
  String person;

  @Option(names = "--json", scope = ScopeType.INHERIT,
      description = "Print one JSON document on stdout instead of text.")
  boolean json;

  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  boolean verbose;

  /**
   * Creates the command for one run.
   *
   * @param environment streams, environment variables and terminal
   */
  UkeyCommand(Environment environment) {
    this.environment = environment;
  }

  /**
   * The world the command runs in.
   *
   * @return the environment
   */
  Environment environment() {
    return environment;
  }

  /**
   * Which provider and token the global options select.
   *
   * @return the choice
   */
  ProviderChoice providers() {
    return new ProviderChoice(this);
  }

  /**
   * The audit trail and ledger of this run's store, opened on first use.
   *
   * @return the policy store access
   */
  CliPolicy policy() {
    if (policy == null) {
      policy = new CliPolicy(this);
    }
    return policy;
  }

  private CliPolicy policy;

  /** Closes what the run opened (the policy store). */
  void closeResources() {
    if (policy != null) {
      policy.close();
    }
  }

  /**
   * Refuses a PIN given as an argument, without repeating it.
   *
   * @throws CliException if {@code --pin} or one of its kin was given
   */
  void refusePinArgument() throws CliException {
    if (pinArgument != null) {
      throw new CliException("PINs are not taken as arguments (other users can read them in"
          + " the process list): use --pin-env VAR, --pin-file FILE or the prompt (likewise"
          + " --so-pin-env, --new-pin-env)");
    }
  }

  /**
   * Where the user PIN comes from: {@code --pin-env}, {@code --pin-file} or a prompt.
   *
   * @return the source
   * @throws CliException if both options are given
   */
  PinSource userPin() throws CliException {
    return PinSource.of("user PIN", "--pin-env", pinEnv, "--pin-file", pinFile);
  }

  /**
   * Prints a verb's result: the JSON document with {@code --json}, else the text.
   *
   * @param document the result as JSON
   * @param text the result for people; may span lines
   */
  void print(Json document, String text) {
    environment.out().println(json ? document.toString() : text);
    environment.out().flush();
  }

  /** Without a verb: the usage, and exit code 2. */
  @Override
  public Integer call() {
    spec.commandLine().usage(environment.err());
    return 2;
  }

  /** The version from the jar manifest (Implementation-Version). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = UkeyCommand.class.getPackage().getImplementationVersion();
      return new String[] {"ukey " + (v == null ? "(development build)" : v)};
    }
  }
}

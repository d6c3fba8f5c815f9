package org.ukey.cli;

import java.nio.file.Path;
import java.time.Clock;
import org.ukey.api.UKeyException;
import org.ukey.seal.FileSealRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey seal registry ...}: the seal filing registry (备案) of seed 002 §5–6, §12 — file,
 * change, revoke, list, the registry book, and signed filing packages exchanged between parties.
 */
@Command(name = "registry", description = "The seal filing registry (备案, seed 002).",
    subcommands = {SealRegistryCommand.File.class, SealRegistryCommand.Change.class,
        SealRegistryCommand.Revoke.class, SealRegistryCommand.ListSeals.class,
        SealRegistryCommand.Book.class, SealRegistryCommand.Export.class,
        SealRegistryCommand.Import.class})
final class SealRegistryCommand extends VerbGroup {

  /** The registry directory option every registry verb takes. */
  abstract static class RegistryVerb extends VerbCommand {
    @Option(names = "--registry", paramLabel = "DIR",
        description = "Registry directory (default: <store>/seal-registry).")
    Path registry;

    FileSealRegistry open(UkeyCommand ukey) throws UKeyException {
      Path dir = registry != null ? registry
          : ukey.providers().storeDirectory().resolve("seal-registry");
      return FileSealRegistry.open(dir, Clock.systemUTC());
    }
  }

  /** {@code ukey seal registry file}. */
  @Command(name = "file", description = "File a seal for a party (备案).")
  static final class File extends RegistryVerb {
    @Option(names = "--seal", required = true, paramLabel = "SEAL", description = "Seal file.")
    Path seal;

    @picocli.CommandLine.Mixin
    PartyOptions party = new PartyOptions();

    @picocli.CommandLine.Mixin
    FilingOptions details = new FilingOptions();

    @Override
    int run(UkeyCommand ukey) throws Exception {
      var filed = open(ukey).file(SealFiles.seal(seal), party.party(), details.details());
      ukey.print(SealViews.filed(filed), "Filed seal " + filed.esId() + " for "
          + filed.party().name() + ", effective " + filed.effectiveDate() + ".");
      return Failures.OK;
    }
  }

  /** {@code ukey seal registry change}. */
  @Command(name = "change", description = "File a changed seal in place of the filed one.")
  static final class Change extends RegistryVerb {
    @Option(names = "--seal", required = true, paramLabel = "SEAL",
        description = "The changed seal (same esID).")
    Path seal;

    @picocli.CommandLine.Mixin
    FilingOptions details = new FilingOptions();

    @Override
    int run(UkeyCommand ukey) throws Exception {
      var filed = open(ukey).change(SealFiles.seal(seal), details.details());
      ukey.print(SealViews.filed(filed), "Filed the change of seal " + filed.esId() + ".");
      return Failures.OK;
    }
  }

  /** {@code ukey seal registry revoke}. */
  @Command(name = "revoke", description = "Revoke a filed seal (注销).")
  static final class Revoke extends RegistryVerb {
    @Option(names = "--esid", required = true, paramLabel = "ID", description = "Seal id.")
    String esId;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why.")
    String reason;

    @Override
    int run(UkeyCommand ukey) throws Exception {
      var filed = open(ukey).revoke(esId, reason);
      ukey.print(SealViews.filed(filed), "Revoked seal " + esId + ": " + reason);
      return Failures.OK;
    }
  }

  /** {@code ukey seal registry list}. */
  @Command(name = "list", description = "List the filed seals.")
  static final class ListSeals extends RegistryVerb {
    @Override
    int run(UkeyCommand ukey) throws Exception {
      var all = open(ukey).list();
      java.util.List<Json> rows = new java.util.ArrayList<>();
      TextTable table = new TextTable("ESID", "PARTY", "STATE", "EFFECTIVE", "FILED");
      for (var f : all) {
        rows.add(SealViews.filed(f));
        table.row(f.esId(), f.party().name(), f.state().name(), f.effectiveDate().toString(),
            f.filingDate().toString());
      }
      ukey.print(Json.object().put("seals", rows),
          all.isEmpty() ? "No seals filed." : table.toString().stripTrailing());
      return Failures.OK;
    }
  }

  /** {@code ukey seal registry book}: the registry book of seed 002's annex, as CSV. */
  @Command(name = "book", description = "Print or write the registry book (登记本) as CSV.")
  static final class Book extends RegistryVerb {
    @Option(names = "--out", paramLabel = "F", description = "Write the CSV here.")
    Path out;

    @Override
    int run(UkeyCommand ukey) throws Exception {
      String csv = open(ukey).registryBook();
      if (out != null) {
        AtomicFiles.write(out, csv.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        ukey.print(Json.object().put("out", out.toString()), "Registry book written to " + out);
      } else {
        ukey.print(Json.object().put("csv", csv), csv.stripTrailing());
      }
      return Failures.OK;
    }
  }

  /** {@code ukey seal registry export}: a filing package signed by the filing party. */
  @Command(name = "export", description = "Export filed seals as a signed filing package.")
  static final class Export extends RegistryVerb {
    @Option(names = "--esid", required = true, paramLabel = "ID",
        description = "Seal to include; repeat for several (one party's).")
    java.util.List<String> esIds;

    @Option(names = "--key", required = true, paramLabel = "L",
        description = "The filing party's key on the token (with its certificate).")
    String key;

    @Option(names = "--out", required = true, paramLabel = "PKG", description = "Package file.")
    Path out;

    @Override
    int run(UkeyCommand ukey) throws Exception {
      FileSealRegistry r = open(ukey);
      ProviderChoice choice = ukey.providers();
      try (var provider = choice.open()) {
        var token = choice.token(provider);
        try (var session = choice.login(token)) {
          var tokenKey = SealFiles.keyWithCertificate(session, key);
          org.ukey.seal.FilingPackage pkg;
          try {
            pkg = r.exportPackage(esIds, SealFiles.signerWithCertificate(session, tokenKey));
          } catch (UKeyException e) {
            ukey.policy().recordFailure(org.ukey.policy.Operation.SIGN, token, tokenKey, e);
            throw e;
          }
          ukey.policy().record(org.ukey.policy.Operation.SIGN, token, tokenKey,
              org.ukey.sm2.Sm3.digest(pkg.encoded()), org.ukey.policy.AuditOutcome.SUCCEEDED,
              "ukey seal registry export " + String.join(",", esIds) + " (filing package)");
          write(ukey, pkg);
          return Failures.OK;
        }
      }
    }

    private void write(UkeyCommand ukey, org.ukey.seal.FilingPackage pkg) throws Exception {
      AtomicFiles.write(out, pkg.encoded());
      ukey.print(Json.object().put("party", pkg.party().name()).put("seals", esIds)
              .put("out", out.toString()),
          "Exported " + esIds.size() + " seal(s) of " + pkg.party().name()
              + " as a signed filing package -> " + out);
    }
  }

  /** {@code ukey seal registry import}: files another party's verified package. */
  @Command(name = "import", description = "Verify and file another party's filing package.")
  static final class Import extends RegistryVerb {
    @Option(names = "--in", required = true, paramLabel = "PKG", description = "Package file.")
    Path in;

    @Option(names = "--trust", required = true, paramLabel = "CERT",
        description = "The filing party's certificate or its CA; repeatable.")
    java.util.List<Path> trust;

    @Override
    int run(UkeyCommand ukey) throws Exception {
      java.util.List<java.security.cert.X509Certificate> anchors = new java.util.ArrayList<>();
      for (Path p : trust) {
        anchors.add(KeyFiles.certificate(p));
      }
      var filed = open(ukey).importPackage(
          SmallFiles.read(in, SealFiles.MAX_SEAL_FILE * 4, "filing package"), anchors);
      java.util.List<Json> rows = new java.util.ArrayList<>();
      for (var f : filed) {
        rows.add(SealViews.filed(f));
      }
      ukey.print(Json.object().put("filed", rows), "Verified and filed " + filed.size()
          + " seal(s) from " + in + ".");
      return Failures.OK;
    }
  }
}

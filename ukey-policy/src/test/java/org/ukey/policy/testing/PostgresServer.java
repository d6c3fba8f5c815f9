package org.ukey.policy.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL server for the tests: initdb into a temporary directory, pg_ctl start
 * on a free loopback port, stopped and deleted when the test run ends. Needs Debian's
 * {@code postgresql} package (initdb and pg_ctl under /usr/lib/postgresql/N/bin); as root, the
 * server runs as the {@code postgres} user the package creates.
 */
public final class PostgresServer implements ExtensionContext.Store.CloseableResource {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private final Path dir;
  private final Path bin;
  private final int port;
  private final boolean asPostgres;

  private PostgresServer(Path dir, Path bin, int port, boolean asPostgres) {
    this.dir = dir;
    this.bin = bin;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** The server shared by every test of this run, started on first use. */
  public static PostgresServer shared(ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
        .computeIfAbsent(PostgresServer.class, k -> start(), PostgresServer.class);
  }

  static PostgresServer start() {
    try {
      Path bin = findBin();
      boolean root = "root".equals(System.getProperty("user.name"));
      Path dir = Files.createTempDirectory("ukey-pg");
      if (root) {
        run(List.of("chown", "postgres:postgres", dir.toString()), false);
      }
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      PostgresServer pg = new PostgresServer(dir, bin, port, root);
      pg.exec(List.of(bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
          "-A", "trust", "-U", "ukey", "-E", "UTF8", "--no-sync"));
      pg.exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
          "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
          "-l", dir.resolve("server.log").toString(), "-w", "-t", "60", "start"));
      return pg;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start PostgreSQL for the tests", e);
    }
  }

  private static Path findBin() throws IOException {
    Path base = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(base)) {
      try (Stream<Path> versions = Files.list(base)) {
        Path best = versions.filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
            .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                .replaceAll("\\D", "0")))).orElse(null);
        if (best != null) {
          return best.resolve("bin");
        }
      }
    }
    throw new IllegalStateException("PostgreSQL server binaries not found under "
        + base + ": install them with 'apt-get install -y postgresql'");
  }

  private void exec(List<String> command) throws IOException {
    List<String> c = new ArrayList<>();
    if (asPostgres) {
      c.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    c.addAll(command);
    run(c, true);
  }

  private static void run(List<String> command, boolean check) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException(command.get(0) + " did not finish");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (check && p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
          + out);
    }
  }

  /** A new, empty database; its JDBC URL. */
  public String newDatabase() {
    String name = "t" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(url("postgres"));
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=ukey";
  }

  @Override
  public void close() throws IOException {
    try {
      exec(List.of(bin.resolve("pg_ctl").toString(), "-D", dir.resolve("data").toString(),
          "-m", "immediate", "-w", "stop"));
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

package org.ukey.policy.store;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.ukey.api.UKeyException;
import org.ukey.policy.AuditCheckpoint;
import org.ukey.policy.AuditEntry;
import org.ukey.policy.AuditEvent;
import org.ukey.policy.LedgerConflictException;
import org.ukey.policy.LedgerEvent;
import org.ukey.policy.PolicyStore;
import org.ukey.policy.PolicyStoreException;

/**
 * The ledger and audit trail in PostgreSQL, so that many application nodes share one record.
 *
 * <p>Tables (created if missing, under a transaction-scoped advisory lock so that nodes starting
 * together do not race): {@code ukey_ledger_event(seq PK, body)}, {@code ukey_audit_entry(pos PK,
 * body)}, {@code ukey_audit_head(id PK, seq, body)} (one row: the last entry),
 * {@code ukey_audit_checkpoint(pos PK, body)}, {@code ukey_pin_history(subject PK, body)}. Bodies
 * are the canonical encodings of {@link LedgerEvent}, {@link AuditEntry} and
 * {@link AuditCheckpoint}, so the database holds exactly what the file store holds.
 *
 * <p>An audit append locks the head row ({@code SELECT … FOR UPDATE}), chains the new entry to it,
 * inserts it and moves the head, in one transaction: appends from any number of nodes form one
 * unbroken chain. A ledger append inserts at the next position; the primary key refuses a
 * position another node took first ({@link LedgerConflictException}). Every write commits before
 * the method returns.
 *
 * <p>The JDBC driver is the host's: pass a pooled {@link DataSource}, or a JDBC URL for which a
 * driver is on the class or module path ({@code org.postgresql:postgresql}).
 *
 * <p><b>Thread-safety:</b> thread-safe.
 */
public final class JdbcPolicyStore implements PolicyStore {
  private static final String UNIQUE_VIOLATION = "23505";
  private static final long SCHEMA_LOCK = 0x554b45595f504f4cL; // "UKEY_POL"
  private static final String[] SCHEMA = {
      "CREATE TABLE IF NOT EXISTS ukey_ledger_event (seq BIGINT PRIMARY KEY, body BYTEA NOT NULL)",
      "CREATE TABLE IF NOT EXISTS ukey_audit_entry (pos BIGINT PRIMARY KEY, body BYTEA NOT NULL)",
      "CREATE TABLE IF NOT EXISTS ukey_audit_head (id INT PRIMARY KEY, seq BIGINT NOT NULL,"
          + " body BYTEA)",
      "INSERT INTO ukey_audit_head (id, seq, body) VALUES (1, 0, NULL) ON CONFLICT DO NOTHING",
      "CREATE TABLE IF NOT EXISTS ukey_audit_checkpoint (pos BIGSERIAL PRIMARY KEY,"
          + " body BYTEA NOT NULL)",
      "CREATE TABLE IF NOT EXISTS ukey_pin_history (subject TEXT PRIMARY KEY,"
          + " body BYTEA NOT NULL)"};

  private final DataSource dataSource;

  private JdbcPolicyStore(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * A store over a host's data source (usually a connection pool), creating the tables if
   * missing.
   *
   * @param dataSource the data source; connections are borrowed per operation and closed
   * @return the store
   * @throws PolicyStoreException if the database cannot be reached or the tables made
   */
  public static JdbcPolicyStore create(DataSource dataSource) throws PolicyStoreException {
    JdbcPolicyStore store = new JdbcPolicyStore(Objects.requireNonNull(dataSource));
    store.createSchema();
    return store;
  }

  /**
   * A store over a JDBC URL, opening a connection per operation through {@link DriverManager}
   * (for tools and tests; a server passes its pool to {@link #create(DataSource)}).
   *
   * @param url for example {@code jdbc:postgresql://db:5432/ukey}
   * @param properties user, password and driver options
   * @return the store
   * @throws PolicyStoreException if the database cannot be reached or the tables made
   */
  public static JdbcPolicyStore open(String url, Properties properties)
      throws PolicyStoreException {
    return create(new DriverManagerSource(url, properties));
  }

  private void createSchema() throws PolicyStoreException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
        for (String sql : SCHEMA) {
          s.execute(sql);
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot create the policy tables: " + e.getMessage(), e);
    }
  }

  @Override
  public List<LedgerEvent> ledgerEvents(long afterSeq) throws UKeyException {
    List<LedgerEvent> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT seq, body FROM ukey_ledger_event WHERE seq > ? ORDER BY seq")) {
      ps.setLong(1, afterSeq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          LedgerEvent e = LedgerEvent.decode(rs.getBytes(2));
          if (e.seq() != rs.getLong(1)) {
            throw new org.ukey.api.InvalidEncodingException("ukey_ledger_event", rs.getLong(1),
                "row carries seq " + e.seq());
          }
          out.add(e);
        }
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot read the ledger: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void appendLedgerEvent(LedgerEvent event) throws UKeyException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long last;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM ukey_ledger_event")) {
          rs.next();
          last = rs.getLong(1);
        }
        if (event.seq() != last + 1) {
          c.rollback();
          throw new LedgerConflictException("ledger position " + event.seq()
              + " is not next; the ledger has " + last + " events");
        }
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO ukey_ledger_event (seq, body) VALUES (?, ?)")) {
          ps.setLong(1, event.seq());
          ps.setBytes(2, event.encode());
          ps.executeUpdate();
        }
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw new LedgerConflictException("ledger position " + event.seq()
              + " was taken by another writer");
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot append to the ledger: " + e.getMessage(), e);
    }
  }

  @Override
  public AuditEntry appendAudit(AuditEvent event) throws UKeyException {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        long seq;
        byte[] last;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery(
                "SELECT seq, body FROM ukey_audit_head WHERE id = 1 FOR UPDATE")) {
          if (!rs.next()) {
            throw new PolicyStoreException("ukey_audit_head has no row");
          }
          seq = rs.getLong(1);
          last = rs.getBytes(2);
        }
        AuditEntry entry = last == null ? AuditEntry.first(event)
            : AuditEntry.decode(last).next(event);
        byte[] body = entry.encode();
        try (PreparedStatement ins = c.prepareStatement(
            "INSERT INTO ukey_audit_entry (pos, body) VALUES (?, ?)");
            PreparedStatement head = c.prepareStatement(
                "UPDATE ukey_audit_head SET seq = ?, body = ? WHERE id = 1")) {
          ins.setLong(1, seq + 1);
          ins.setBytes(2, body);
          ins.executeUpdate();
          head.setLong(1, seq + 1);
          head.setBytes(2, body);
          head.executeUpdate();
        }
        c.commit();
        return entry;
      } catch (SQLException | UKeyException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot append to the audit trail: " + e.getMessage(), e);
    }
  }

  @Override
  public List<byte[]> auditRecords(long fromIndex, int max) throws UKeyException {
    List<byte[]> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT body FROM ukey_audit_entry ORDER BY pos OFFSET ? LIMIT ?")) {
      ps.setLong(1, fromIndex);
      ps.setInt(2, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getBytes(1));
        }
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot read the audit trail: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public void appendCheckpoint(AuditCheckpoint checkpoint) throws UKeyException {
    update("INSERT INTO ukey_audit_checkpoint (body) VALUES (?)", null, checkpoint.encode());
  }

  @Override
  public List<byte[]> checkpoints() throws UKeyException {
    List<byte[]> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT body FROM ukey_audit_checkpoint ORDER BY pos")) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot read the checkpoints: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public List<byte[]> pinHistory(String subject) throws UKeyException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT body FROM ukey_pin_history WHERE subject = ?")) {
      ps.setString(1, subject);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return List.of();
        }
        return PinHistoryCodec.decode("ukey_pin_history", rs.getBytes(1));
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot read the PIN history: " + e.getMessage(), e);
    }
  }

  @Override
  public void savePinHistory(String subject, List<byte[]> entries) throws UKeyException {
    update("INSERT INTO ukey_pin_history (subject, body) VALUES (?, ?) ON CONFLICT (subject)"
        + " DO UPDATE SET body = EXCLUDED.body", subject, PinHistoryCodec.encode(entries));
  }

  private void update(String sql, String text, byte[] body) throws PolicyStoreException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 1;
      if (text != null) {
        ps.setString(i++, text);
      }
      ps.setBytes(i, body);
      ps.executeUpdate();
      if (!c.getAutoCommit()) {
        c.commit();
      }
    } catch (SQLException e) {
      throw new PolicyStoreException("cannot write to the policy store: " + e.getMessage(), e);
    }
  }

  /** Nothing to release: connections are closed after each operation; the pool is the host's. */
  @Override
  public void close() {
    // connections are per operation
  }

  @Override
  public String toString() {
    return "JdbcPolicyStore[" + dataSource + "]";
  }

  /**
   * Connections straight from {@link DriverManager}, one per operation: for tools and tests. A
   * server should pass its connection pool to {@link #create(DataSource)} instead.
   */
  private static final class DriverManagerSource implements DataSource {
    private final String url;
    private final Properties properties;

    DriverManagerSource(String url, Properties properties) {
      this.url = Objects.requireNonNull(url, "url");
      this.properties = new Properties();
      if (properties != null) {
        this.properties.putAll(properties);
      }
    }

    @Override
    public Connection getConnection() throws SQLException {
      return DriverManager.getConnection(url, properties);
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      Properties p = new Properties();
      p.putAll(properties);
      p.setProperty("user", user);
      p.setProperty("password", password);
      return DriverManager.getConnection(url, p);
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
      // no driver-level logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
      // the driver's default
    }

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getLogger("org.ukey.policy");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }

    @Override
    public String toString() {
      return url.replaceAll("(?i)password=[^&;]*", "password=****");
    }
  }
}

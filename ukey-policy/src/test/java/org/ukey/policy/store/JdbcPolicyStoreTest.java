package org.ukey.policy.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.ukey.policy.PolicyStore;
import org.ukey.policy.testing.PostgresServer;

/** The same contract on a real PostgreSQL server that the test starts itself. */
class JdbcPolicyStoreTest extends PolicyStoreContract {
  private static PostgresServer server;

  @RegisterExtension
  static final BeforeAllCallback POSTGRES = context -> server = PostgresServer.shared(context);

  private String url;

  @Override
  protected PolicyStore newStore() throws Exception {
    url = server.newDatabase();
    return JdbcPolicyStore.open(url, new Properties());
  }

  @Override
  protected PolicyStore reopen() throws Exception {
    return JdbcPolicyStore.open(url, new Properties());
  }

  @Override
  protected String[] childArgs() {
    return new String[] {"jdbc", url};
  }

  @Override
  protected void tamper(UnaryOperator<List<byte[]>> change) throws Exception {
    List<byte[]> records = change.apply(new ArrayList<>(store.auditRecords(0, 10_000)));
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("DELETE FROM ukey_audit_entry");
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO ukey_audit_entry (pos, body) VALUES (?, ?)")) {
        long pos = 1;
        for (byte[] r : records) {
          ps.setLong(1, pos++);
          ps.setBytes(2, r);
          ps.executeUpdate();
        }
      }
    }
  }

  @Test
  void createsItsTablesOnceWhateverTheNumberOfNodes() throws Exception {
    try (PolicyStore a = reopen(); PolicyStore b = reopen()) {
      a.appendAudit(AuditAppender.event("a", 1));
      assertEquals(1, b.auditRecords(0, 10).size());
    }
  }
}

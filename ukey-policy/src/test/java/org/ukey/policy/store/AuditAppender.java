package org.ukey.policy.store;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.ukey.policy.AuditEntry;
import org.ukey.policy.AuditEvent;
import org.ukey.policy.AuditOutcome;
import org.ukey.policy.KeyNumber;
import org.ukey.policy.Operation;
import org.ukey.policy.PersonId;
import org.ukey.policy.PolicyStore;

/**
 * A child JVM's main: appends audit events to a store and prints "ACK seq writer i" after each
 * append returns (the acknowledgement the crash and concurrency tests check).
 * Arguments: {@code file DIR COUNT WRITER} or {@code jdbc URL COUNT WRITER}.
 */
public final class AuditAppender {
  private AuditAppender() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[2]);
    String writer = args[3];
    try (PolicyStore store = args[0].equals("file") ? FilePolicyStore.open(Path.of(args[1]))
        : JdbcPolicyStore.open(args[1], new Properties())) {
      System.out.println("READY");
      System.out.flush();
      for (int i = 1; i <= count; i++) {
        AuditEntry e = store.appendAudit(event(writer, i));
        System.out.println("ACK " + e.seq() + " " + writer + " " + i);
        System.out.flush();
      }
    }
  }

  static AuditEvent event(String writer, int i) {
    return new AuditEvent(Instant.ofEpochMilli(1_780_000_000_000L + i), PersonId.of(writer),
        "T-" + writer, "TK-1", KeyNumber.of("K-" + writer), Operation.SIGN, new byte[32],
        AuditOutcome.SUCCEEDED, null, writer + " #" + i);
  }
}

/**
 * The rules of the seed documents as code: PIN rules, roles and separation of duties, the key
 * ledger (台账), the tamper-evident audit trail (全程留痕), guarded signing, seal-use approval and
 * multi-step voucher signing; stored in append-only files or in PostgreSQL over JDBC.
 *
 * <p>Knows no PKCS#11: it wraps any {@link org.ukey.api.Session} and signs through any
 * {@link org.ukey.api.Signer}. A JDBC driver is the host's run-time concern; only
 * {@code java.sql} is required here.
 */
module org.ukey.policy {
  requires transitive org.ukey.api;
  requires transitive java.sql;
  requires org.ukey.sm2;
  requires org.bouncycastle.provider;
  requires org.bouncycastle.pkix;
  requires org.bouncycastle.util;
  requires org.slf4j;

  exports org.ukey.policy;
  exports org.ukey.policy.store;
}

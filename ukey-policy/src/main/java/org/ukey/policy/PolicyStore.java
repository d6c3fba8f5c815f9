package org.ukey.policy;

import java.util.List;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.UKeyException;

/**
 * Where the ledger and the audit trail live: append-only logs and a little state. Two
 * implementations come with the SDK: {@link org.ukey.policy.store.FilePolicyStore} (files beside
 * the soft token, the embedded default) and {@link org.ukey.policy.store.JdbcPolicyStore}
 * (PostgreSQL, shared by many application nodes).
 *
 * <p>Contract, which both pass in the same tests:
 * <ul>
 *   <li>an append returns only when the record is durable; a crash afterwards loses nothing;
 *   <li>appends from many threads and processes (or nodes) are serialised: the ledger's
 *       positions have no gap and no duplicate, and every audit entry chains to the one before
 *       it in one unbroken chain;
 *   <li>reads return records in stored order and report damage
 *       ({@link InvalidEncodingException}) instead of skipping it.
 * </ul>
 *
 * <p><b>Thread-safety:</b> implementations are thread-safe.
 */
public interface PolicyStore extends AutoCloseable {
  /**
   * Ledger events after a position, in order.
   *
   * @param afterSeq the last position already known (0 for all)
   * @return the events, possibly empty
   * @throws InvalidEncodingException if a stored event is damaged
   * @throws PolicyStoreException if reading fails
   */
  List<LedgerEvent> ledgerEvents(long afterSeq) throws UKeyException;

  /**
   * Appends a ledger event at position {@code event.seq()}, which must directly follow the last
   * stored event.
   *
   * @param event the event
   * @throws LedgerConflictException if that position is taken (someone appended first)
   * @throws PolicyStoreException if writing fails
   */
  void appendLedgerEvent(LedgerEvent event) throws UKeyException;

  /**
   * Appends an event to the audit trail, chained to the last stored entry (whatever the
   * appender's process or node), and returns the entry once it is durable.
   *
   * @param event the event
   * @return the stored entry with its seq and hash
   * @throws InvalidEncodingException if the last stored entry is damaged
   * @throws PolicyStoreException if writing fails
   */
  AuditEntry appendAudit(AuditEvent event) throws UKeyException;

  /**
   * Stored audit records in stored order, raw, for verification: nothing is judged here.
   *
   * @param fromIndex the 0-based index of the first record
   * @param max the most to return
   * @return the encoded entries
   * @throws InvalidEncodingException if the storage itself is damaged at a place (a torn file)
   * @throws PolicyStoreException if reading fails
   */
  List<byte[]> auditRecords(long fromIndex, int max) throws UKeyException;

  /**
   * Stores a signed checkpoint.
   *
   * @param checkpoint the checkpoint
   * @throws PolicyStoreException if writing fails
   */
  void appendCheckpoint(AuditCheckpoint checkpoint) throws UKeyException;

  /**
   * The stored checkpoints, raw, in stored order.
   *
   * @return the encoded checkpoints
   * @throws PolicyStoreException if reading fails
   */
  List<byte[]> checkpoints() throws UKeyException;

  /**
   * The stored PIN history of one token (salted slow hashes; see {@link PinHistory}).
   *
   * @param subject the token's serial
   * @return the entries, newest first, possibly empty
   * @throws PolicyStoreException if reading fails
   */
  List<byte[]> pinHistory(String subject) throws UKeyException;

  /**
   * Replaces the PIN history of one token, atomically.
   *
   * @param subject the token's serial
   * @param entries the entries, newest first
   * @throws PolicyStoreException if writing fails
   */
  void savePinHistory(String subject, List<byte[]> entries) throws UKeyException;

  /** Releases files or connections. Idempotent. */
  @Override
  void close();
}

package org.ukey.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.ukey.api.PolicyViolationException;

/**
 * Roles and separation of duties (岗位分离) as data: what each post's key may do, which posts one
 * person may not combine, which key purposes are exclusive or must live on separate UKeys, and
 * whether a person holds one key per purpose. A host starts from {@link #town000()} and extends it
 * with {@link #toBuilder()}, or builds its own.
 *
 * <p>The preset encodes:
 * <ul>
 *   <li>seed 000 ch.2 table (职责分工): 出纳 enters data (entry), 会计 does the accounting,
 *       镇长 reviews and approves (approval); each post's key does its post's work only (seed 000
 *       §6.3 "严格按权限、流程使用，不越权");
 *   <li>seed 000 §7.1: "制单、审核、审批分设不同 Ukey，一人不得同时持有多个岗位 Ukey" — entry,
 *       accounting and approval are on different keys and one person holds at most one of them;
 *   <li>seed 000 §7.2: "电子印章 Ukey 与业务操作 Ukey 分开保管" — a seal key stamps and does
 *       nothing else, no operation key stamps, and the two are never on one UKey;
 *   <li>seed 000 §7.3: "财务支付 Ukey 与复核 Ukey 分人保管" — payment and review keys are held by
 *       different people;
 *   <li>seed 000 §4 "一人一 Ukey" and seed 002 §7(一) "每个用户或设备只能申请一个证书" — one key per
 *       person and purpose.
 * </ul>
 *
 * <p><b>Thread-safety:</b> immutable. Fails closed: an operation no role is given is refused.
 */
public final class DutyRules {
  /** Operations every holder may do with their own key: log in and out, change the PIN. */
  private static final Set<Operation> UNIVERSAL = Set.of(Operation.LOGIN, Operation.LOGOUT,
      Operation.PIN_CHANGE, Operation.PIN_UNLOCK);

  /**
   * Posts of which one person may hold keys of at most one.
   *
   * @param rule the rule, cited when refused
   * @param roles the posts
   */
  public record Conflict(PolicyRule rule, Set<Role> roles) {
    /**
     * Validates and copies.
     *
     * @param rule the rule
     * @param roles at least two posts
     */
    public Conflict {
      Objects.requireNonNull(rule, "rule");
      roles = Set.copyOf(roles);
      if (roles.size() < 2) {
        throw new IllegalArgumentException("a conflict needs two roles or more");
      }
    }
  }

  private final Map<Role, Set<Operation>> rights;
  private final List<Conflict> conflicts;
  private final Map<KeyPurpose, Set<Operation>> exclusive;
  private final List<Set<KeyPurpose>> separateTokens;
  private final boolean oneKeyPerPurpose;

  private DutyRules(Builder b) {
    Map<Role, Set<Operation>> r = new LinkedHashMap<>();
    b.rights.forEach((k, v) -> r.put(k, Set.copyOf(v)));
    this.rights = Map.copyOf(r);
    this.conflicts = List.copyOf(b.conflicts);
    Map<KeyPurpose, Set<Operation>> x = new HashMap<>();
    b.exclusive.forEach((k, v) -> x.put(k, Set.copyOf(v)));
    this.exclusive = Map.copyOf(x);
    this.separateTokens = List.copyOf(b.separateTokens);
    this.oneKeyPerPurpose = b.oneKeyPerPurpose;
  }

  /**
   * The rules of seed 000 (ch.2 table, §4, §6.3, §7.1–7.3) and seed 002 §7(一), §9.
   *
   * @return the preset
   */
  public static DutyRules town000() {
    return builder()
        .allow(Role.ENTRY, Operation.SIGN, Operation.DECRYPT, Operation.VOUCHER_ENTRY)
        .allow(Role.ACCOUNTING, Operation.SIGN, Operation.DECRYPT, Operation.VOUCHER_ACCOUNTING)
        .allow(Role.APPROVAL, Operation.SIGN, Operation.DECRYPT, Operation.VOUCHER_APPROVAL,
            Operation.SEAL_APPROVE)
        .allow(Role.SEAL_KEEPER, Operation.SEAL_STAMP)
        .allow(Role.PAYMENT, Operation.SIGN, Operation.DECRYPT, Operation.PAYMENT)
        .allow(Role.REVIEW, Operation.SIGN, Operation.PAYMENT_REVIEW)
        .allow(Role.AUDITOR, Operation.SIGN, Operation.AUDIT_CHECKPOINT)
        .conflict(SeedRules.SOD_CONFLICTING_POSTS, Role.ENTRY, Role.ACCOUNTING, Role.APPROVAL)
        .conflict(SeedRules.SOD_PAYMENT_REVIEW, Role.PAYMENT, Role.REVIEW)
        .exclusive(KeyPurpose.SEAL, Operation.SEAL_STAMP)
        .separateTokens(KeyPurpose.SEAL, KeyPurpose.OPERATION)
        .oneKeyPerPurpose(true)
        .build();
  }

  /**
   * An empty builder: no rights, no conflicts, one key per purpose off.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding these rules, to extend them.
   *
   * @return the builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    rights.forEach((k, v) -> b.rights.put(k, new HashSet<>(v)));
    b.conflicts.addAll(conflicts);
    exclusive.forEach((k, v) -> b.exclusive.put(k, new HashSet<>(v)));
    b.separateTokens.addAll(separateTokens);
    b.oneKeyPerPurpose = oneKeyPerPurpose;
    return b;
  }

  /**
   * Whether a post's key may do an operation (ignoring the key's purpose).
   *
   * @param role the post
   * @param op the operation
   * @return true when allowed
   */
  public boolean allows(Role role, Operation op) {
    return UNIVERSAL.contains(op) || rights.getOrDefault(role, Set.of()).contains(op);
  }

  /**
   * The roles known to these rules.
   *
   * @return an immutable set
   */
  public Set<Role> roles() {
    return rights.keySet();
  }

  /**
   * Checks that a key may do an operation: its post has the right (seed 000 ch.2 table, §6.3),
   * and its purpose fits (a seal key only stamps, only a seal key stamps: seed 000 §7.2).
   *
   * @param key the key's record
   * @param op the operation
   * @throws PolicyViolationException if not
   */
  public void checkOperation(KeyRecord key, Operation op) throws PolicyViolationException {
    if (UNIVERSAL.contains(op)) {
      return;
    }
    for (Map.Entry<KeyPurpose, Set<Operation>> x : exclusive.entrySet()) {
      boolean keyIsOfPurpose = x.getKey().equals(key.purpose());
      boolean opNeedsPurpose = x.getValue().contains(op);
      if (keyIsOfPurpose != opNeedsPurpose) {
        throw SeedRules.SOD_SEAL_SEPARATE.violation(keyIsOfPurpose
            ? "key " + key.keyNo() + " is a " + x.getKey() + " key and may not be used for " + op
            : op + " needs a " + x.getKey() + " key; key " + key.keyNo() + " is a "
                + key.purpose() + " key");
      }
    }
    if (!allows(key.role(), op)) {
      throw SeedRules.ROLE_OPERATION.violation("post '" + key.role() + "' of key "
          + key.keyNo() + " may not do " + op);
    }
  }

  /**
   * Checks that a person may hold a key, given the keys in the ledger: no conflicting posts
   * (seed 000 §7.1, §7.3), one key per purpose (seed 000 §4), seal and operation keys on
   * separate UKeys (seed 000 §7.2).
   *
   * @param holder who would hold it
   * @param keyNo the key's number (its own record is ignored among {@code ledger})
   * @param role the key's post
   * @param purpose the key's purpose
   * @param tokenSerial the UKey's serial, or {@code null} when not recorded
   * @param ledger every record of the ledger
   * @throws PolicyViolationException naming the first rule broken
   */
  public void checkHolding(PersonId holder, KeyNumber keyNo, Role role, KeyPurpose purpose,
      String tokenSerial, Collection<KeyRecord> ledger) throws PolicyViolationException {
    for (KeyRecord other : ledger) {
      if (other.keyNo().equals(keyNo) || !other.state().held()) {
        continue;
      }
      if (other.holder().equals(holder)) {
        for (Conflict c : conflicts) {
          if (!other.role().equals(role) && c.roles().contains(role)
              && c.roles().contains(other.role())) {
            throw c.rule().violation(holder + " already holds key " + other.keyNo()
                + " of post '" + other.role() + "', which conflicts with '" + role + "'");
          }
        }
        if (oneKeyPerPurpose && other.purpose().equals(purpose)) {
          throw SeedRules.SOD_ONE_KEY.violation(holder + " already holds " + purpose
              + " key " + other.keyNo());
        }
      }
      if (tokenSerial != null && other.tokenSerial().map(tokenSerial::equals).orElse(false)
          && !other.purpose().equals(purpose)) {
        for (Set<KeyPurpose> apart : separateTokens) {
          if (apart.contains(purpose) && apart.contains(other.purpose())) {
            throw SeedRules.SOD_SEAL_SEPARATE.violation("UKey " + tokenSerial
                + " already carries " + other.purpose() + " key " + other.keyNo()
                + "; a " + purpose + " key must be on another UKey");
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return "DutyRules[roles " + rights.keySet() + ", " + conflicts.size() + " conflicts]";
  }

  /** Builds {@link DutyRules}. */
  public static final class Builder {
    private final Map<Role, Set<Operation>> rights = new LinkedHashMap<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private final Map<KeyPurpose, Set<Operation>> exclusive = new HashMap<>();
    private final List<Set<KeyPurpose>> separateTokens = new ArrayList<>();
    private boolean oneKeyPerPurpose;

    private Builder() {}

    /**
     * Gives a post the right to operations.
     *
     * @param role the post
     * @param ops the operations
     * @return this builder
     */
    public Builder allow(Role role, Operation... ops) {
      rights.computeIfAbsent(role, r -> new HashSet<>()).addAll(Arrays.asList(ops));
      return this;
    }

    /**
     * Declares posts of which one person holds keys of at most one.
     *
     * @param rule the rule cited when refused
     * @param roles the posts
     * @return this builder
     */
    public Builder conflict(PolicyRule rule, Role... roles) {
      conflicts.add(new Conflict(rule, Set.of(roles)));
      return this;
    }

    /**
     * Declares that keys of a purpose do these operations only, and these operations need a key
     * of that purpose (seed 000 §7.2).
     *
     * @param purpose the purpose
     * @param ops the operations
     * @return this builder
     */
    public Builder exclusive(KeyPurpose purpose, Operation... ops) {
      exclusive.computeIfAbsent(purpose, p -> new HashSet<>()).addAll(Arrays.asList(ops));
      return this;
    }

    /**
     * Declares that keys of these purposes are never on one UKey (seed 000 §7.2).
     *
     * @param a a purpose
     * @param b another purpose
     * @return this builder
     */
    public Builder separateTokens(KeyPurpose a, KeyPurpose b) {
      separateTokens.add(Set.of(a, b));
      return this;
    }

    /**
     * Whether a person holds at most one key of each purpose (seed 000 §4).
     *
     * @param on true to enforce
     * @return this builder
     */
    public Builder oneKeyPerPurpose(boolean on) {
      this.oneKeyPerPurpose = on;
      return this;
    }

    /**
     * The rules.
     *
     * @return the rules
     */
    public DutyRules build() {
      return new DutyRules(this);
    }
  }
}

package org.ukey.seal;

import java.util.Optional;

/**
 * The kinds of government seals, and how this SDK writes them in {@code SES_ESPropertyInfo.type}.
 *
 * <p>GM/T 0031-2014 §6.1.1 defines only {@code 1} = 单位印章 (organisation) and {@code 2} = 个人印章
 * (person); seals in that format get the holder code ({@link #gmt0031Code()}). GB/T 38540-2020
 * leaves the type "to be defined by the business" (可根据业务需要自定义); for it this SDK writes
 * {@link #gbt38540Code()}: codes 1–5 follow the seal-type codes of the public-security seal
 * management systems (01 单位专用章/法定名称章, 02 财务专用章, 03 发票专用章, 04 合同专用章, 05 法人名章),
 * and 6 业务专用章 as real files use it (a 不动产登记专用章 made by the Shandong provincial system has
 * type 6; tax invoice seals 3, contract seals 4). Codes 7 and 8 are this SDK's own for the
 * personal kinds that list lacks. Seed 003 §4 divides seals into 电子公章 (法定名称章, 内设/分支机构章,
 * 业务专用章) and 电子名章/电子职务章; seed 002 §3 into 电子公章, 电子法人章 and 电子私章 — every kind they
 * name is here.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum SealKind {
  /** 公章 (法定名称章): the organisation's official seal. */
  OFFICIAL("公章", true, 1),
  /** 财务专用章: finance seal. */
  FINANCE("财务专用章", true, 2),
  /** 发票专用章: invoice seal. */
  INVOICE("发票专用章", true, 3),
  /** 合同专用章: contract seal. */
  CONTRACT("合同专用章", true, 4),
  /** 法人章: the legal representative's name seal (seed 002 §3 电子法人章). */
  LEGAL_REPRESENTATIVE("法人章", false, 5),
  /** 业务专用章: a seal for one line of business (seed 003 §4). */
  BUSINESS("业务专用章", true, 6),
  /** 私章/名章: a person's name seal (seed 002 §3 电子私章, seed 003 §4 电子名章). */
  PERSONAL_NAME("私章/名章", false, 7),
  /** 职务章: the seal of a post held by a person (seed 003 §4 电子职务章). */
  POSITION("职务章", false, 8);

  /** GM/T 0031-2014 type 1: 单位印章. */
  public static final int GMT_0031_ORGANISATION = 1;
  /** GM/T 0031-2014 type 2: 个人印章. */
  public static final int GMT_0031_PERSON = 2;

  private final String chineseName;
  private final boolean organisation;
  private final int gbt38540Code;

  SealKind(String chineseName, boolean organisation, int gbt38540Code) {
    this.chineseName = chineseName;
    this.organisation = organisation;
    this.gbt38540Code = gbt38540Code;
  }

  /**
   * The Chinese name of the kind.
   *
   * @return for example {@code 公章}
   */
  public String chineseName() {
    return chineseName;
  }

  /**
   * Whether the seal belongs to an organisation (rather than a person).
   *
   * @return true for organisation seals
   */
  public boolean isOrganisation() {
    return organisation;
  }

  /**
   * The type code written in a GB/T 38540 seal.
   *
   * @return 1 to 8
   */
  public int gbt38540Code() {
    return gbt38540Code;
  }

  /**
   * The type code written in a GM/T 0031 seal: 1 organisation, 2 person.
   *
   * @return 1 or 2
   */
  public int gmt0031Code() {
    return organisation ? GMT_0031_ORGANISATION : GMT_0031_PERSON;
  }

  /**
   * The code for a format.
   *
   * @param format the seal format
   * @return the type code to write
   */
  public int codeFor(SealFormat format) {
    return format == SealFormat.GMT_0031_2014 ? gmt0031Code() : gbt38540Code;
  }

  /**
   * The kind a GB/T 38540 type code stands for, under this SDK's mapping.
   *
   * @param code the type code
   * @return the kind, or empty for a code outside the mapping
   */
  public static Optional<SealKind> fromGbt38540Code(int code) {
    for (SealKind k : values()) {
      if (k.gbt38540Code == code) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * Finds a kind by its constant name or Chinese name ({@code official}, {@code 公章},
   * {@code business}, {@code 业务专用章}, {@code 私章}, {@code 名章}, …), ignoring case.
   *
   * @param name the name
   * @return the kind, or empty when unknown
   */
  public static Optional<SealKind> byName(String name) {
    String n = name.trim();
    for (SealKind k : values()) {
      if (k.name().equalsIgnoreCase(n) || k.name().replace('_', '-').equalsIgnoreCase(n)
          || k.chineseName.equals(n) || k.chineseName.contains("/")
          && java.util.Arrays.asList(k.chineseName.split("/")).contains(n)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }
}

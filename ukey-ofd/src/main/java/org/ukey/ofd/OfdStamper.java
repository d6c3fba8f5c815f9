package org.ukey.ofd;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.ukey.api.InvalidEncodingException;
import org.ukey.api.Signer;
import org.ukey.api.UKeyException;
import org.ukey.ofd.internal.OfdPackage;
import org.ukey.ofd.internal.OfdStructure;
import org.ukey.ofd.internal.OfdStructure.Doc;
import org.ukey.ofd.internal.OfdStructure.Page;
import org.ukey.ofd.internal.OfdStructure.SignatureEntry;
import org.ukey.ofd.internal.OfdStructure.SignatureXml;
import org.ukey.ofd.internal.Xml;
import org.ukey.seal.SESSignature;
import org.ukey.seal.SESeal;
import org.ukey.seal.Stamper;
import org.ukey.seal.TimeStampClient;
import org.ukey.sm2.Sm3;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Stamps an OFD document with an electronic seal (签章, GB/T 33190-2016 §18 with a GB/T 38540 seal
 * signature), the key on a UKey through any {@link Signer}.
 *
 * <p>It adds {@code Doc_0/Signs/Sign_N/} with {@code Seal.esl} (the seal), {@code Signature.xml}
 * and {@code SignedValue.dat} (the {@code SES_Signature} over SM3 of Signature.xml's exact bytes,
 * {@code propertyInfo} its absolute path), a {@code StampAnnot} on the chosen page, and an entry in
 * {@code Signatures.xml} (created and registered in {@code OFD.xml} for a first signature).
 *
 * <p>What the new signature protects: every file of the package, with SM3 (written as the OID
 * 1.2.156.10197.1.401), except {@code Signatures.xml}, its own {@code Signature.xml} and
 * {@code SignedValue.dat}. {@code Signatures.xml} is left out because every later stamp must add
 * its entry there (the "continue signing" of ofdrw): so a second stamp keeps the first valid,
 * and any change to a protected file — content, pages, resources, earlier signatures and seals —
 * invalidates it. (A removed Signatures.xml entry is therefore not detected by the signatures;
 * an earlier signature that does protect Signatures.xml makes stamping refuse, rather than
 * silently break it.) Every existing file keeps its exact bytes.
 *
 * <p>Before signing, the {@link Stamper} checks what GM/T 0031-2014 §6.2.2 asks (signer on the
 * seal's list, seal and certificate valid now); stamping refuses otherwise.
 *
 * <p><b>Thread-safety:</b> immutable and thread-safe if the signer is.
 */
public final class OfdStamper {
  static final String SIGNATURE_METHOD = "1.2.156.10197.1.501";
  static final String CHECK_METHOD = "1.2.156.10197.1.401";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

  private final SESeal seal;
  private final Stamper stamper;
  private final Clock clock;
  private final OfdLimits limits;

  private OfdStamper(Builder b) throws UKeyException {
    this.seal = b.seal;
    this.clock = b.clock;
    this.limits = b.limits;
    Stamper.Builder s = Stamper.builder(b.seal, b.signer).clock(b.clock);
    if (b.timeStampClient != null) {
      s.timeStampClient(b.timeStampClient);
    }
    this.stamper = s.build();
  }

  /**
   * Starts a stamper.
   *
   * @param seal the seal
   * @param signer the signer, with a certificate on the seal's list
   * @return a builder
   */
  public static Builder builder(SESeal seal, Signer signer) {
    return new Builder(seal, signer);
  }

  /**
   * Stamps a package.
   *
   * @param ofd the package bytes
   * @param placement where the stamp goes
   * @return the stamped package
   * @throws InvalidEncodingException if the package is malformed or unsafe, the page or keyword
   *     does not exist
   * @throws UKeyException if stamping is refused or signing fails
   */
  public byte[] stamp(byte[] ofd, Placement placement) throws UKeyException {
    OfdPackage pkg = OfdPackage.read(ofd, limits);
    Map<String, byte[]> files = pkg.copy();
    Doc doc = OfdStructure.documents(pkg).get(0);
    Page page = placement.page(doc);
    double[] box = placement.box(pkg, page, seal);

    String signsDir = org.ukey.ofd.internal.Paths.directory(doc.documentPath()) + "Signs/";
    String signaturesPath;
    Document signatures;
    if (doc.signaturesPath().isPresent() && pkg.has(doc.signaturesPath().get())) {
      signaturesPath = doc.signaturesPath().get();
      refuseIfProtected(pkg, signaturesPath);
      signatures = Xml.parse(pkg.get(signaturesPath), signaturesPath);
      signsDir = org.ukey.ofd.internal.Paths.directory(signaturesPath);
    } else {
      signaturesPath = signsDir + "Signatures.xml";
      signatures = Xml.newDocument("Signatures");
      files.put(OfdStructure.ROOT, registerSignatures(pkg, doc, signaturesPath));
    }
    String dir = freeDirectory(files, signsDir);
    String sealPath = dir + "Seal.esl";
    String signaturePath = dir + "Signature.xml";
    String signedValuePath = dir + "SignedValue.dat";
    files.put(sealPath, seal.encoded());

    byte[] signatureXml = signatureXml(files, signaturesPath, page, box, sealPath,
        signedValuePath);
    SESSignature signature = stamper.stampHash(Sm3.digest(signatureXml), signaturePath);
    files.put(signaturePath, signatureXml);
    files.put(signedValuePath, signature.encoded());
    files.put(signaturesPath, addEntry(signatures, signaturePath));

    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(ofd.length + 32768);
    try {
      OfdPackage.write(files, out);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory", e);
    }
    return out.toByteArray();
  }

  /**
   * Stamps a file into another, atomically: the output appears whole or not at all.
   *
   * @param in the OFD file
   * @param out where to write the stamped file (replaced if present)
   * @param placement where the stamp goes
   * @throws IOException if reading or writing fails
   * @throws UKeyException if the package is malformed, stamping is refused or signing fails
   */
  public void stamp(Path in, Path out, Placement placement) throws IOException, UKeyException {
    if (Files.size(in) > limits.maxTotalSize()) {
      throw new InvalidEncodingException(in.toString(), -1, "larger than "
          + limits.maxTotalSize() + " bytes");
    }
    byte[] signed = stamp(Files.readAllBytes(in), placement);
    Path dir = out.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
    try {
      try (OutputStream o = Files.newOutputStream(tmp)) {
        o.write(signed);
      }
      try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
          java.nio.file.StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Refuses when an existing signature protects Signatures.xml: adding an entry would break it. */
  private static void refuseIfProtected(OfdPackage pkg, String signaturesPath)
      throws UKeyException {
    for (SignatureEntry e : OfdStructure.signatures(pkg, signaturesPath)) {
      if (!pkg.has(e.signaturePath())) {
        continue;
      }
      SignatureXml s = OfdStructure.signature(pkg, e.signaturePath());
      for (OfdStructure.Reference r : s.references()) {
        if (r.path().equals(signaturesPath)) {
          throw new UKeyException("signature " + e.id() + " (" + e.signaturePath()
              + ") protects " + signaturesPath + "; adding a stamp would invalidate it");
        }
      }
    }
  }

  /** OFD.xml with the DocBody's Signatures element added (first signature of the document). */
  private static byte[] registerSignatures(OfdPackage pkg, Doc doc, String signaturesPath)
      throws InvalidEncodingException {
    Document ofd = Xml.parse(pkg.get(OfdStructure.ROOT), OfdStructure.ROOT);
    Element body = Xml.children(ofd.getDocumentElement(), "DocBody").get(doc.docBody());
    Xml.children(body, "Signatures").forEach(body::removeChild);
    Element s = Xml.element(ofd, "Signatures");
    s.setTextContent(signaturesPath.substring(1));
    body.appendChild(s);
    return Xml.serialize(ofd);
  }

  private static String freeDirectory(Map<String, byte[]> files, String signsDir) {
    for (int n = 0; ; n++) {
      String prefix = signsDir + "Sign_" + n + "/";
      if (files.keySet().stream().noneMatch(p -> p.startsWith(prefix))) {
        return prefix;
      }
    }
  }

  private byte[] signatureXml(Map<String, byte[]> files, String signaturesPath, Page page,
      double[] box, String sealPath, String signedValuePath) {
    Document d = Xml.newDocument("Signature");
    Element root = d.getDocumentElement();
    Element info = Xml.element(d, "SignedInfo");
    root.appendChild(info);
    Element provider = Xml.element(d, "Provider");
    provider.setAttribute("ProviderName", "UKey SDK");
    provider.setAttribute("Company", "UKey SDK");
    provider.setAttribute("Version", "0.1");
    info.appendChild(provider);
    append(d, info, "SignatureMethod", SIGNATURE_METHOD);
    append(d, info, "SignatureDateTime", TIME.format(clock.instant()));
    Element refs = Xml.element(d, "References");
    refs.setAttribute("CheckMethod", CHECK_METHOD);
    info.appendChild(refs);
    for (String path : new TreeSet<>(files.keySet())) {
      if (path.equals(signaturesPath)) {
        continue;
      }
      Element ref = Xml.element(d, "Reference");
      ref.setAttribute("FileRef", path);
      append(d, ref, "CheckValue",
          Base64.getEncoder().encodeToString(Sm3.digest(files.get(path))));
      refs.appendChild(ref);
    }
    Element annot = Xml.element(d, "StampAnnot");
    annot.setAttribute("ID", "1");
    annot.setAttribute("PageRef", page.id());
    annot.setAttribute("Boundary", String.format(Locale.ROOT, "%.2f %.2f %.2f %.2f", box[0],
        box[1], box[2], box[3]));
    info.appendChild(annot);
    Element sealElement = Xml.element(d, "Seal");
    append(d, sealElement, "BaseLoc", sealPath);
    info.appendChild(sealElement);
    append(d, root, "SignedValue", signedValuePath);
    return Xml.serialize(d);
  }

  private static byte[] addEntry(Document signatures, String signaturePath) {
    Element root = signatures.getDocumentElement();
    long max = 0;
    for (Element s : Xml.children(root, "Signature")) {
      max = Math.max(max, digits(s.getAttribute("ID")));
    }
    Optional<Element> maxId = Xml.child(root, "MaxSignId");
    if (maxId.isPresent()) {
      max = Math.max(max, digits(maxId.get().getTextContent()));
    }
    String id = Long.toString(max + 1);
    Element entry = Xml.element(signatures, "Signature");
    entry.setAttribute("ID", id);
    entry.setAttribute("Type", "Seal");
    entry.setAttribute("BaseLoc", signaturePath);
    root.appendChild(entry);
    if (maxId.isPresent()) {
      maxId.get().setTextContent(id);
    } else {
      Element m = Xml.element(signatures, "MaxSignId");
      m.setTextContent(id);
      root.insertBefore(m, root.getFirstChild());
    }
    return Xml.serialize(signatures);
  }

  /** The number in an ID such as {@code 4} or {@code s4}; 0 when there is none. */
  private static long digits(String id) {
    String d = id.replaceAll("\\D", "");
    if (d.isEmpty() || d.length() > 15) {
      return 0;
    }
    return Long.parseLong(d);
  }

  private static void append(Document d, Element parent, String localName, String text) {
    Element e = Xml.element(d, localName);
    e.setTextContent(text);
    parent.appendChild(e);
  }

  /**
   * Where a stamp goes: a page and a position (or a keyword on the page to stamp over), and a
   * size (the seal picture's by default), all in millimetres from the page's top-left corner.
   *
   * <p><b>Thread-safety:</b> immutable.
   */
  public static final class Placement {
    private final int page;
    private final double x;
    private final double y;
    private final String keyword;
    private final double width;
    private final double height;

    private Placement(int page, double x, double y, String keyword, double width,
        double height) {
      this.page = page;
      this.x = x;
      this.y = y;
      this.keyword = keyword;
      this.width = width;
      this.height = height;
    }

    /**
     * On a page at a position.
     *
     * @param pageNumber the page, from 1
     * @param xMm distance from the page's left edge
     * @param yMm distance from the page's top edge
     * @return the placement, sized as the seal picture
     */
    public static Placement at(int pageNumber, double xMm, double yMm) {
      if (pageNumber < 1 || xMm < 0 || yMm < 0 || Double.isNaN(xMm) || Double.isNaN(yMm)) {
        throw new IllegalArgumentException("page from 1 and non-negative x, y expected");
      }
      return new Placement(pageNumber, xMm, yMm, null, 0, 0);
    }

    /**
     * Centred on the first text of a page that contains a keyword (such as the issuer's name
     * printed where a paper seal would go).
     *
     * @param pageNumber the page, from 1
     * @param keyword the text to find
     * @return the placement, sized as the seal picture
     */
    public static Placement nearKeyword(int pageNumber, String keyword) {
      if (pageNumber < 1 || keyword == null || keyword.isBlank()) {
        throw new IllegalArgumentException("a page from 1 and a keyword expected");
      }
      return new Placement(pageNumber, 0, 0, keyword, 0, 0);
    }

    /**
     * The same placement with an explicit size.
     *
     * @param widthMm the width
     * @param heightMm the height
     * @return the placement
     */
    public Placement size(double widthMm, double heightMm) {
      if (!(widthMm > 0) || !(heightMm > 0)) {
        throw new IllegalArgumentException("stamp size must be positive");
      }
      return new Placement(page, x, y, keyword, widthMm, heightMm);
    }

    Page page(Doc doc) throws InvalidEncodingException {
      if (page > doc.pages().size()) {
        throw new InvalidEncodingException(doc.documentPath(), -1, "page " + page
            + " asked for; the document has " + doc.pages().size());
      }
      return doc.pages().get(page - 1);
    }

    double[] box(OfdPackage pkg, Page p, SESeal seal) throws InvalidEncodingException {
      double w = width > 0 ? width : seal.sealInfo().picture().widthMm();
      double h = height > 0 ? height : seal.sealInfo().picture().heightMm();
      if (keyword == null) {
        return new double[] {x, y, w, h};
      }
      Element content = Xml.parse(pkg.get(p.contentPath()), p.contentPath())
          .getDocumentElement();
      for (Element text : Xml.descendants(content, "TextObject")) {
        for (Element code : Xml.children(text, "TextCode")) {
          if (code.getTextContent().contains(keyword)) {
            double[] b = boundary(text.getAttribute("Boundary"), p.contentPath());
            return new double[] {Math.max(0, b[0] + b[2] / 2 - w / 2),
                Math.max(0, b[1] + b[3] / 2 - h / 2), w, h};
          }
        }
      }
      throw new InvalidEncodingException(p.contentPath(), -1, "keyword '" + keyword
          + "' is not on page " + page);
    }

    private static double[] boundary(String s, String path) throws InvalidEncodingException {
      String[] parts = s.trim().split("\\s+");
      if (parts.length != 4) {
        throw new InvalidEncodingException(path, -1, "Boundary '" + s + "' is not 'x y w h'");
      }
      double[] b = new double[4];
      try {
        for (int i = 0; i < 4; i++) {
          b[i] = Double.parseDouble(parts[i]);
        }
      } catch (NumberFormatException e) {
        throw new InvalidEncodingException(path, -1, "Boundary '" + s + "' is not numeric", e);
      }
      return b;
    }
  }

  /** Builds an {@link OfdStamper}. Not thread-safe. */
  public static final class Builder {
    private final SESeal seal;
    private final Signer signer;
    private Clock clock = Clock.systemUTC();
    private TimeStampClient timeStampClient;
    private OfdLimits limits = OfdLimits.DEFAULT;

    private Builder(SESeal seal, Signer signer) {
      this.seal = Objects.requireNonNull(seal, "seal");
      this.signer = Objects.requireNonNull(signer, "signer");
    }

    /**
     * The clock of the signing time.
     *
     * @param c the clock
     * @return this
     */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c, "clock");
      return this;
    }

    /**
     * Time-stamps each signature value (RFC 3161).
     *
     * @param c the client
     * @return this
     */
    public Builder timeStampClient(TimeStampClient c) {
      this.timeStampClient = Objects.requireNonNull(c, "client");
      return this;
    }

    /**
     * Limits on the package read.
     *
     * @param l the limits
     * @return this
     */
    public Builder limits(OfdLimits l) {
      this.limits = Objects.requireNonNull(l, "limits");
      return this;
    }

    /**
     * Checks the seal and signer and builds the stamper.
     *
     * @return the stamper
     * @throws UKeyException if the signer is not on the seal's list or the seal does not verify
     */
    public OfdStamper build() throws UKeyException {
      return new OfdStamper(this);
    }
  }
}

package org.ukey.ofd.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.ukey.api.InvalidEncodingException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The parts of an OFD package's structure that signatures concern (GB/T 33190-2016 §7): the
 * documents ({@code OFD.xml}'s {@code DocBody}), their pages, their signature lists and each
 * {@code Signature.xml}.
 */
public final class OfdStructure {
  private OfdStructure() {}

  /** The root file of every OFD package. */
  public static final String ROOT = "/OFD.xml";

  /**
   * One document of the package.
   *
   * @param docBody the index of its DocBody in OFD.xml
   * @param documentPath its Document.xml
   * @param signaturesPath its Signatures.xml, when it has one
   * @param pages its pages in order
   */
  public record Doc(int docBody, String documentPath, Optional<String> signaturesPath,
      List<Page> pages) {}

  /**
   * A page.
   *
   * @param index the 0-based position in the document
   * @param id the page's ID attribute (what StampAnnot's PageRef names)
   * @param contentPath its Content.xml
   */
  public record Page(int index, String id, String contentPath) {}

  /**
   * An entry of Signatures.xml.
   *
   * @param id its ID
   * @param type {@code Seal} (the default) or {@code Sign}
   * @param signaturePath the Signature.xml it points to
   */
  public record SignatureEntry(String id, String type, String signaturePath) {}

  /**
   * A reference: a file and its expected digest.
   *
   * @param fileRef the file's absolute path as written
   * @param path the file's normalised path
   * @param checkValue the expected digest
   */
  public record Reference(String fileRef, String path, byte[] checkValue) {}

  /**
   * A stamp's position on a page.
   *
   * @param id the annotation ID
   * @param pageRef the page ID it is on
   * @param boundary "x y w h" in millimetres, as written
   */
  public record StampAnnot(String id, String pageRef, String boundary) {}

  /**
   * A parsed Signature.xml.
   *
   * @param path where it is
   * @param provider the provider's name
   * @param signatureMethod the signature method (an OID in real files)
   * @param signatureDateTime the date-time text, free form in real files
   * @param checkMethod the References' CheckMethod (a name or an OID)
   * @param references the references
   * @param stamps the stamp annotations
   * @param sealPath the Seal.esl path, when the signature names one
   * @param signedValuePath the SignedValue.dat path
   */
  public record SignatureXml(String path, String provider, String signatureMethod,
      String signatureDateTime, String checkMethod, List<Reference> references,
      List<StampAnnot> stamps, Optional<String> sealPath, String signedValuePath) {}

  /**
   * The documents of a package.
   *
   * @param pkg the package
   * @return the documents in DocBody order
   * @throws InvalidEncodingException if OFD.xml or a Document.xml is malformed
   */
  public static List<Doc> documents(OfdPackage pkg) throws InvalidEncodingException {
    Element root = Xml.parse(pkg.get(ROOT), ROOT).getDocumentElement();
    List<Doc> out = new ArrayList<>();
    List<Element> bodies = Xml.children(root, "DocBody");
    if (bodies.isEmpty()) {
      throw new InvalidEncodingException(ROOT, -1, "no <DocBody>");
    }
    for (int i = 0; i < bodies.size(); i++) {
      Element body = bodies.get(i);
      String docRoot = Xml.text(body, "DocRoot").orElseThrow(() ->
          new InvalidEncodingException(ROOT, -1, "<DocBody> has no <DocRoot>"));
      String documentPath = Paths.resolve(ROOT, docRoot);
      Optional<String> signatures = Xml.text(body, "Signatures").filter(s -> !s.isEmpty());
      Optional<String> signaturesPath = signatures.isPresent()
          ? Optional.of(Paths.resolve(ROOT, signatures.get())) : Optional.empty();
      out.add(new Doc(i, documentPath, signaturesPath, pages(pkg, documentPath)));
    }
    return out;
  }

  private static List<Page> pages(OfdPackage pkg, String documentPath)
      throws InvalidEncodingException {
    if (!pkg.has(documentPath)) {
      throw new InvalidEncodingException(ROOT, -1, "DocRoot " + documentPath
          + " is not in the package");
    }
    Element doc = Xml.parse(pkg.get(documentPath), documentPath).getDocumentElement();
    List<Page> pages = new ArrayList<>();
    Optional<Element> list = Xml.child(doc, "Pages");
    if (list.isPresent()) {
      for (Element p : Xml.children(list.get(), "Page")) {
        pages.add(new Page(pages.size(), p.getAttribute("ID"),
            Paths.resolve(documentPath, p.getAttribute("BaseLoc"))));
      }
    }
    return pages;
  }

  /**
   * The entries of a Signatures.xml.
   *
   * @param pkg the package
   * @param signaturesPath its path
   * @return the entries in order
   * @throws InvalidEncodingException if malformed
   */
  public static List<SignatureEntry> signatures(OfdPackage pkg, String signaturesPath)
      throws InvalidEncodingException {
    Element root = Xml.parse(pkg.get(signaturesPath), signaturesPath).getDocumentElement();
    List<SignatureEntry> out = new ArrayList<>();
    for (Element s : Xml.children(root, "Signature")) {
      String type = s.getAttribute("Type").isEmpty() ? "Seal" : s.getAttribute("Type");
      String baseLoc = s.getAttribute("BaseLoc");
      if (baseLoc.isEmpty()) {
        throw new InvalidEncodingException(signaturesPath, -1, "<Signature ID=\""
            + s.getAttribute("ID") + "\"> has no BaseLoc");
      }
      out.add(new SignatureEntry(s.getAttribute("ID"), type,
          Paths.resolve(signaturesPath, baseLoc)));
    }
    return out;
  }

  /**
   * Parses a Signature.xml.
   *
   * @param pkg the package
   * @param path its path
   * @return the parsed signature
   * @throws InvalidEncodingException if malformed
   */
  public static SignatureXml signature(OfdPackage pkg, String path)
      throws InvalidEncodingException {
    Document d = Xml.parse(pkg.get(path), path);
    Element root = d.getDocumentElement();
    Element info = Xml.require(root, "SignedInfo", path);
    String provider = Xml.child(info, "Provider").map(p -> p.hasAttribute("ProviderName")
        ? p.getAttribute("ProviderName")
        : Xml.text(p, "ProviderName").orElse("")).orElse("");
    Element refs = Xml.require(info, "References", path);
    String checkMethod = refs.getAttribute("CheckMethod");
    List<Reference> references = new ArrayList<>();
    for (Element r : Xml.children(refs, "Reference")) {
      String fileRef = r.getAttribute("FileRef");
      String value = Xml.text(r, "CheckValue").orElse("");
      byte[] digest;
      try {
        digest = Base64.getMimeDecoder().decode(value);
      } catch (IllegalArgumentException e) {
        throw new InvalidEncodingException(path, -1, "CheckValue of " + fileRef
            + " is not Base64", e);
      }
      references.add(new Reference(fileRef, Paths.resolve(path, fileRef), digest));
    }
    List<StampAnnot> stamps = new ArrayList<>();
    for (Element s : Xml.children(info, "StampAnnot")) {
      stamps.add(new StampAnnot(s.getAttribute("ID"), s.getAttribute("PageRef"),
          s.getAttribute("Boundary")));
    }
    Optional<String> seal = Xml.child(info, "Seal").flatMap(s -> Xml.text(s, "BaseLoc"));
    Optional<String> sealPath = seal.isPresent()
        ? Optional.of(Paths.resolve(path, seal.get())) : Optional.empty();
    String signedValue = Xml.text(root, "SignedValue").orElseThrow(() ->
        new InvalidEncodingException(path, -1, "<Signature> has no <SignedValue>"));
    return new SignatureXml(path, provider, Xml.text(info, "SignatureMethod").orElse(""),
        Xml.text(info, "SignatureDateTime").orElse(""), checkMethod, references, stamps,
        sealPath, Paths.resolve(path, signedValue));
  }
}

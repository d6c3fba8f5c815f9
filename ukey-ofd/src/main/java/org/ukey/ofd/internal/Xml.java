package org.ukey.ofd.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.ukey.api.InvalidEncodingException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML for OFD files, parsed safely: secure processing on, DOCTYPE declarations refused (so no
 * external entity, no entity expansion), no XInclude, no external DTD or schema. Elements are
 * matched by local name: real packages use the namespace {@code http://www.ofdspec.org/2016},
 * and some the older {@code http://www.ofdspec.org}.
 */
public final class Xml {
  /** The OFD namespace written by this SDK (GB/T 33190-2016). */
  public static final String OFD_NS = "http://www.ofdspec.org/2016";

  private static final DocumentBuilderFactory FACTORY = factory();

  private Xml() {}

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    try {
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
    }
    return f;
  }

  /**
   * Parses one file of the package.
   *
   * @param bytes the file
   * @param path its path, for messages
   * @return the document
   * @throws InvalidEncodingException if it is not well-formed XML or declares a DOCTYPE
   */
  public static Document parse(byte[] bytes, String path) throws InvalidEncodingException {
    try {
      DocumentBuilder b = FACTORY.newDocumentBuilder();
      b.setErrorHandler(null);
      b.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entity " + systemId + " refused");
      });
      return b.parse(new ByteArrayInputStream(bytes));
    } catch (SAXParseException e) {
      throw new InvalidEncodingException(path, -1, "not acceptable XML at line "
          + e.getLineNumber() + ", column " + e.getColumnNumber() + ": " + e.getMessage(), e);
    } catch (SAXException | IOException | ParserConfigurationException e) {
      throw new InvalidEncodingException(path, -1, "not acceptable XML: " + e.getMessage(), e);
    }
  }

  /**
   * The element children with a local name.
   *
   * @param parent the parent
   * @param localName the name without prefix
   * @return the children in order
   */
  public static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element && localName.equals(localName(n))) {
        out.add((Element) n);
      }
    }
    return out;
  }

  /**
   * The first element child with a local name.
   *
   * @param parent the parent
   * @param localName the name
   * @return the child
   */
  public static Optional<Element> child(Element parent, String localName) {
    List<Element> c = children(parent, localName);
    return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
  }

  /**
   * The first element child, which must exist.
   *
   * @param parent the parent
   * @param localName the name
   * @param path the file, for messages
   * @return the child
   * @throws InvalidEncodingException if missing
   */
  public static Element require(Element parent, String localName, String path)
      throws InvalidEncodingException {
    return child(parent, localName).orElseThrow(() -> new InvalidEncodingException(path, -1,
        "<" + localName(parent) + "> has no <" + localName + ">"));
  }

  /**
   * The trimmed text of a child element.
   *
   * @param parent the parent
   * @param localName the name
   * @return the text, or empty when the child is absent
   */
  public static Optional<String> text(Element parent, String localName) {
    return child(parent, localName).map(e -> e.getTextContent().trim());
  }

  /**
   * All descendants with a local name, in document order.
   *
   * @param root where to search
   * @param localName the name
   * @return the elements
   */
  public static List<Element> descendants(Element root, String localName) {
    List<Element> out = new ArrayList<>();
    collect(root, localName, out);
    return out;
  }

  private static void collect(Element e, String localName, List<Element> out) {
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element) {
        if (localName.equals(localName(n))) {
          out.add((Element) n);
        }
        collect((Element) n, localName, out);
      }
    }
  }

  static String localName(Node n) {
    String l = n.getLocalName();
    return l != null ? l : n.getNodeName();
  }

  /**
   * A new document in the OFD namespace with the {@code ofd:} prefix.
   *
   * @param rootLocalName the root element
   * @return the document
   */
  public static Document newDocument(String rootLocalName) {
    try {
      Document d = FACTORY.newDocumentBuilder().newDocument();
      d.appendChild(d.createElementNS(OFD_NS, "ofd:" + rootLocalName));
      return d;
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * An element in the root's namespace, with the root's prefix.
   *
   * @param doc the document
   * @param localName the name
   * @return the element (not yet attached)
   */
  public static Element element(Document doc, String localName) {
    Element root = doc.getDocumentElement();
    String ns = root.getNamespaceURI();
    String prefix = root.getPrefix();
    return ns == null ? doc.createElement(localName)
        : doc.createElementNS(ns, (prefix == null ? "" : prefix + ":") + localName);
  }

  /**
   * Serialises a document as UTF-8 with an XML declaration, no indentation.
   *
   * @param doc the document
   * @return the bytes
   */
  public static byte[] serialize(Document doc) {
    try {
      TransformerFactory tf = TransformerFactory.newInstance();
      tf.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
      Transformer t = tf.newTransformer();
      t.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      t.setOutputProperty(OutputKeys.INDENT, "no");
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      t.transform(new DOMSource(doc), new StreamResult(out));
      return out.toByteArray();
    } catch (TransformerException e) {
      throw new IllegalStateException("cannot write XML", e);
    }
  }
}

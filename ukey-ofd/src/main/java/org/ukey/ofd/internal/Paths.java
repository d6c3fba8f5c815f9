package org.ukey.ofd.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import org.ukey.api.InvalidEncodingException;

/**
 * Locations inside an OFD package (GB/T 33190-2016 §7.3, ST_Loc): absolute from the package root
 * ({@code /Doc_0/Document.xml}) or relative to the directory of the file that names them
 * ({@code Pages/Page_0/Content.xml} in {@code /Doc_0/Document.xml}). A location that would leave
 * the package is refused.
 */
public final class Paths {
  private Paths() {}

  /**
   * Resolves a location named in a file.
   *
   * @param referringFile the absolute path of the file that names it
   * @param loc the location as written
   * @return the normalised absolute path
   * @throws InvalidEncodingException if empty, or leaving the package
   */
  public static String resolve(String referringFile, String loc) throws InvalidEncodingException {
    String l = loc.trim().replace('\\', '/');
    if (l.isEmpty()) {
      throw new InvalidEncodingException(referringFile, -1, "an empty location");
    }
    String base = l.startsWith("/") ? "" : referringFile.substring(0,
        referringFile.lastIndexOf('/'));
    Deque<String> segments = new ArrayDeque<>();
    for (String s : (base + "/" + l).split("/")) {
      if (s.isEmpty() || s.equals(".")) {
        continue;
      }
      if (s.equals("..")) {
        if (segments.isEmpty()) {
          throw new InvalidEncodingException(referringFile, -1, "location '" + loc
              + "' leaves the package");
        }
        segments.removeLast();
      } else {
        segments.addLast(s);
      }
    }
    if (segments.isEmpty()) {
      throw new InvalidEncodingException(referringFile, -1, "location '" + loc
          + "' names no file");
    }
    return "/" + String.join("/", segments);
  }

  /**
   * The directory of a path.
   *
   * @param path an absolute path
   * @return its directory, with a trailing slash
   */
  public static String directory(String path) {
    return path.substring(0, path.lastIndexOf('/') + 1);
  }
}

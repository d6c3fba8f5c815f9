package org.ukey.ofd;

import java.util.Objects;

/**
 * Where a stamp is shown: its page and its box on the page ({@code StampAnnot}, GB/T 33190-2016
 * §18.2), in millimetres from the page's top-left corner.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param pageIndex the page's position in the document, from 0; -1 when its PageRef names no page
 * @param pageId the page ID the annotation refers to
 * @param boundary the box as written: {@code "x y width height"}
 */
public record StampPosition(int pageIndex, String pageId, String boundary) {
  /**
   * Validates the fields.
   *
   * @param pageIndex the page index
   * @param pageId the page ID
   * @param boundary the box
   */
  public StampPosition {
    Objects.requireNonNull(pageId, "pageId");
    Objects.requireNonNull(boundary, "boundary");
  }
}

package org.ukey.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns for the text output of listing verbs ({@code tokens}, {@code keys}).
 *
 * <p>Widths are counted in terminal cells: Chinese characters (CJK ideographs, Hangul, full-width
 * forms) take two, so a table of 财政局 labels still lines up.
 *
 * <p><b>Thread-safety:</b> not thread-safe.
 */
final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final int columns;

  /**
   * Starts a table with its header.
   *
   * @param headers the column titles
   */
  TextTable(String... headers) {
    this.columns = headers.length;
    rows.add(headers.clone());
  }

  /**
   * Adds a row.
   *
   * @param cells one value per column; {@code null} prints as {@code -}
   * @return this
   */
  TextTable row(String... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = cells[i] == null || cells[i].isEmpty() ? "-" : cells[i];
    }
    rows.add(row);
    return this;
  }

  /**
   * Renders the table: columns separated by two spaces, no trailing spaces.
   *
   * @return the lines, joined by newlines, without a final newline
   */
  @Override
  public String toString() {
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], cells(row[i]));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : rows) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - cells(row[i]) + 2));
        }
      }
      sb.append(line.toString().stripTrailing());
    }
    return sb.toString();
  }

  /**
   * The number of terminal cells a text takes.
   *
   * @param s the text
   * @return the width
   */
  static int cells(String s) {
    return s.codePoints().map(TextTable::cellsOf).sum();
  }

  private static int cellsOf(int cp) {
    boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF)
        || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
        || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
    return wide ? 2 : 1;
  }
}

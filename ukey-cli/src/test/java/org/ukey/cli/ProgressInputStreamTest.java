package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressInputStreamTest {
  private static Environment env(boolean terminal, StringWriter err) {
    return new Environment(new PrintWriter(new StringWriter()), new PrintWriter(err), Map.of(),
        Path.of("/"), prompt -> null, terminal);
  }

  @Test
  void showsNothingWhenStderrIsNotATerminal() {
    InputStream in = new ByteArrayInputStream(new byte[0]);
    assertSame(in, ProgressInputStream.wrap(in, env(false, new StringWriter()), "hashing",
        1L << 40));
  }

  @Test
  void showsNothingForSmallFiles() {
    InputStream in = new ByteArrayInputStream(new byte[0]);
    assertSame(in, ProgressInputStream.wrap(in, env(true, new StringWriter()), "hashing",
        ProgressInputStream.THRESHOLD - 1));
  }

  @Test
  void passesEveryByteThroughUnchanged() throws Exception {
    byte[] data = new byte[100_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    StringWriter err = new StringWriter();
    InputStream wrapped = ProgressInputStream.wrap(new ByteArrayInputStream(data),
        env(true, err), "hashing", ProgressInputStream.THRESHOLD);
    assertNotSame(ByteArrayInputStream.class, wrapped.getClass());
    byte[] read;
    try (InputStream in = wrapped) {
      int first = in.read();
      byte[] rest = in.readAllBytes();
      read = new byte[rest.length + 1];
      read[0] = (byte) first;
      System.arraycopy(rest, 0, read, 1, rest.length);
    }
    assertArrayEquals(data, read);
    String drawn = err.toString();
    assertTrue(drawn.isEmpty() || drawn.endsWith("\r\033[K"), "a drawn line is erased on close");
  }
}

package org.ukey.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path dir;

  private List<Path> listing() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void replacesTheFileAndLeavesNoTemporaryFileBehind() throws Exception {
    Path target = dir.resolve("out.sig");
    Files.write(target, new byte[] {1, 2, 3});
    AtomicFiles.write(target, new byte[] {9, 8});
    assertArrayEquals(new byte[] {9, 8}, Files.readAllBytes(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void leavesNothingWhenTheDirectoryDoesNotExist() throws Exception {
    Path target = dir.resolve("missing").resolve("out.sig");
    NoSuchFileException e = assertThrows(NoSuchFileException.class,
        () -> AtomicFiles.write(target, new byte[] {1}));
    assertEquals(target.getParent().toString(), e.getFile());
    assertEquals(List.of(), listing());
  }
}

package org.ukey.sm2.soft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ukey.sm2.soft.Fixtures.USER_PIN;
import static org.ukey.sm2.soft.Fixtures.pin;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ukey.api.Session;
import org.ukey.api.SignatureAlgorithm;
import org.ukey.api.TokenKey;
import org.ukey.sm2.SoftVerifiers;

/**
 * Kills a real child JVM with SIGKILL while it writes the token file, and checks that whatever
 * the moment, the file is whole and nothing completed was lost: a counted wrong PIN stays
 * counted, a stored key stays stored.
 */
class SoftTokenCrashTest {
  private static final int KILLS = 2;

  @TempDir
  Path dir;

  private final Random random = new Random();

  @Test
  void killedDuringWrongPinAttemptsNeverResetsTheCounter() throws Exception {
    try (SoftTokenProvider store = SoftTokens.open(dir)) {
      store.createToken("t", pin(USER_PIN), pin(Fixtures.SO_PIN), SoftTokenOptions.builder()
          .scryptCost(10, 8, 1).maxPinRetries(100).mustChangePin(false).build());
    }
    int counted = 0;
    for (int kill = 0; kill < KILLS; kill++) {
      Killed k = runAndKill("wrong-pins", 3 + random.nextInt(5), kill % 2 == 0);
      try (SoftTokenProvider store = SoftTokens.open(dir)) {
        assertNoTemporaries();
        int failures = 100 - store.token("t").info().pinStatus().retriesLeft().getAsInt();
        int reported = counted + k.done.size();
        // Every reported attempt is on disk; at most one more was counted but not reported.
        assertTrue(failures >= reported && failures <= reported + 1,
            "failures " + failures + " after " + reported + " reported wrong PINs");
        if (k.inWindow) {
          // Killed before the count of the next attempt became visible: nothing was checked.
          assertEquals(reported, failures);
        }
        counted = failures;
      }
    }
    try (SoftTokenProvider store = SoftTokens.open(dir)) {
      store.token("t").login(pin(USER_PIN)).close();
      assertEquals(100, store.token("t").info().pinStatus().retriesLeft().getAsInt());
    }
  }

  @Test
  void killedDuringKeyGenerationNeverLosesAStoredKey() throws Exception {
    try (SoftTokenProvider store = SoftTokens.open(dir)) {
      Fixtures.createToken(store, "t");
    }
    Set<String> stored = new LinkedHashSet<>();
    for (int kill = 0; kill < KILLS; kill++) {
      Killed k = runAndKill("keygen", 2 + random.nextInt(4), kill % 2 == 0);
      for (String line : k.done) {
        stored.add(line.substring("done ".length()));
      }
      try (SoftTokenProvider store = SoftTokens.open(dir);
           Session s = store.token("t").login(pin(USER_PIN))) {
        assertNoTemporaries();
        List<TokenKey> keys = s.keys();
        Set<String> labels = keys.stream().map(TokenKey::label)
            .collect(Collectors.toCollection(LinkedHashSet::new));
        assertTrue(labels.containsAll(stored), "lost keys: file has " + labels + ", reported "
            + stored);
        assertTrue(labels.size() <= stored.size() + (k.inWindow ? 0 : 1),
            labels + " vs " + stored);
        stored.clear();
        stored.addAll(labels);
        for (TokenKey key : keys) {
          byte[] sig = s.signer(key, SignatureAlgorithm.SHA256_WITH_ECDSA).sign(new byte[] {7});
          SoftVerifiers.verify(key.publicKey(), SignatureAlgorithm.SHA256_WITH_ECDSA,
              new byte[] {7}, sig);
        }
      }
    }
  }

  /** What a killed child reported. */
  private static final class Killed {
    final List<String> done = new ArrayList<>();
    boolean inWindow;
  }

  /**
   * Starts the child and lets it complete {@code atLeast} operations. Then either waits until
   * it stops inside the crash window (complete temporary file, no rename yet) or lets it run a
   * random moment more, kills it with SIGKILL, and returns what it reported.
   */
  private Killed runAndKill(String mode, int atLeast, boolean inWindow) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(javaExecutable(), "-Xmx256m", "-cp", childClassPath(),
        CrashChild.class.getName(), mode, dir.toString(),
        String.valueOf(inWindow ? atLeast : -1));
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process child = pb.start();
    Killed k = new Killed();
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while (!(inWindow ? k.inWindow : k.done.size() >= atLeast)
          && (line = out.readLine()) != null) {
        if (line.equals("window")) {
          k.inWindow = true;
        } else {
          k.done.add(line);
        }
      }
      assertTrue(inWindow ? k.inWindow : k.done.size() >= atLeast,
          "the child stopped early: " + k.done);
      if (inWindow) {
        assertTrue(hasTemporary(), "the child should be holding a complete temporary file");
      } else {
        Thread.sleep(random.nextInt(4));
      }
      // SIGKILL on POSIX: no shutdown hooks, no finally blocks. Through the ProcessHandle,
      // which only signals; Process.destroyForcibly would also close the pipe we still read.
      assertTrue(child.toHandle().destroyForcibly());
      while ((line = out.readLine()) != null) {
        if (!line.equals("window")) {
          k.done.add(line);
        }
      }
      child.waitFor();
    } finally {
      child.destroyForcibly();
    }
    return k;
  }

  private boolean hasTemporary() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(p -> AtomicFile.isTemporary(p.getFileName().toString()));
    }
  }

  private void assertNoTemporaries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> temps = s.map(p -> p.getFileName().toString())
          .filter(AtomicFile::isTemporary).collect(Collectors.toList());
      assertEquals(List.of(), temps, "SoftTokens.open should have removed crash leftovers");
    }
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** Main and test classes and the libraries they need, found from classes they hold. */
  private static String childClassPath() throws Exception {
    Class<?>[] anchors = {CrashChild.class, SoftTokens.class, org.ukey.api.Pin.class,
        org.bouncycastle.crypto.engines.SM4Engine.class, org.slf4j.LoggerFactory.class};
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c : anchors) {
      entries.add(Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString());
    }
    return String.join(File.pathSeparator, entries);
  }
}

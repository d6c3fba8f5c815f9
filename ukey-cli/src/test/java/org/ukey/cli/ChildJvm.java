package org.ukey.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line of a child JVM running {@code ukey}, as a user or a script would run it. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * {@code java [jvm options] -cp <this JVM's path> org.ukey.cli.Main args...}, started with the
   * C1 compiler alone and the serial collector (a short-lived JVM starts faster).
   *
   * @param jvmOptions more options for the child JVM (such as {@code -Duser.home=...})
   * @param args the ukey arguments
   * @return a mutable command list
   */
  static List<String> command(List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath(), "org.ukey.cli.Main"));
    command.addAll(List.of(args));
    return command;
  }

  /** The test JVM's own class and module path: main classes and every runtime dependency. */
  private static String classpath() {
    List<String> entries = new ArrayList<>();
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        entries.add(value);
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}

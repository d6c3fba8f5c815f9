package org.ukey.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the {@code ukey} command in this JVM with captured stdout and stderr, a chosen
 * environment, a home directory, and optionally a "terminal" that answers PIN prompts.
 */
final class CliRunner {
  private final Map<String, String> env = new HashMap<>();
  private final Path home;
  private Deque<String> answers;
  private final List<String> prompts = new ArrayList<>();
  private final List<String> prefix = new ArrayList<>();

  CliRunner(Path home) {
    this.home = home;
  }

  CliRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  String environmentVariable(String name) {
    return env.get(name);
  }

  /** Puts these arguments before those of every run (global options such as --pin-env). */
  CliRunner prefix(String... args) {
    prefix.addAll(List.of(args));
    return this;
  }

  /** Makes prompts answer with these, in order; without this there is no terminal. */
  CliRunner terminal(String... typed) {
    answers = new ArrayDeque<>(List.of(typed));
    return this;
  }

  /** The prompts shown so far. */
  List<String> prompts() {
    return prompts;
  }

  Environment environment(StringWriter out, StringWriter err) {
    Environment.SecretPrompt prompt = text -> {
      if (answers == null) {
        return null;
      }
      prompts.add(text);
      String a = answers.poll();
      if (a == null) {
        throw new AssertionError("unexpected prompt: " + text);
      }
      return a.toCharArray();
    };
    return new Environment(new PrintWriter(out, true), new PrintWriter(err, true), env, home,
        prompt, false);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(prefix);
    all.addAll(List.of(args));
    int code = Main.run(environment(out, err), all.toArray(new String[0]));
    return new Result(code, out.toString(), err.toString());
  }

  /** What a run produced. */
  record Result(int exit, String out, String err) {
    Map<String, Object> json() {
      return StrictJson.parseObject(out);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }
}

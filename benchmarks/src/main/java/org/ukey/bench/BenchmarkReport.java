package org.ukey.bench;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH suites and prints one table per suite: ops/s of the SDK ({@code *_ukey}) and of
 * each anchor measured in the same run, with the ratio SDK ÷ anchor. Anchors measured outside
 * the JVM (such as {@code openssl speed}) come in through {@code --external}, a file of
 * tab-separated lines {@code suite operation threads label ops/s}.
 *
 * <p>Usage: {@code BenchmarkReport [--quick] [--threads 1,2] [--external FILE] [--out DIR]
 * [FILTER]}, or {@code BenchmarkReport --list [FILTER]} to print the suites a filter selects.
 * FILTER is a regular expression found in the full benchmark name
 * ({@code org.ukey.bench.Sm2SignatureBenchmark.sign_ukey}). Normally run by
 * {@code benchmarks/run}.
 */
public final class BenchmarkReport {
  private static final String PACKAGE = "org.ukey.bench.";
  private static final String SUBJECT = "ukey";

  private BenchmarkReport() {}

  /** One measured implementation of one operation at one thread count. */
  private static final class Row {
    final String suite;
    final String operation;
    final String implementation;
    final String label;
    final int threads;
    final double score;
    final double error;

    Row(String suite, String operation, String implementation, String label, int threads,
        double score, double error) {
      this.suite = suite;
      this.operation = operation;
      this.implementation = implementation;
      this.label = label;
      this.threads = threads;
      this.score = score;
      this.error = error;
    }
  }

  /**
   * Entry point.
   *
   * @param args see the class description
   * @throws Exception if a benchmark fails or the output cannot be written
   */
  public static void main(String[] args) throws Exception {
    boolean quick = false;
    boolean list = false;
    List<Integer> threadCounts = List.of(1, 2);
    Path external = null;
    Path out = null;
    String filter = PACKAGE + ".*";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick":
          quick = true;
          break;
        case "--list":
          list = true;
          break;
        case "--threads":
          threadCounts = parseThreads(args[++i]);
          break;
        case "--external":
          external = Path.of(args[++i]);
          break;
        case "--out":
          out = Path.of(args[++i]);
          break;
        default:
          if (args[i].startsWith("--")) {
            throw new IllegalArgumentException("unknown option " + args[i]);
          }
          if (!args[i].isEmpty()) {
            filter = args[i];
          }
      }
    }
    SortedSet<String> suites = suites(filter);
    if (list) {
      suites.forEach(System.out::println);
      return;
    }
    if (suites.isEmpty()) {
      throw new IllegalArgumentException("no benchmark matches " + filter);
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    Files.createDirectories(out);
    List<Row> rows = new ArrayList<>();
    for (int threads : threadCounts) {
      rows.addAll(run(filter, threads, quick, out));
    }
    if (external != null) {
      // Only anchors of operations the filter selected: "Sm2Signature.*sign_" has no verify.
      List<Row> measured = new ArrayList<>(rows);
      for (Row r : readExternal(external, suites)) {
        if (measured.stream().anyMatch(m -> m.suite.equals(r.suite)
            && m.operation.equals(r.operation))) {
          rows.add(r);
        }
      }
    }
    String report = render(rows, quick, filter);
    System.out.print(report);
    Files.writeString(out.resolve("report.md"), report, StandardCharsets.UTF_8);
  }

  private static List<Integer> parseThreads(String s) {
    List<Integer> counts = new ArrayList<>();
    for (String t : s.split(",")) {
      int n = Integer.parseInt(t.trim());
      if (n < 1) {
        throw new IllegalArgumentException("thread count must be at least 1: " + s);
      }
      counts.add(n);
    }
    return counts;
  }

  private static SortedSet<String> suites(String filter) {
    SortedSet<String> suites = new TreeSet<>();
    for (BenchmarkListEntry e : BenchmarkList.defaultList().find(
        OutputFormatFactory.createFormatInstance(System.err, VerboseMode.SILENT),
        List.of(filter), List.of())) {
      suites.add(suiteOf(e.getUsername()));
    }
    return suites;
  }

  private static String suiteOf(String benchmark) {
    String s = benchmark.substring(0, benchmark.lastIndexOf('.'));
    return s.substring(s.lastIndexOf('.') + 1);
  }

  private static List<Row> run(String filter, int threads, boolean quick, Path out)
      throws RunnerException {
    Path log = out.resolve("jmh-threads-" + threads + ".log");
    System.out.printf(Locale.ROOT, "JMH, %d thread(s), %s mode; progress in %s%n", threads,
        quick ? "quick" : "full", log);
    ChainedOptionsBuilder options = new OptionsBuilder()
        .include(filter)
        .forks(1)
        .threads(threads)
        .warmupIterations(quick ? 2 : 3)
        .warmupTime(TimeValue.seconds(quick ? 1 : 2))
        .measurementIterations(quick ? 3 : 5)
        .measurementTime(TimeValue.seconds(quick ? 1 : 2))
        .shouldFailOnError(true)
        .resultFormat(ResultFormatType.JSON)
        .result(out.resolve("jmh-threads-" + threads + ".json").toString())
        .output(log.toString());
    List<Row> rows = new ArrayList<>();
    for (RunResult r : new Runner(options.build()).run()) {
      String benchmark = r.getParams().getBenchmark();
      String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
      int underscore = method.indexOf('_');
      if (underscore < 0) {
        throw new IllegalStateException(benchmark + " is not named operation_implementation");
      }
      Result<?> primary = r.getPrimaryResult();
      rows.add(new Row(suiteOf(benchmark), method.substring(0, underscore),
          method.substring(underscore + 1), describe(benchmark, method), threads,
          primary.getScore(), primary.getScoreError()));
    }
    return rows;
  }

  private static String describe(String benchmark, String method) {
    try {
      Class<?> c = Class.forName(benchmark.substring(0, benchmark.lastIndexOf('.')));
      for (Method m : c.getMethods()) {
        if (m.getName().equals(method) && m.isAnnotationPresent(Describe.class)) {
          return m.getAnnotation(Describe.class).value();
        }
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("benchmark class of " + benchmark + " not found", e);
    }
    return method;
  }

  private static String describeSuite(String suite) {
    try {
      Describe d = Class.forName(PACKAGE + suite).getAnnotation(Describe.class);
      return d == null ? suite : suite + ": " + d.value();
    } catch (ClassNotFoundException e) {
      return suite;
    }
  }

  private static List<Row> readExternal(Path file, SortedSet<String> suites) throws IOException {
    List<Row> rows = new ArrayList<>();
    int lineNumber = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t");
      if (f.length != 5) {
        throw new IllegalArgumentException(file + ":" + lineNumber
            + ": expected suite, operation, threads, label, ops/s separated by tabs");
      }
      if (suites.contains(f[0])) {
        rows.add(new Row(f[0], f[1], "external", f[3], Integer.parseInt(f[2]),
            Double.parseDouble(f[4]), Double.NaN));
      }
    }
    return rows;
  }

  private static String render(List<Row> rows, boolean quick, String filter) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Benchmark results\n\n");
    sb.append(String.format(Locale.ROOT, "- date: %s%n", ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))));
    sb.append(String.format(Locale.ROOT, "- JDK: %s %s (%s)%n", System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"), System.getProperty("java.vendor")));
    sb.append(String.format(Locale.ROOT, "- machine: %s %s, %d CPUs visible to the JVM%n",
        System.getProperty("os.name"), System.getProperty("os.arch"),
        Runtime.getRuntime().availableProcessors()));
    sb.append(String.format(Locale.ROOT, "- mode: %s (JMH, 1 fork, %s), filter `%s`%n",
        quick ? "quick" : "full", quick ? "2×1 s warm-up, 3×1 s measured"
            : "3×2 s warm-up, 5×2 s measured", filter));
    sb.append("- ratio: ukey ops/s ÷ the row's ops/s, both measured in this run\n");

    Map<String, List<Row>> bySuite = new LinkedHashMap<>();
    rows.stream()
        .sorted(Comparator.comparing((Row r) -> r.suite))
        .forEach(r -> bySuite.computeIfAbsent(r.suite, k -> new ArrayList<>()).add(r));
    for (Map.Entry<String, List<Row>> suite : bySuite.entrySet()) {
      sb.append("\n## ").append(describeSuite(suite.getKey())).append("\n\n");
      sb.append("| operation | threads | implementation | ops/s | ± (99.9%) | ukey ÷ this |\n");
      sb.append("|---|---:|---|---:|---:|---:|\n");
      List<Row> suiteRows = new ArrayList<>(suite.getValue());
      suiteRows.sort(Comparator.comparing((Row r) -> r.operation)
          .thenComparingInt(r -> r.threads)
          .thenComparing(r -> !r.implementation.equals(SUBJECT))
          .thenComparing(r -> r.implementation.equals("external"))
          .thenComparing(r -> r.implementation));
      for (Row r : suiteRows) {
        Row subject = suiteRows.stream()
            .filter(o -> o.implementation.equals(SUBJECT) && o.operation.equals(r.operation)
                && o.threads == r.threads)
            .findFirst().orElse(null);
        String ratio = r.implementation.equals(SUBJECT) ? "—"
            : subject == null ? "n/a" : String.format(Locale.ROOT, "%.2f×", subject.score / r.score);
        sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s |%n",
            r.operation, r.threads, r.implementation.equals(SUBJECT) ? "**" + r.label + "**"
                : r.label, rate(r.score),
            Double.isNaN(r.error) ? "—" : rate(r.error), ratio));
      }
    }
    return sb.toString();
  }

  /** A rate for the table: whole numbers from 100 up, three significant digits below (a 1 GiB
   * operation runs at a fraction of one per second). */
  static String rate(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros()
        .toPlainString();
  }
}

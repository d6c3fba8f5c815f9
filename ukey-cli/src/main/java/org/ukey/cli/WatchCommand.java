package org.ukey.cli;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ukey.api.TokenEvent;
import org.ukey.api.TokenInfo;
import org.ukey.api.TokenProvider;
import org.ukey.api.TokenWatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ukey watch}: prints token insert and remove events, one line (or one JSON document with
 * {@code --json}) each, until interrupted, or until {@code --count} events or {@code --seconds}
 * have passed. Needs no PIN.
 */
@Command(name = "watch", description = "Print token insert and remove events until"
    + " interrupted.")
final class WatchCommand extends VerbCommand {
  @Option(names = "--count", paramLabel = "N",
      description = "Stop after N events.")
  Integer count;

  @Option(names = "--seconds", paramLabel = "S",
      description = "Stop after S seconds.")
  Integer seconds;

  @Override
  int run(UkeyCommand ukey) throws Exception {
    if ((count != null && count < 1) || (seconds != null && seconds < 1)) {
      throw new CliException("--count and --seconds must be at least 1");
    }
    BlockingQueue<TokenEvent> events = new LinkedBlockingQueue<>();
    try (TokenProvider provider = ukey.providers().open()) {
      TokenWatch watch = provider.watch(events::add);
      ukey.environment().err().println("Watching " + provider.description()
          + " (interrupt to stop).");
      ukey.environment().err().flush();
      long deadline = seconds == null ? Long.MAX_VALUE
          : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int seen = 0;
      while (count == null || seen < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        TokenEvent e = events.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)),
            TimeUnit.NANOSECONDS);
        if (e == null) {
          continue;
        }
        seen++;
        TokenInfo info = e.token().orElse(null);
        Json doc = Json.object()
            .put("event", e.kind().name().toLowerCase(java.util.Locale.ROOT))
            .put("slot", e.slot())
            .put("at", e.at().toString())
            .put("token", info == null ? null : JsonViews.token(info));
        String text = e.at() + " " + e.kind() + " " + e.slot()
            + (info == null ? "" : " '" + info.label() + "' (serial " + info.serialNumber()
                + ", " + info.manufacturer() + " " + info.model() + ")");
        ukey.print(doc, text);
      }
      watch.close();
      return Failures.OK;
    }
  }
}

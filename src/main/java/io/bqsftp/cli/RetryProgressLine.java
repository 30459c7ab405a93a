package io.bqsftp.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The live line of {@code retry} on a terminal: files of the run ready to commit (uploaded from
 * staging and sealed, or already there), MB and elapsed time. Drawn only when a person watches
 * (see {@link TerminalProgress#interactive()}).
 */
final class RetryProgressLine {
  private static final String REDRAW = "\r%s\u001B[K";

  private final String label;
  private final PrintStream out;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private boolean open;

  RetryProgressLine(String label, PrintStream out, LongSupplier nanoTime) {
    this.label = label;
    this.out = out;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
  }

  static String render(String label, int ready, int total, long bytes, long elapsedSeconds) {
    return String.format(Locale.ROOT, "%s: %d of %d file(s) ready, %.1f MB, %s elapsed", label, ready, total,
        bytes / 1_000_000.0, ProgressLine.duration(elapsedSeconds));
  }

  synchronized void filesReady(int ready, int total, long bytes) {
    long elapsed = Math.max(0, nanoTime.getAsLong() - startNanos) / 1_000_000_000L;
    out.print(String.format(REDRAW, render(label, ready, total, bytes, elapsed)));
    out.flush();
    open = true;
  }

  /** Ends the line so the report starts on its own line. */
  synchronized void finish() {
    if (open) {
      out.println();
      out.flush();
      open = false;
    }
  }
}

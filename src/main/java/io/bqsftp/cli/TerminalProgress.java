package io.bqsftp.cli;

import io.bqsftp.contract.RunEvents;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * Redraws one line on a terminal from a run's {@code export.events} ({@code progress} about once a
 * second, {@code finished} once), ending it with a newline. Only attached when a person watches:
 * in a pipe, a log collector or a CronJob, commands print their JSON summary alone.
 */
final class TerminalProgress implements AutoCloseable {
  /** Carriage return, then the line, then ANSI "erase to end of line". */
  private static final String REDRAW = "\r%s\u001B[K";

  private final String exportName;
  private final PrintStream out;
  private final LongSupplier nanoTime;
  private final MessageConsumer<JsonObject> consumer;
  private final ProgressLine line;
  private volatile long estimatedRows = -1;
  private boolean open;

  private TerminalProgress(Vertx vertx, String exportName, String label, PrintStream out, LongSupplier nanoTime) {
    this.exportName = exportName;
    this.out = out;
    this.nanoTime = nanoTime;
    this.line = new ProgressLine(label, nanoTime.getAsLong());
    this.consumer = vertx.eventBus().consumer(RunEvents.ADDRESS, message -> onEvent(message.body()));
  }

  /** True when stdout and stderr go to a terminal (Java 17: {@code System.console()} is null otherwise). */
  static boolean interactive() {
    return System.console() != null;
  }

  /** Follows the runs of {@code exportName}, drawing on {@code out}. */
  static TerminalProgress follow(Vertx vertx, String exportName, String label, PrintStream out, LongSupplier nanoTime) {
    return new TerminalProgress(vertx, exportName, label, out, nanoTime);
  }

  /** The read session's row estimate, when known: adds the share done and an ETA. */
  void estimatedRows(OptionalLong rows) {
    rows.ifPresent(r -> estimatedRows = r);
  }

  private void onEvent(JsonObject event) {
    if (!exportName.equals(event.getString("export_name"))) {
      return;
    }
    String type = event.getString("type", "");
    if (!type.equals("progress") && !type.equals("finished")) {
      return;
    }
    JsonObject progress = event.getJsonObject("progress", new JsonObject());
    draw(progress);
    if (type.equals("finished")) {
      finishLine();
    }
  }

  private synchronized void draw(JsonObject progress) {
    long estimate = estimatedRows;
    String text = line.render(progress.getLong("rows", 0L), progress.getLong("csv_bytes", 0L),
        progress.getInteger("files_landed", 0), estimate > 0 ? OptionalLong.of(estimate) : OptionalLong.empty(),
        nanoTime.getAsLong());
    out.print(String.format(REDRAW, text));
    out.flush();
    open = true;
  }

  private synchronized void finishLine() {
    if (open) {
      out.println();
      out.flush();
      open = false;
    }
  }

  /** Stops following; ends an unfinished line so the next output starts on its own line. */
  @Override
  public void close() {
    consumer.unregister();
    finishLine();
  }
}

package io.bqsftp.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Appends one line per fault-matrix case to {@code target/fault-matrix.tsv}: scenario, runs,
 * rows checked, lost, duplicated, partial files seen, result; the file holds the cases of the last
 * test run. docs/reliability.md's table is copied from it. Skipped cases are not written.
 */
final class MatrixRecorder implements TestWatcher {
  static final Path FILE = Path.of("target", "fault-matrix.tsv");
  static final String HEADER = "scenario\truns\trows_checked\tlost\tduplicated\tpartial_files_seen\tresult\n";

  // The first case written by this JVM (one surefire fork runs the whole matrix) starts the file afresh.
  private static boolean started;

  private FaultRig rig;

  void track(FaultRig rig) {
    this.rig = rig;
  }

  @Override
  public void testSuccessful(ExtensionContext context) {
    write("pass");
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    // AssertJ puts the description first, in brackets: that names the check that failed.
    String message = String.valueOf(cause.getMessage()).strip().lines().findFirst().orElse("")
        .replaceAll("^\\[|[\\]:{ ]+$", "");
    write("FAIL: " + (message.length() > 120 ? message.substring(0, 120) + "..." : message));
  }

  @Override
  public void testAborted(ExtensionContext context, Throwable cause) {
    rig = null;
  }

  @Override
  public void testDisabled(ExtensionContext context, Optional<String> reason) {
    rig = null;
  }

  private void write(String result) {
    FaultRig current = rig;
    rig = null;
    if (current == null) {
      return;
    }
    RowTally t = current.tally();
    String line = String.join("\t", current.scenario(), Integer.toString(current.runs()), Long.toString(t.rows()),
        Long.toString(t.lost()), Long.toString(t.duplicated()), Integer.toString(t.partialFiles()),
        result.replace('\t', ' ')) + "\n";
    try {
      Files.createDirectories(FILE.getParent());
      synchronized (MatrixRecorder.class) {
        if (!started) {
          Files.writeString(FILE, HEADER, StandardCharsets.UTF_8);
          started = true;
        }
        Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + FILE, e);
    }
  }
}

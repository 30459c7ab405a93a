package io.bqsftp.delivery;

import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import io.bqsftp.ledger.Ledger;
import io.bqsftp.ledger.LedgerEntry;
import io.bqsftp.contract.RunStatus;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.LoggerFactory;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * A run's file set as written to the server before its first rename: which sealed temp file
 * becomes which final name, and the manifest and marker to write after them. Whoever holds the
 * lock next can finish an interrupted commit from it alone ({@link SetCommit#rollForward()}).
 *
 * <p>{@code keepOtherParts}: parts of the export and date that the set does not have stay (the
 * export's {@code if_exists} is {@code fail} or {@code skip}); otherwise the commit removes them.
 */
public record CommitJournal(
    String runId,
    String exportName,
    LocalDate runDate,
    String sourceTable,
    String destinationUri,
    Instant startedAt,
    List<Entry> files,
    Optional<String> manifestName,
    Optional<String> manifest,
    Optional<String> doneFile,
    boolean keepOtherParts) {

  /** One part: its sealed temp name and final name, with what the history records of it. */
  public record Entry(String tempName, String name, long rows, long bytes, long csvBytes, String sha256) {}

  /** The journal's hidden name in the export's folder. */
  public static String fileName(String exportName, LocalDate runDate) {
    return ".bqsftp-" + exportName + "-" + runDate.format(DateTimeFormatter.BASIC_ISO_DATE) + ".commit";
  }

  /**
   * The journal of run {@code plan}'s set, with the manifest rendered now (so a roll-forward writes
   * the very same manifest).
   */
  public static CommitJournal of(RunPlan plan, String destinationUri, Instant startedAt, List<Entry> files,
      Instant now) {
    return of(plan, destinationUri, startedAt, files, now, false);
  }

  /** As above; {@code keepOtherParts}: the commit removes no part the set does not have. */
  public static CommitJournal of(RunPlan plan, String destinationUri, Instant startedAt, List<Entry> files,
      Instant now, boolean keepOtherParts) {
    var side = SideFiles.of(plan.export(), plan.runDate());
    return new CommitJournal(plan.runId(), plan.export().name(), plan.runDate(), plan.export().sourceTable(),
        destinationUri, startedAt, files, side.manifest(), side.manifest().map(m -> Manifest.render(plan, files, now)),
        side.done(), keepOtherParts);
  }

  /**
   * Records in the history that this journal's set is visible: each file landed and the run
   * succeeded ({@code event}: {@code committed} for a roll-forward, {@code retried} for a retry's
   * commit, by run {@code byRunId}). Logged, not thrown, when the
   * history cannot be written: the files are there either way.
   */
  public void recordCommitted(Ledger ledger, Clock clock, String byRunId, String event) {
    var now = clock.instant();
    try {
      for (Entry f : files) {
        ledger.fileRecorded(new FileRecord(runId, exportName, runDate, f.name(), f.rows(), f.bytes(), f.sha256(),
            FileState.LANDED, Optional.empty(), Optional.empty(), now));
      }
      ledger.runFinished(new LedgerEntry(runId, exportName, runDate, sourceTable, destinationUri, RunStatus.SUCCEEDED,
          rows(), startedAt, Optional.of(now), Optional.of("committed by " + byRunId), Optional.of(files.size()),
          event, now));
    } catch (IOException | RuntimeException e) {
      LoggerFactory.getLogger(CommitJournal.class).error("cannot record that the set of run {} is visible: {}",
          runId, e.toString());
    }
  }

  public long rows() {
    return files.stream().mapToLong(Entry::rows).sum();
  }

  byte[] toBytes() {
    JsonArray entries = new JsonArray();
    files.forEach(f -> entries.add(new JsonObject().put("temp", f.tempName()).put("name", f.name())
        .put("rows", f.rows()).put("bytes", f.bytes()).put("csv_bytes", f.csvBytes()).put("sha256", f.sha256())));
    return new JsonObject()
        .put("run_id", runId)
        .put("export_name", exportName)
        .put("run_date", runDate.toString())
        .put("source_table", sourceTable)
        .put("destination_uri", destinationUri)
        .put("started_at", startedAt.toString())
        .put("files", entries)
        .put("manifest_name", manifestName.orElse(null))
        .put("manifest", manifest.orElse(null))
        .put("done_file", doneFile.orElse(null))
        .put("keep_other_parts", keepOtherParts)
        .encode()
        .getBytes(StandardCharsets.UTF_8);
  }

  static CommitJournal fromBytes(byte[] bytes) {
    JsonObject json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    List<Entry> files = json.getJsonArray("files").stream().map(JsonObject.class::cast)
        .map(f -> new Entry(f.getString("temp"), f.getString("name"), f.getLong("rows"), f.getLong("bytes"),
            f.getLong("csv_bytes"), f.getString("sha256")))
        .toList();
    return new CommitJournal(json.getString("run_id"), json.getString("export_name"),
        LocalDate.parse(json.getString("run_date")), json.getString("source_table"),
        json.getString("destination_uri"), Instant.parse(json.getString("started_at")), files,
        Optional.ofNullable(json.getString("manifest_name")), Optional.ofNullable(json.getString("manifest")),
        Optional.ofNullable(json.getString("done_file")), json.getBoolean("keep_other_parts", false));
  }
}

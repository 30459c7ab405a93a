package io.bqsftp.recovery;

import io.bqsftp.config.ExportConfig;
import io.bqsftp.delivery.CommitJournal;
import io.bqsftp.delivery.FileNaming;
import io.bqsftp.ledger.FileRecord;
import io.bqsftp.ledger.FileState;
import io.bqsftp.ledger.LedgerEntry;
import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.RemoteFolder;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Compares the latest run of an export and date, as the ledger recorded it, with what the SFTP
 * server holds: recorded files missing or of another size, files of that export and date the
 * ledger does not know, and temp files left by interrupted uploads. Read-only.
 */
public final class RunCheck {
  private final RecoveryServices services;

  public RunCheck(RecoveryServices services) {
    this.services = services;
  }

  /**
   * @throws IllegalArgumentException for an export the config does not know
   * @throws IOException when the ledger cannot be read
   */
  public CheckReport check(String exportName, LocalDate date) throws IOException {
    ExportConfig export = services.config().export(exportName)
        .orElseThrow(() -> new IllegalArgumentException("export_name: unknown export \"" + exportName + "\""));
    RemoteFolder uploader = services.uploader(export);
    Optional<LedgerEntry> run = services.ledger().latestRun(exportName, date);
    List<String> warnings = new ArrayList<>(services.ledger().readWarnings());
    List<String> problems = new ArrayList<>();
    List<FileRecord> files = List.of();
    if (run.isEmpty()) {
      problems.add("no run of " + exportName + " for " + date + " in the ledger");
    } else {
      files = services.ledger().files(run.get().runId());
      warnings.addAll(services.ledger().readWarnings());
      if (!"succeeded".equals(run.get().status().text())) {
        problems.add("run " + run.get().runId() + " is " + run.get().status().text()
            + run.get().errorMessage().map(e -> ": " + e).orElse(""));
      }
    }
    Map<String, RemoteFileInfo> remote = new HashMap<>();
    try {
      uploader.list().forEach(f -> remote.put(f.name(), f));
    } catch (IOException e) {
      problems.add("cannot list " + uploader.directory() + " on the SFTP server: " + e.getMessage());
    }
    var present = new ArrayList<CheckReport.Expected>();
    var missing = new ArrayList<CheckReport.Expected>();
    var wrongSize = new ArrayList<CheckReport.WrongSize>();
    for (FileRecord file : files) {
      if (file.status() == FileState.SKIPPED) {
        continue; // if_exists skip: the file of that name is another's, by design
      }
      var expected = new CheckReport.Expected(file.fileName(), file.bytes(), file.status().text(), file.stagedUri());
      RemoteFileInfo there = remote.get(file.fileName());
      if (there == null || file.status() != FileState.LANDED) {
        // A file that is not recorded as landed counts as missing even if a same-named file is
        // there: that one is not the run's (for instance an older run's file).
        missing.add(expected);
      } else if (there.size() != file.bytes()) {
        wrongSize.add(new CheckReport.WrongSize(file.fileName(), file.bytes(), there.size()));
      } else {
        present.add(expected);
      }
    }
    Set<String> known = files.stream().map(FileRecord::fileName).collect(Collectors.toSet());
    if (remote.containsKey(CommitJournal.fileName(exportName, date))) {
      problems.add("a commit was interrupted (" + CommitJournal.fileName(exportName, date)
          + " is on the server): the next run or `retry` finishes it");
    }
    var names = FileNaming.of(export, date);
    var unexpected = new ArrayList<CheckReport.Remote>();
    var leftovers = new ArrayList<CheckReport.Remote>();
    for (RemoteFileInfo f : remote.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      if (names.isTemp(f.name())) {
        leftovers.add(new CheckReport.Remote(f.name(), f.size()));
      } else if (!known.contains(f.name()) && names.isPart(f.name())) {
        unexpected.add(new CheckReport.Remote(f.name(), f.size()));
      }
    }
    return new CheckReport(exportName, date, run.map(LedgerEntry::runId),
        run.map(r -> r.status().text()).orElse("unknown"), uploader.directory(), present, missing, wrongSize,
        unexpected, leftovers, problems, List.copyOf(new java.util.LinkedHashSet<>(warnings)));
  }
}

package io.bqsftp.delivery;

import io.bqsftp.config.DeliveryConfig;
import io.bqsftp.sftp.RemoteFileInfo;
import io.bqsftp.sftp.RemoteFolder;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a run's sealed parts visible as one set, under the run's lock. The commit writes a journal
 * first (the point of no return), then: removes the previous done marker, renames every part over
 * its final name, removes parts of earlier runs that this set does not have, writes the manifest
 * and the marker last. Every step is idempotent and preceded by {@link RunLock#verifyHeld()}, so a
 * run that lost its lock renames nothing more; an interrupted commit is finished from the journal
 * by whoever holds the lock next ({@link #rollForward()}), or by the same run after a reconnect.
 */
public final class SetCommit {
  private static final Logger LOG = LoggerFactory.getLogger(SetCommit.class);
  private static final int MAX_JOURNAL_BYTES = 16 << 20;

  private final PartDestination folder;
  private final RunLock lock;
  private final FileNaming naming;
  private final String journalName;
  private final String exportName;
  private final RetryPolicy retries;
  private boolean journaled;

  public SetCommit(PartDestination folder, RunLock lock, FileNaming naming, String exportName, LocalDate runDate,
      DeliveryConfig retries, RetryPolicy.Sleeper sleeper) {
    this.folder = folder;
    this.lock = lock;
    this.naming = naming;
    this.journalName = CommitJournal.fileName(exportName, runDate);
    this.exportName = exportName;
    this.retries = new RetryPolicy(retries, sleeper);
  }

  /** Finishes the commit an earlier run left unfinished, if any; returns its journal. */
  public Optional<CommitJournal> rollForward() throws IOException {
    Optional<byte[]> bytes = folder.read(journalName, MAX_JOURNAL_BYTES);
    if (bytes.isEmpty()) {
      return Optional.empty();
    }
    CommitJournal journal;
    try {
      journal = CommitJournal.fromBytes(bytes.get());
    } catch (RuntimeException e) {
      throw new IOException("the commit journal " + journalName + " cannot be read (" + e.getMessage()
          + "): remove it after checking the folder by hand", e);
    }
    LOG.warn("finishing the interrupted commit of run {} ({} file(s))", journal.runId(), journal.files().size());
    journaled = true;
    applyWithRetries(journal);
    return Optional.of(journal);
  }

  /**
   * Removes what dead runs left of this export and date: sealed or half-written temp files,
   * journal and manifest temps. Only the lock holder calls this, so none of them is live; names in
   * {@code keep} (a failed run's sealed parts that a retry commits) stay.
   */
  public void removeLeftovers(Set<String> keep, Optional<String> manifestName, Optional<String> doneFile)
      throws IOException {
    for (RemoteFileInfo file : folder.files()) {
      String name = file.name();
      String target = RemoteFolder.hiddenNameOfTemp(name); // what the temp file was to become, hidden
      if (keep.contains(name) || target == null) {
        continue;
      }
      String visible = target.substring(1);
      if (naming.isPart(visible) || target.equals(journalName) || manifestName.filter(visible::equals).isPresent()
          || doneFile.filter(visible::equals).isPresent()) {
        folder.delete(name);
        LOG.info("removed {}: left by an interrupted run of this export and date", name);
      }
    }
  }

  /**
   * Applies the export's {@code if_exists} to the set about to be published (see {@link ExistingFiles}),
   * from a fresh listing under the lock. Sealed temp files of parts left out ({@code skip}) are deleted:
   * they will never be committed. Publish {@link ExistingFiles.Decision#commit()} with
   * {@code keepOtherParts} unless the policy is {@code replace}.
   *
   * @throws ExistingFiles.ExistException for {@code fail} when a part of the export and date is there;
   *     nothing was changed
   */
  public ExistingFiles.Decision existing(io.bqsftp.config.IfExists policy, List<CommitJournal.Entry> set)
      throws IOException {
    lock.verifyHeld();
    var decision = ExistingFiles.decide(policy, folder.files(), set, naming, exportName);
    for (CommitJournal.Entry skipped : decision.skipped()) {
      try {
        folder.delete(skipped.tempName());
      } catch (IOException e) {
        LOG.info("temp file {} stays until the next run: {}", skipped.tempName(), e.getMessage());
      }
    }
    return decision;
  }

  /**
   * Commits the set: journal, then {@link #apply}. Connection failures are retried from the journal;
   * a lost lock stops at once. After it returns, the set is visible; call {@link #finish} once the
   * history recorded it.
   */
  public void publish(CommitJournal journal) throws IOException {
    lock.verifyHeld();
    folder.writeReplacing(journalName, journal.toBytes());
    journaled = true;
    FaultPoint.reached(FaultPoint.COMMIT_JOURNALED);
    applyWithRetries(journal);
  }

  /** Whether a journal of this commit is on the server: from then on the set is rolled forward, never dropped. */
  public boolean journaled() {
    return journaled;
  }

  /** Removes the journal once the history holds the commit (best effort: a later run re-applies it harmlessly). */
  public void finish() {
    try {
      folder.delete(journalName);
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot remove the commit journal {} (the next run finishes it again): {}", journalName, e.getMessage());
    }
  }

  private void applyWithRetries(CommitJournal journal) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        apply(journal);
        return;
      } catch (RunLock.LostException | InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        if (!retries.tryAgain(attempt, e)) {
          throw new IOException("the commit of run " + journal.runId() + " was interrupted (the next run or retry "
              + "finishes it from " + journalName + "): " + e.getMessage(), e);
        }
        LOG.info("commit of run {} failed ({}); finishing it again in {} ms", journal.runId(), e.getMessage(),
            retries.backoffBefore(attempt + 1).toMillis());
        retries.awaitAttempt(attempt + 1);
      }
    }
  }

  /** The commit's steps; each may have been done before (by a crashed run) and is then skipped. */
  private void apply(CommitJournal journal) throws IOException {
    Map<String, RemoteFileInfo> present = folder.files().stream()
        .collect(Collectors.toMap(RemoteFileInfo::name, Function.identity()));
    if (journal.doneFile().isPresent() && present.containsKey(journal.doneFile().get())) {
      lock.verifyHeld();
      folder.delete(journal.doneFile().get());
    }
    Set<String> names = new HashSet<>();
    for (CommitJournal.Entry file : journal.files()) {
      names.add(file.name());
      if (present.containsKey(file.tempName())) {
        lock.verifyHeld();
        if (folder.rename(file.tempName(), file.name())) {
          FaultPoint.reached(FaultPoint.COMMIT_RENAMED);
          continue;
        }
      }
      RemoteFileInfo landed = folder.files().stream().filter(f -> f.name().equals(file.name())).findFirst().orElse(null);
      if (landed == null || landed.size() != file.bytes()) {
        throw new IOException("cannot commit " + file.name() + ": neither its sealed temp file " + file.tempName()
            + " nor a complete final file is on the server");
      }
    }
    for (String name : List.copyOf(present.keySet())) {
      if (!journal.keepOtherParts() && naming.isPart(name) && !names.contains(name)) {
        lock.verifyHeld();
        folder.delete(name);
        LOG.info("removed {}: a part of an earlier run of this export and date", name);
      }
    }
    if (journal.manifestName().isPresent()) {
      lock.verifyHeld();
      folder.writeReplacing(journal.manifestName().get(), journal.manifest().orElse("").getBytes(
          java.nio.charset.StandardCharsets.UTF_8));
    }
    if (journal.doneFile().isPresent()) {
      lock.verifyHeld();
      folder.writeReplacing(journal.doneFile().get(), new byte[0]);
    }
    FaultPoint.reached(FaultPoint.COMMIT_PUBLISHED);
    LOG.info("run {}: {} file(s) visible as one set", journal.runId(), journal.files().size());
  }
}

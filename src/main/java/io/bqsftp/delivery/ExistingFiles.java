package io.bqsftp.delivery;

import io.bqsftp.contract.RunFailure;
import io.bqsftp.config.IfExists;
import io.bqsftp.sftp.RemoteFileInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Applies an export's {@code if_exists} to a set about to be committed, from one listing of the
 * folder taken under the run's lock just before the journal is written. Only part names of this
 * export and date count ({@link FileNaming#isPart}); other files of the folder are never touched.
 *
 * <ul>
 *   <li>{@code replace}: every part is committed and replaces what is there.
 *   <li>{@code fail}: when any part of the export and date is in the folder — ours from an earlier
 *       run or another producer's, "exists at all" — the run fails before anything is renamed.
 *   <li>{@code skip}: parts whose final name exists are left out of the set; the rest are committed.
 * </ul>
 */
public final class ExistingFiles {
  private ExistingFiles() {}

  /** The parts to commit and those left out because their name exists ({@code skip}). */
  public record Decision(List<CommitJournal.Entry> commit, List<CommitJournal.Entry> skipped) {
    public Set<String> skippedNames() {
      return skipped.stream().map(CommitJournal.Entry::name).collect(Collectors.toSet());
    }
  }

  /** A part name of the export and date is already in the folder and the export says {@code fail}. */
  public static final class ExistException extends RuntimeException implements RunFailure.Classified {
    ExistException(String message) {
      super(message);
    }

    @Override
    public RunFailure.Stage stage() {
      return RunFailure.Stage.EXISTS;
    }
  }

  /**
   * @throws ExistException for {@code fail} when a part of the export and date is present
   */
  static Decision decide(IfExists policy, List<RemoteFileInfo> present, List<CommitJournal.Entry> set,
      FileNaming naming, String exportName) {
    if (policy == IfExists.REPLACE) {
      return new Decision(set, List.of());
    }
    Set<String> parts = present.stream().map(RemoteFileInfo::name).filter(naming::isPart)
        .collect(Collectors.toCollection(TreeSet::new));
    if (policy == IfExists.FAIL) {
      if (!parts.isEmpty()) {
        throw new ExistException("exports." + exportName + ".if_exists is fail and " + parts.size()
            + " file(s) of this export and date are already in the folder (" + String.join(", ", first(parts))
            + "); nothing was renamed: remove them, then `retry` commits this run's parts");
      }
      return new Decision(set, List.of());
    }
    List<CommitJournal.Entry> commit = new ArrayList<>();
    List<CommitJournal.Entry> skipped = new ArrayList<>();
    for (CommitJournal.Entry entry : set) {
      (parts.contains(entry.name()) ? skipped : commit).add(entry);
    }
    return new Decision(List.copyOf(commit), List.copyOf(skipped));
  }

  private static List<String> first(Set<String> names) {
    List<String> shown = names.stream().limit(5).collect(Collectors.toCollection(ArrayList::new));
    if (names.size() > shown.size()) {
      shown.add("...");
    }
    return shown;
  }
}

package io.bqsftp.delivery;

import io.bqsftp.contract.UndeliveredFile;
import io.bqsftp.contract.FileReceipt;
import java.util.Optional;

/**
 * What became of one part: sealed under its hidden temp name (complete, waiting for the set's
 * commit), landed under its final name (after the commit), or neither (then staged at a URI, or,
 * when staging failed as well, lost and in need of a new run). Carries the SHA-256 of the bytes sent.
 */
public record PartOutcome(
    String name,
    State state,
    String tempName,
    String finalPath,
    long rows,
    long bytes,
    long csvBytes,
    String sha256,
    Optional<String> stagedUri,
    Optional<String> error) {

  public enum State { SEALED, LANDED, NOT_LANDED, SKIPPED }

  public static PartOutcome sealed(String name, String tempName, long rows, long bytes, long csvBytes, String sha256) {
    return new PartOutcome(name, State.SEALED, tempName, null, rows, bytes, csvBytes, sha256, Optional.empty(),
        Optional.empty());
  }

  static PartOutcome notLanded(String name, long rows, long bytes, long csvBytes, String sha256,
      Optional<String> stagedUri, String error) {
    return new PartOutcome(name, State.NOT_LANDED, null, null, rows, bytes, csvBytes, sha256, stagedUri,
        Optional.of(error));
  }

  /** The same part after the commit renamed it to {@code path}. */
  public PartOutcome landedAt(String path) {
    return new PartOutcome(name, State.LANDED, null, path, rows, bytes, csvBytes, sha256, Optional.empty(),
        Optional.empty());
  }

  /** The same part left out of the commit: a file of its name was there and if_exists is skip. */
  public PartOutcome skipped() {
    return new PartOutcome(name, State.SKIPPED, null, null, rows, bytes, csvBytes, sha256, Optional.empty(),
        Optional.of("not delivered: a file of this name is already in the folder (if_exists: skip)"));
  }

  public boolean wasSkipped() {
    return state == State.SKIPPED;
  }

  public boolean sealed() {
    return state == State.SEALED;
  }

  public boolean landed() {
    return state == State.LANDED;
  }

  public FileReceipt receipt() {
    return new FileReceipt(name, finalPath, rows, bytes, csvBytes, sha256);
  }

  public CommitJournal.Entry journalEntry() {
    return new CommitJournal.Entry(tempName, name, rows, bytes, csvBytes, sha256);
  }

  /** A part that is not visible: sealed on the server (its temp URI given) or staged elsewhere. */
  public UndeliveredFile staged(String destinationUri) {
    Optional<String> where = sealed() ? Optional.of(destinationUri + "/" + tempName) : stagedUri;
    String why = sealed() ? "uploaded but not committed: the run failed before its set became visible"
        : error.orElse("");
    return new UndeliveredFile(name, rows, bytes, csvBytes, sha256, where, why);
  }
}

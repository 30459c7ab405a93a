package io.bqsftp.ledger;

/**
 * Where one file of a run stands: {@code sealed} complete under a hidden temp name on the SFTP
 * server (its staged URI says where) until the run's set is committed, {@code landed} under its
 * final name, {@code staged} elsewhere for a later retry, or {@code failed} (neither: the run must
 * be run again); {@code skipped}: not delivered because a file of that name was already there and
 * the export's {@code if_exists} is {@code skip}.
 */
public enum FileState {
  SEALED, LANDED, STAGED, FAILED, SKIPPED;

  public String text() {
    return name().toLowerCase();
  }

  public static FileState parse(String text) {
    return valueOf(text.toUpperCase());
  }
}

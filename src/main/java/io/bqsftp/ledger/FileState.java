package io.bqsftp.ledger;

/**
 * Where one file of a run stands: {@code landed} under its final name on the SFTP server,
 * {@code staged} for a later retry, or {@code failed} (neither: the run must be run again).
 */
public enum FileState {
  LANDED, STAGED, FAILED;

  public String text() {
    return name().toLowerCase();
  }

  public static FileState parse(String text) {
    return valueOf(text.toUpperCase());
  }
}

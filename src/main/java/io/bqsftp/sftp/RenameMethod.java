package io.bqsftp.sftp;

import java.io.IOException;
import java.util.EnumSet;
import net.schmizz.sshj.sftp.RenameFlags;
import net.schmizz.sshj.sftp.SFTPClient;

/** How a committed temp file replaces the final name. */
public enum RenameMethod {
  /**
   * posix-rename@openssh.com: one atomic rename(2) that replaces an existing file (OpenSSH, MINA
   * SSHD). sshj sends it for SFTP v3 when asked for {@link RenameFlags#OVERWRITE}.
   */
  POSIX_RENAME,
  /**
   * Plain SFTP v3 RENAME refuses to replace, so remove the old file first. Not atomic: partners
   * may briefly see no file, and a failed rename leaves none.
   */
  REMOVE_THEN_RENAME;

  /** Renames {@code from} to {@code to}, replacing {@code to}; returns the method used. */
  static RenameMethod replace(SftpConnection connection, String from, String to)
      throws IOException {
    SFTPClient sftp = connection.sftp();
    if (connection.supportsPosixRename()) {
      sftp.rename(from, to, EnumSet.of(RenameFlags.OVERWRITE));
      return POSIX_RENAME;
    }
    try {
      sftp.rm(to);
    } catch (IOException e) {
      if (!SftpFailures.isNoSuchFile(e)) {
        throw e;
      }
    }
    sftp.rename(from, to);
    return REMOVE_THEN_RENAME;
  }
}

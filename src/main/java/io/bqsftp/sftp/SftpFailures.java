package io.bqsftp.sftp;

import net.schmizz.sshj.sftp.Response.StatusCode;
import net.schmizz.sshj.sftp.SFTPException;

/** Tells server refusals (connection still fine) from transport trouble (connection suspect). */
public final class SftpFailures {
  private SftpFailures() {}

  /** True when the server answered the request with an error status: the session is intact. */
  static boolean isServerStatus(Throwable e) {
    if (!(e instanceof SFTPException sftp)) {
      return false;
    }
    StatusCode code = sftp.getStatusCode();
    return code != StatusCode.UNKNOWN && code != StatusCode.NO_CONNECTION
        && code != StatusCode.CONNECITON_LOST;
  }

  /** True unless some cause is a status answer of the server: the session itself broke. */
  public static boolean isConnectionFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (isServerStatus(t)) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when the server refused the request for a reason that the same request cannot overcome:
   * permission denied, write-protected, a path that is not a directory, an invalid file name.
   */
  public static boolean isRefusedForGood(Throwable e) {
    if (!(e instanceof SFTPException sftp)) {
      return false;
    }
    StatusCode code = sftp.getStatusCode();
    return code == StatusCode.PERMISSION_DENIED || code == StatusCode.WRITE_PROTECT
        || code == StatusCode.NOT_A_DIRECTORY || code == StatusCode.INVALID_FILENAME;
  }

  static boolean isNoSuchFile(Throwable e) {
    return e instanceof SFTPException sftp
        && (sftp.getStatusCode() == StatusCode.NO_SUCH_FILE
            || sftp.getStatusCode() == StatusCode.NO_SUCH_PATH);
  }
}

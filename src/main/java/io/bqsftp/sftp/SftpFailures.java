package io.bqsftp.sftp;

import net.schmizz.sshj.sftp.Response.StatusCode;
import net.schmizz.sshj.sftp.SFTPException;

/** Tells server refusals (connection still fine) from transport trouble (connection suspect). */
final class SftpFailures {
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

  static boolean isNoSuchFile(Throwable e) {
    return e instanceof SFTPException sftp
        && (sftp.getStatusCode() == StatusCode.NO_SUCH_FILE
            || sftp.getStatusCode() == StatusCode.NO_SUCH_PATH);
  }
}

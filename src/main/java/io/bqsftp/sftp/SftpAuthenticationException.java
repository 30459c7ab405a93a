package io.bqsftp.sftp;

import java.io.IOException;

/** The server refused the configured credentials: retrying will not help. */
public class SftpAuthenticationException extends IOException {
  public SftpAuthenticationException(String message, Throwable cause) {
    super(message, cause);
  }
}

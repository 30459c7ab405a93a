package io.bqsftp.sftp;

import java.io.IOException;

/** The server's host key was not the expected one: retrying will not help. */
public class HostKeyRejectedException extends IOException {
  public HostKeyRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}

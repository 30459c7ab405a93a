package io.bqsftp.sftp;

import java.io.IOException;

/** The server accepts none of the ciphers {@code sftp.ciphers} offers: retrying will not help. */
public class CipherMismatchException extends IOException {
  public CipherMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.bqsftp.config;

import java.util.Optional;

/**
 * {@code exports.<name>.encryption}: encrypt each file for the partner's OpenPGP key, given as a
 * file or inline (armored); exactly one is set. The key was parsed when the configuration loaded.
 */
public record PgpEncryption(Optional<String> publicKeyFile, Optional<Secret> publicKey) {
  /** What encrypted file names get appended. */
  public static final String SUFFIX = ".pgp";
}

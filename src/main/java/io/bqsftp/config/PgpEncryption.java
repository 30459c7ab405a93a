package io.bqsftp.config;

import java.util.Optional;

/**
 * {@code exports.<name>.encryption}: encrypt each file for the partner's OpenPGP key, given as a
 * file or inline (armored); exactly one is set. Optionally signed with our own key (a secret key file
 * and its passphrase). The keys were parsed (and the signing key unlocked) when the configuration loaded.
 */
public record PgpEncryption(Optional<String> publicKeyFile, Optional<Secret> publicKey,
    Optional<String> signingKeyFile, Optional<Secret> signingKeyPassphrase) {

  public PgpEncryption(Optional<String> publicKeyFile, Optional<Secret> publicKey) {
    this(publicKeyFile, publicKey, Optional.empty(), Optional.empty());
  }

  /** What encrypted file names get appended. */
  public static final String SUFFIX = ".pgp";
}

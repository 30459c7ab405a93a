package io.bqsftp.pgp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/** A partner's OpenPGP public key, read from armored or binary key material: its encryption key. */
public final class PgpPublicKey {
  private PgpPublicKey() {}

  /** Reads {@code file}; see {@link #parse(InputStream)}. */
  public static PGPPublicKey fromFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in);
    }
  }

  /** Reads armored text (e.g. {@code gpg --armor --export}); see {@link #parse(InputStream)}. */
  public static PGPPublicKey fromText(String armored) throws IOException {
    return parse(new ByteArrayInputStream(armored.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The key files are encrypted for: of the first key ring, its first usable encryption subkey
   * (gpg's layout: a signing primary key and an encryption subkey), else an encryption-capable
   * primary key. Revoked keys are passed over.
   *
   * @throws IOException naming what is wrong (not key material, no encryption key)
   */
  public static PGPPublicKey parse(InputStream in) throws IOException {
    PGPPublicKeyRingCollection rings;
    try {
      rings = new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(in), new BcKeyFingerprintCalculator());
    } catch (PGPException | RuntimeException e) {
      throw new IOException("not an OpenPGP public key (" + e.getMessage() + ")", e);
    }
    Iterator<PGPPublicKeyRing> it = rings.getKeyRings();
    if (!it.hasNext()) {
      throw new IOException("no OpenPGP public key found (expected `gpg --armor --export` output)");
    }
    PGPPublicKey primary = null;
    for (PGPPublicKey key : (Iterable<PGPPublicKey>) it.next()::getPublicKeys) {
      if (key.hasRevocation() || !key.isEncryptionKey()) {
        continue;
      }
      if (!key.isMasterKey()) {
        return key;
      }
      primary = key;
    }
    if (primary == null) {
      throw new IOException("the OpenPGP key has no usable encryption key (export the key with its encryption subkey)");
    }
    return primary;
  }
}
